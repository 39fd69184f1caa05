"""The fit check on a project, and the refusal to train a model that cannot read the text.

``ensure_model_reads`` is what ``ptcore train`` and the Training panel call before anything
loads the backbone's weights; ``fit_lines`` is the text every surface shows.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from ptcore.db.models import DocumentRow
from ptcore.engine.backbone import default_model_path
from ptcore.engine.fit_check import (
    DOCS,
    REFUSE_UNKNOWN_SHARE,
    FitModel,
    ModelFit,
    check_texts,
    evenly_spaced,
    load_fit_model,
)
from ptcore.errors import ModelCannotRead, UserError
from ptcore.store.project import Project

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2 (embedded)"


def project_model(project: Project) -> str:
    """The project's base model folder ('' means the embedded default)."""
    return project.info().base_model


def sample_texts(project: Project) -> tuple[list[str], int]:
    """The texts of an evenly spaced sample of the project's documents, and how many there
    are in all (QA questions are left out: the passages are most of the text)."""
    with project.Session() as session:
        all_ids = session.scalars(select(DocumentRow.id).order_by(DocumentRow.id)).all()
        ids = evenly_spaced(all_ids)
        rows = session.execute(
            select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(ids))
        ).all()
    by_id = dict(rows)  # type: ignore[arg-type]
    return [by_id[i] for i in ids], len(all_ids)


def check_project(project: Project, model: str | Path | FitModel | None = None) -> ModelFit:
    """The fit of ``model`` (default: the project's own) on the project's text."""
    if not isinstance(model, FitModel):
        model = load_fit_model(model or project_model(project) or None)
    texts, total = sample_texts(project)
    return check_texts(texts, model, total)


def ensure_model_reads(project: Project) -> ModelFit | None:
    """Refuse (``ModelCannotRead``, its message from ``refusal``) when the project's model
    cannot read its text; returns the fit, or None for a project without documents."""
    fit = check_project(project)
    if fit.unknown_token_share > REFUSE_UNKNOWN_SHARE:
        raise ModelCannotRead(refusal(fit), fit)
    return fit if fit.documents else None


def percent(share: float) -> str:
    return f"{100 * share:.1f} %"


def fit_lines(fit: ModelFit) -> list[str]:
    """The check's numbers as short lines, for the CLI, dialogs and tooltips."""
    unreadable = " ".join(f"{char} ({count})" for char, count in fit.unreadable) or "none"
    scripts = ", ".join(f"{name} {percent(share)}" for name, share in fit.scripts.items())
    return [
        f"Unknown tokens: {percent(fit.unknown_token_share)} of {fit.tokens:,} tokens",
        f"Characters inside an unknown token: {percent(fit.unknown_character_share)}",
        f"Most frequent unreadable characters: {unreadable}",
        f"Tokens per character: {fit.tokens_per_character:.2f}, per word: "
        f"{fit.tokens_per_word:.2f}",
        f"Documents longer than the model's {fit.max_length} tokens: "
        f"{percent(fit.truncated_share)}",
        f"Scripts: {scripts or 'no text'}",
        f"Sample: {fit.sampled:,} of {fit.documents:,} documents",
    ]


def model_name(path: str) -> str:
    """A folder's name, or what the embedded default model is called."""
    try:
        default = Path(path) == default_model_path()
    except UserError:
        default = False
    return DEFAULT_MODEL_NAME if default or not path else Path(path).name


def verdict_line(fit: ModelFit) -> str:
    """One sentence: the verdict and the headline number."""
    return (
        f"{model_name(fit.model)} {fit.verdict} this text: "
        f"{percent(fit.unknown_token_share)} of its tokens are the unknown token."
    )


def refusal(fit: ModelFit) -> str:
    """Why training refuses, with the numbers and what to do."""
    return (
        f"The base model cannot read this text: {percent(fit.unknown_token_share)} of the "
        f"tokens it sees are the unknown token (limit {percent(REFUSE_UNKNOWN_SHARE)}), "
        f"{percent(fit.unknown_character_share)} of the characters are lost"
        + (f", most often {' '.join(c for c, _ in fit.unreadable[:5])}" if fit.unreadable else "")
        + ". A model trained on it would learn from noise. Choose a base model that reads "
        "this language (Project ▸ Base model; for Chinese e.g. bert-base-chinese or "
        f"xlm-roberta-base), see {DOCS}, or train anyway."
    )


def import_warning(fit: ModelFit) -> str | None:
    """A warning for imported text the project's model reads badly, or None."""
    if fit.verdict == "reads well":
        return None
    return (
        f"The project's base model {fit.verdict} the imported text: "
        + "; ".join(fit_lines(fit)[:3])
        + f". See {DOCS}."
    )
