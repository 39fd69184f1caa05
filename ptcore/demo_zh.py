"""The Chinese NER demo: it needs a base model that reads Chinese, and says so instead of
training one that cannot (the embedded MiniLM knows a few hundred CJK characters)."""

from __future__ import annotations

import json
from importlib.resources import as_file
from pathlib import Path

from ptcore.demo import DEMO_DATA
from ptcore.engine.fit_check import DOCS, check_texts, load_fit_model
from ptcore.engine.fit_guard import model_name, percent
from ptcore.errors import UserError
from ptcore.io.registry import read_records
from ptcore.records import Task
from ptcore.store.importing import ImportOptions
from ptcore.store.project import Project

DATA_FILE = DEMO_DATA / "ner-zh.jsonl"
LABELS = ("PER", "ORG", "LOC")


def demo_texts() -> list[str]:
    lines = DATA_FILE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


CLI_HOW = "run: python -m ptcore demo --lang zh --model /path/to/that/folder"
GUI_HOW = "open any project and add the folder in Project ▸ Base model; this demo then uses it"


def require_chinese_model(model: str | Path | None, how: str = CLI_HOW) -> None:
    """Refuse, saying what is needed, unless ``model`` reads the demo's Chinese well."""
    fit = check_texts(demo_texts(), load_fit_model(model or None))
    if fit.verdict == "reads well":
        return
    lost = " ".join(char for char, _ in fit.unreadable[:5])
    raise UserError(
        f"The Chinese demo needs a base model that reads Chinese. {model_name(fit.model)} "
        f"{fit.verdict} it: {percent(fit.unknown_token_share)} of the tokens it sees are the "
        f"unknown token (most often {lost}). Copy a Chinese-capable Hugging Face model folder "
        "to this computer (e.g. bert-base-chinese, chinese-roberta-wwm-ext or xlm-roberta-base) "
        f"and {how}. How to get and place one: {DOCS}."
    )


def first_chinese_model(registered: list[str]) -> str:
    """The first registered folder that reads the demo well; else the refusal for the
    embedded model, saying how to register one."""
    for folder in registered:
        try:
            require_chinese_model(folder)
        except UserError:
            continue
        return folder
    require_chinese_model(None, GUI_HOW)
    return ""  # the embedded model read it: not the case today


def chinese_demo_project(folder: Path, model: str | Path) -> Path:
    """The Chinese demo project on ``model`` in ``folder``, created on first use."""
    path = Path(folder) / f"Demo ner-zh ({Path(model).name}).db"
    if path.exists():
        return path
    partial = path.with_name(path.stem + ".partial.db")
    partial.unlink(missing_ok=True)
    with (
        as_file(DATA_FILE) as source,
        Project.create(
            partial, Task.NER, LABELS, base_model=str(model), name="Demo: ner (Chinese)"
        ) as project,
    ):
        project.import_records(
            read_records(source, Task.NER, "ner-jsonl"), source, ImportOptions(add_labels=True)
        )
    partial.replace(path)
    return path
