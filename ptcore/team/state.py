"""Turning a project into a team project, and where the team stands."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ptcore.db.team_models import AnnotatorDocumentRow
from ptcore.records import Status
from ptcore.store.project import Project
from ptcore.team.review import needs_review
from ptcore.team.settings import KEY, TeamSettings, checked


@dataclass(frozen=True)
class AnnotatorProgress:
    annotator: str
    done: int  # documents finished (labelled)
    skipped: int
    open: int  # claimed or started, not finished


@dataclass(frozen=True)
class TeamState:
    settings: TeamSettings
    annotators: tuple[AnnotatorProgress, ...]
    needs_review: tuple[int, ...]  # document ids


def set_team(project: Project, overlap: int, gold_rule: str) -> TeamSettings:
    """Make the project a team project with these rules (or change them). Existing gold
    annotations stay; open the project again for its stores to follow the new rules."""
    team = checked(overlap, gold_rule)
    project.update_info(settings={KEY: team.as_json()})
    return team


def team_state(project: Project) -> TeamState | None:
    """Each annotator's progress and the documents waiting for review (None: not a team)."""
    if project.team is None:
        return None
    with project.Session() as session:
        rows = session.execute(
            select(AnnotatorDocumentRow.annotator, AnnotatorDocumentRow.status, func.count())
            .group_by(AnnotatorDocumentRow.annotator, AnnotatorDocumentRow.status)
            .order_by(AnnotatorDocumentRow.annotator)
        ).all()
    counts: dict[str, dict[str, int]] = {}
    for annotator, status, count in rows:
        counts.setdefault(annotator, {})[status] = count
    progress = tuple(
        AnnotatorProgress(
            name,
            by.get(Status.LABELED, 0),
            by.get(Status.SKIPPED, 0),
            by.get("claimed", 0) + by.get(Status.UNLABELED, 0),
        )
        for name, by in counts.items()
    )
    return TeamState(project.team, progress, tuple(needs_review(project)))
