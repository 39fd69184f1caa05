"""Whether a project is a team project, and its rules: ``project.settings["team"]`` holds
``{"overlap": N, "gold_rule": "majority" | "annotator:NAME"}``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ptcore.errors import UserError

KEY = "team"
MAJORITY = "majority"
ANNOTATOR_RULE = "annotator:"


@dataclass(frozen=True)
class TeamSettings:
    overlap: int = 1  # how many annotators label each document
    gold_rule: str = MAJORITY  # "majority", or "annotator:NAME": that person's work is gold

    @property
    def gold_annotator(self) -> str | None:
        """The annotator whose work is gold under an "annotator:NAME" rule, else None."""
        if self.gold_rule.startswith(ANNOTATOR_RULE):
            return self.gold_rule.removeprefix(ANNOTATOR_RULE)
        return None

    def as_json(self) -> dict[str, Any]:
        return {"overlap": self.overlap, "gold_rule": self.gold_rule}


def team_settings(project_settings: dict[str, Any]) -> TeamSettings | None:
    """The team rules stored in a project's settings, or None for a single-person project."""
    stored = project_settings.get(KEY)
    if stored is None:
        return None
    if not isinstance(stored, dict):
        raise UserError(f'The project\'s "{KEY}" setting is {stored!r}, not an object.')
    return checked(stored.get("overlap", 1), stored.get("gold_rule", MAJORITY))


def checked(overlap: object, gold_rule: object) -> TeamSettings:
    """Team rules from user input, or a UserError saying what is wrong with them."""
    if not isinstance(overlap, int) or isinstance(overlap, bool) or overlap < 1:
        raise UserError(
            f"The overlap must be a whole number of annotators, 1 or more, not {overlap!r}."
        )
    if not isinstance(gold_rule, str) or not (
        gold_rule == MAJORITY
        or (gold_rule.startswith(ANNOTATOR_RULE) and gold_rule.removeprefix(ANNOTATOR_RULE).strip())
    ):
        raise UserError(
            f'The gold rule must be "{MAJORITY}" or "{ANNOTATOR_RULE}NAME", not {gold_rule!r}.'
        )
    return TeamSettings(overlap, gold_rule)
