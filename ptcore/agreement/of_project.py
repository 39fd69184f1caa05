"""The agreement report of a stored project, from each annotator's view of its documents."""

from __future__ import annotations

from ptcore.agreement.report import AgreementReport
from ptcore.agreement.study import agreement_report
from ptcore.store.project import Project
from ptcore.team.by_annotator import annotations_by_annotator


def project_agreement(project: Project) -> AgreementReport:
    """Unfinished work is read too, so the report can say how many documents it left out."""
    views = annotations_by_annotator(project, finished_only=False)
    return agreement_report(views, project.task, project.labels.names())
