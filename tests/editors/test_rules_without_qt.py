"""The editors' rule modules load without Qt: they are data rules, not widgets."""

from __future__ import annotations

import os
import subprocess
import sys

RULE_MODULES = ["app.editors.suggestions", "app.editors.entity_rules", "app.editors.answer_rules"]


def test_rule_modules_import_no_qt() -> None:
    code = (
        "import sys\n"
        f"for name in {RULE_MODULES!r}: __import__(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ)
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"
