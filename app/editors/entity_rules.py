"""The NER editor's rules for the model's suggested entities: which it accepts, which it
refuses because they overlap the person's own entities, and what it says about them.

Qt-free, so the rules are tested without a screen (tests/editors). The store refuses an
overlap too (ptcore/store/validation.py); these rules decide before asking it, so one
clashing suggestion never spoils an "accept all".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.editors.suggestions import SuggestedSpan, overlapped
from app.support.quoting import quote
from ptcore.store.views import Entity

NOTHING_NEW = "The model has no new suggestions for this document."


@dataclass(frozen=True)
class EntityChoice:
    """What "accept all" does: store ``accepted``, leave ``refused`` (they overlap gold)."""

    accepted: list[SuggestedSpan]
    refused: list[SuggestedSpan]


def describe(span: SuggestedSpan | Entity, text: str) -> str:
    return f"{span.label} '{quote(text[span.start : span.end])}'"


def overlap_refusal(suggestion: SuggestedSpan, gold: Sequence[Entity], text: str) -> str | None:
    """Why one suggestion cannot be accepted (it overlaps one of the person's entities), or
    None when it can."""
    conflict = overlapped(suggestion, gold)
    if conflict is None:
        return None
    return (
        f"The model's {describe(suggestion, text)} overlaps your "
        f"{describe(conflict, text)}; delete yours first to accept it."
    )


def choose_entities(suggestions: Sequence[SuggestedSpan], gold: Sequence[Entity]) -> EntityChoice:
    """Accept every suggestion that overlaps none of the person's entities."""
    free = [s for s in suggestions if overlapped(s, gold) is None]
    return EntityChoice(free, [s for s in suggestions if s not in free])


def accept_one_text(suggestion: SuggestedSpan, text: str) -> str:
    """The undo step's name for accepting one suggestion."""
    return f"Accept {describe(suggestion, text)}"


def accept_many_text(accepted: Sequence[SuggestedSpan]) -> str:
    """The undo step's name for accepting several suggestions at once."""
    return f"Accept {len(accepted)} suggestion{'s' * (len(accepted) > 1)}"


def refused_message(refused: Sequence[SuggestedSpan], text: str) -> str:
    names = ", ".join(describe(s, text) for s in refused)
    many = len(refused) > 1
    return (
        f"Skipped {len(refused)} suggestion{'s' * many} that overlap"
        f"{'s' * (not many)} your entities: {names}."
    )


def suggestion_count(
    suggestions: Sequence[SuggestedSpan], gold: Sequence[Entity], has_predictions: bool
) -> str:
    """The line under the entity list: how many suggestions, how many clash with gold."""
    if not has_predictions:
        return ""
    clashes = sum(overlapped(s, gold) is not None for s in suggestions)
    return f"Model suggestions: {len(suggestions)}" + (
        f" ({clashes} overlap yours)" if clashes else ""
    )
