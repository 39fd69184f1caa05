"""What ``ptcore --help`` says that a table elsewhere decides: the version, what each preset
sets, each setting's default per task, and the file formats per task. Generated from those
tables, so the help cannot drift from what the code does."""

from __future__ import annotations

import textwrap
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Literal

from ptcore.engine.settings import PRESETS, default_settings, help_text
from ptcore.errors import UserError
from ptcore.io.format_table import FORMATS
from ptcore.records import Task

Direction = Literal["import", "export"]
DEFAULT_PRESET = "balanced"
PROJECT_HELP = (
    "a project file (PROJECT.db), or a database on a PostgreSQL server: "
    "postgresql://USER@HOST[:PORT]/DATABASE (the password from PGPASSWORD or ~/.pgpass)"
)


def package_version() -> str:
    try:
        return version("ptuning-studio")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def preset_help() -> str:
    """What each preset changes from the task's defaults (the default preset's settings)."""
    described = "; ".join(f"{preset}: {_preset_changes(preset)}" for preset in PRESETS)
    return f"training preset (default: {DEFAULT_PRESET}). {described}"


def _preset_changes(preset: str) -> str:
    """``epochs 10 (ner: 30), patience 3``: each setting the preset moves for some task."""
    moved = {task: default_settings(task, preset) for task in Task}
    changes = []
    for name in _moved_by(preset):
        common, others = _per_task({task: getattr(moved[task], name) for task in Task})
        changes.append(f"{name.replace('_', '-')} {common}" + (f" ({others})" if others else ""))
    return ", ".join(changes) or "the task's defaults"


def _moved_by(preset: str) -> list[str]:
    """The settings ``preset`` gives another value than the default preset, for some task."""
    base = {task: default_settings(task).to_dict() for task in Task}
    moved = {task: default_settings(task, preset).to_dict() for task in Task}
    return [name for name in base[Task.NER] if any(base[t][name] != moved[t][name] for t in Task)]


def setting_help(name: str, text: str = "") -> str:
    """A setting's help ``text`` (default: the field's), its default per task, and which
    presets change it."""
    common, others = _per_task({task: getattr(default_settings(task), name) for task in Task})
    default = f"default: {common}" + (f"; {others}" if others else "")
    presets = "/".join(preset for preset in PRESETS if name in _moved_by(preset))
    if presets:
        default += f"; --preset {presets} change{'s' if '/' not in presets else ''} it"
    return f"{text or help_text(name)} ({default})".replace("%", "%%")


def _per_task(values: dict[Task, Any]) -> tuple[str, str]:
    """``("5", "ner: 15")``: the most common value, and the tasks whose value differs."""
    common = max(values.values(), key=list(values.values()).count)
    others = ", ".join(f"{task}: {_shown(v)}" for task, v in values.items() if v != common)
    return _shown(common), others


def _shown(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def formats_for(task: Task | str, direction: Direction) -> list[str]:
    """The formats a project of ``task`` can import (or export)."""
    side = "reader" if direction == "import" else "writer"
    return sorted(
        name
        for name, spec in FORMATS.items()
        if Task(task) in spec.tasks and getattr(spec, side) is not None
    )


def formats_epilog(direction: Direction) -> str:
    """The ``--format`` names by project task, one task a paragraph."""
    lines = [f"--format names a project of each task can {direction}:"]
    for task in Task:
        lines.append(
            textwrap.fill(
                ", ".join(formats_for(task, direction)),
                width=78,
                initial_indent=f"  {task:<16}",
                subsequent_indent=" " * 18,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)


def require_format(name: str | None, task: Task | str, direction: Direction) -> None:
    """Refuse a ``--format`` that a project of ``task`` cannot use, listing the ones it can."""
    fitting = formats_for(task, direction)
    if name is None or name in fitting:
        return
    spec = FORMATS.get(name)
    if spec is None:
        why = f'unknown format "{name}"'
    elif Task(task) not in spec.tasks:
        why = f"{name} files hold {' or '.join(sorted(spec.tasks))} data, not {task}"
    else:
        why = f"{name} files cannot be {direction}ed"
    raise UserError(f"{why}; a {task} project can {direction}: {', '.join(fitting)}")
