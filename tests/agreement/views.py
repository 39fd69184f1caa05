"""Hand-built annotator views of documents, for agreement tests without a database."""

from __future__ import annotations

from ptcore.store.views import AnswerView, ClassLabel, Document, Entity, QuestionView


def labelled(document_id: int, *labels: str, status: str = "labeled") -> Document:
    chosen = tuple(ClassLabel(i, name, "human") for i, name in enumerate(labels))
    return Document(document_id, f"text {document_id}", "train", status, None, class_labels=chosen)


def spanned(document_id: int, *spans: tuple[int, int, str], status: str = "labeled") -> Document:
    entities = tuple(
        Entity(i, start, end, label, "human") for i, (start, end, label) in enumerate(spans)
    )
    return Document(document_id, "x" * 100, "train", status, None, entities=entities)


def answered(text: str, *answers: str | None, document_id: int = 1) -> Document:
    """One question per answer: its text found in ``text``, or None for "no answer"."""
    questions = []
    for position, answer in enumerate(answers):
        spans = (
            ()
            if answer is None
            else (AnswerView(0, text.index(answer), text.index(answer) + len(answer), "human"),)
        )
        questions.append(QuestionView(position, f"q{position}?", answer is None, position, spans))
    return Document(document_id, text, "train", "labeled", None, questions=tuple(questions))
