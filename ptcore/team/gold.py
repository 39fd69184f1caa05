"""Writing a document's gold layer in a team project: by the project's gold rule after an
annotator's write, or by a review. The gold tables keep their shape, so training, export,
statistics and filters read them as in a single-person project; each gold row's
``annotator`` names who made it ("ann,bob" when several agreed)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from ptcore.db.models import AnswerRow, ClassLabelRow, DocumentRow, EntityRow, LabelRow
from ptcore.db.team_models import ANNOTATOR, AnnotatorDocumentRow, ReviewRow
from ptcore.errors import ValidationError
from ptcore.records import Status
from ptcore.store import validation
from ptcore.store.views import Document
from ptcore.task_shapes import TaskShape
from ptcore.team.changes import GOLD, record_change
from ptcore.team.reading import Work
from ptcore.team.settings import TeamSettings
from ptcore.team.voting import GoldVersion, majority


def apply_gold_rule(
    session: Session, shape: TaskShape, team: TeamSettings, document_id: int, changed_by: str
) -> None:
    """Recompute the document's gold from its finished annotators, unless it was reviewed.
    With no finished annotator, gold the rule wrote before is cleared; gold from elsewhere
    (an import, single-person work) is left alone."""
    if session.get(ReviewRow, document_id) is not None:
        return
    document = document_with_questions(session, document_id, for_update=True)
    finished = _finished_versions(session, document)
    if team.gold_annotator is not None:
        finished = {n: d for n, d in finished.items() if n == team.gold_annotator}
    if not finished and document.version == 0:
        return
    gold = majority(shape, finished)  # one finished version (a named annotator) wins whole
    labeled = bool(finished) and not gold.needs_review
    write_gold(session, document, gold, Status.LABELED if labeled else Status.UNLABELED)
    record_change(session, document_id, GOLD, changed_by)


def write_gold(session: Session, document: DocumentRow, gold: GoldVersion, status: Status) -> None:
    """Replace the document's gold annotations with ``gold``; counts as one gold version."""
    label_ids = dict(session.execute(select(LabelRow.name, LabelRow.id)).all())
    session.execute(delete(ClassLabelRow).where(ClassLabelRow.document_id == document.id))
    session.execute(delete(EntityRow).where(EntityRow.document_id == document.id))
    question_ids = [q.id for q in document.questions]
    session.execute(delete(AnswerRow).where(AnswerRow.question_id.in_(question_ids)))
    for name, makers in gold.labels.items():
        session.add(
            ClassLabelRow(
                document_id=document.id, label_id=_label_id(label_ids, name), annotator=_cut(makers)
            )
        )
    for (start, end, name), makers in gold.entities.items():
        session.add(
            EntityRow(
                document_id=document.id,
                start=start,
                end=end,
                label_id=_label_id(label_ids, name),
                annotator=_cut(makers),
            )
        )
    for question in document.questions:
        question.no_answer = question.id in gold.no_answers
        for (start, end), makers in gold.answers.get(question.id, {}).items():
            session.add(
                AnswerRow(question_id=question.id, start=start, end=end, annotator=_cut(makers))
            )
    document.status = status
    document.version += 1
    session.flush()


def check_version(document: DocumentRow, gold: GoldVersion, shape: TaskShape) -> None:
    """Refuse a gold version that breaks the project's rules (as the annotation store does)."""
    if shape.single_label and len(gold.labels) > 1:
        validation.check_single_label(shape.task, list(gold.labels))
    spans: list[tuple[int, int, str]] = []
    for start, end, label in sorted(gold.entities):
        validation.check_span(document.text, start, end, "entity")
        validation.check_no_overlap(document.text, start, end, spans)
        spans.append((start, end, label))
    known = {q.id for q in document.questions}
    for question_id, answers in gold.answers.items():
        if question_id not in known:
            raise ValidationError(f"Question {question_id} is not in document {document.id}.")
        for start, end in answers:
            validation.check_span(document.text, start, end, "answer")


def _finished_versions(session: Session, document: DocumentRow) -> dict[str, Document]:
    names = session.scalars(
        select(AnnotatorDocumentRow.annotator).where(
            AnnotatorDocumentRow.document_id == document.id,
            AnnotatorDocumentRow.status == Status.LABELED,
        )
    ).all()
    work = Work(session, [document.id])
    return {name: work.view(document, name, Status.LABELED) for name in sorted(names)}


def document_with_questions(
    session: Session, document_id: int, for_update: bool = False
) -> DocumentRow:
    """The document row (locked for the transaction if ``for_update``), with its questions."""
    document = session.get(
        DocumentRow,
        document_id,
        options=[selectinload(DocumentRow.questions)],
        with_for_update=for_update,
    )
    if document is None:
        raise ValidationError(f"Document {document_id} does not exist.")
    return document


def _label_id(label_ids: dict[str, int], name: str) -> int:
    validation.check_labels_known([name], set(label_ids))
    return label_ids[name]


def _cut(makers: str) -> str:
    return makers[:ANNOTATOR]
