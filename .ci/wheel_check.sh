#!/usr/bin/env bash
# The package works without the checkout: build the wheel, install it into a fresh virtual
# environment in a temporary folder, and from there run `ptcore demo` and build the GUI's start
# page offscreen (its icons and the demo data are package data).
#
# PYTHON: the environment that builds the wheel and lends its dependencies (default: the
# checkout's .venv, which .ci/run makes). Its site-packages is appended to the fresh
# environment's path, so torch, PySide6 and the default model are not installed twice (its .pth
# files, the checkout's editable install among them, are not run); `pip check` then holds the
# wheel's requirements against them. WHEEL_CHECK_FULL=1 installs them from the package index
# instead (torch==2.13.0 as the README does): 12.6 min against 2.1 min here, both measured on
# the shared 2-core machine under load.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_PYTHON="${PYTHON:-.venv/bin/python}"  # not resolved: a venv's python is a symlink
[[ "$BUILD_PYTHON" = /* ]] || BUILD_PYTHON="$PWD/$BUILD_PYTHON"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
say() { echo "wheel-check: $*"; }

# A copy of the sources git knows of (tracked or not ignored): no stale build/ folder leaks in.
mkdir "$WORK/src"
git ls-files -z --cached --others --exclude-standard |
  tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$WORK/src"
"$BUILD_PYTHON" -m pip wheel -q --no-deps -w "$WORK/dist" "$WORK/src"
WHEEL="$(ls "$WORK"/dist/ptuning_studio-*.whl)"
say "built $(basename "$WHEEL")"

if [ "${WHEEL_CHECK_FULL:-}" = 1 ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install -q torch==2.13.0 "$WHEEL[default-model]"
else
  # No pip or setuptools of its own: they would shadow the lent ones. The lent pip installs.
  python3 -m venv --without-pip "$WORK/venv"
  lent="$("$BUILD_PYTHON" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
  own="$("$WORK/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
  echo "$lent" >"$own/lent-dependencies.pth"
  PIP=("$BUILD_PYTHON" -m pip --python "$WORK/venv/bin/python")
  # --force-reinstall: the lent environment may hold the checkout's editable install, which
  # pip leaves where it is ("Not uninstalling ... outside environment").
  "${PIP[@]}" install -q --no-deps --force-reinstall "$WHEEL" >"$WORK/pip.log" 2>&1 ||
    { cat "$WORK/pip.log"; exit 1; }
  "${PIP[@]}" check >/dev/null || { "${PIP[@]}" check; exit 1; }
fi
say "installed into a fresh environment"

cd "$WORK"  # outside the checkout, and nothing of it on the path
unset PYTHONPATH
export QT_QPA_PLATFORM=offscreen
venv/bin/python -c "import app, ptcore, sys; assert all(
    m.__file__.startswith(sys.prefix) for m in (app, ptcore)), (app.__file__, ptcore.__file__)"
venv/bin/ptcore --version
venv/bin/ptcore demo --task classification --dir "$WORK/demo" --minutes 0.2 --show 1
venv/bin/python - <<'EOF'
from PySide6.QtWidgets import QApplication

from app.project.start_page import StartPage
from app.widgets import theme

app = QApplication([])
theme.apply_theme(app)
assert not app.windowIcon().isNull(), "no application icon"
page = StartPage([])
page.show()
app.processEvents()
blank = [button.text() for button in page.demo_buttons.values() if button.icon().isNull()]
assert not blank, f"demo buttons without icons: {blank}"
print(f"wheel-check: start page built with the window icon and {len(page.demo_buttons)} icons")
EOF
