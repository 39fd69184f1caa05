"""Undoable QA actions: questions, answers, "no answer", accepted suggested answers."""

from __future__ import annotations

from dataclasses import dataclass

from app.support.quoting import quote
from app.undo.base import ANSWER, QUESTION, AnnotationCommand, Annotations, Ref
from ptcore.store import accepting


class AddQuestion(AnnotationCommand):
    def __init__(self, annotations: Annotations, document_id: int, text: str) -> None:
        super().__init__(annotations, document_id, f"Add question '{quote(text)}'")
        self.question_text = text
        self.question: Ref | None = None

    def changed_question(self) -> int | None:
        return self.question.id if self.question is not None else None

    def apply(self) -> None:
        row_id = self.store.add_question(self.document_id, self.question_text)
        self.question = self.annotations.created(self.question, QUESTION, row_id)

    def revert(self) -> None:
        assert self.question is not None
        self.store.delete_question(self.question.id)
        self.annotations.deleted(self.question)


class EditQuestion(AnnotationCommand):
    def __init__(
        self, annotations: Annotations, document_id: int, question: Ref, old: str, new: str
    ) -> None:
        super().__init__(annotations, document_id, f"Edit question '{quote(new)}'")
        self.question, self.old, self.new = question, old, new

    def changed_question(self) -> int | None:
        return self.question.id

    def apply(self) -> None:
        self.store.edit_question(self.question.id, self.new)

    def revert(self) -> None:
        self.store.edit_question(self.question.id, self.old)


class _RestoresAnswers(AnnotationCommand):
    """Remembers a question's answers so that an undo can store them again."""

    question: Ref

    def remember(self, answers: list[tuple[Ref, int, int]]) -> None:
        self.answers = answers

    def changed_question(self) -> int | None:
        return self.question.id

    def changed_spans(self) -> list[tuple[int, int]]:
        return [(start, end) for _ref, start, end in self.answers]

    def restore_answers(self, question: Ref) -> None:
        for ref, start, end in self.answers:
            self.annotations.created(ref, ANSWER, self.store.add_answer(question.id, start, end))


class DeleteQuestion(_RestoresAnswers):
    """Delete a question with its answers; undo stores it again at ``index`` in the list."""

    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        question: Ref,
        index: int,
        text: str,
        no_answer: bool,
        answers: list[tuple[Ref, int, int]],
    ) -> None:
        super().__init__(annotations, document_id, "Delete question")
        self.question, self.index = question, index
        self.question_text, self.no_answer = text, no_answer
        self.remember(answers)

    def apply(self) -> None:
        self.store.delete_question(self.question.id)
        self.annotations.deleted(self.question)
        for ref, _start, _end in self.answers:
            self.annotations.deleted(ref)

    def revert(self) -> None:
        row_id = self.store.add_question(self.document_id, self.question_text, self.index)
        self.annotations.created(self.question, QUESTION, row_id)
        self.restore_answers(self.question)
        if self.no_answer:
            self.store.set_no_answer(self.question.id, True)


class AddAnswer(AnnotationCommand):
    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        question: Ref,
        span: tuple[int, int],
        covered: str,
        was_no_answer: bool,
    ) -> None:
        super().__init__(annotations, document_id, f"Add answer '{quote(covered)}'")
        self.question, self.span, self.was_no_answer = question, span, was_no_answer
        self.answer: Ref | None = None

    def changed_question(self) -> int | None:
        return self.question.id

    def changed_spans(self) -> list[tuple[int, int]]:
        return [self.span]

    def apply(self) -> None:
        row_id = self.store.add_answer(self.question.id, *self.span)
        self.answer = self.annotations.created(self.answer, ANSWER, row_id)

    def revert(self) -> None:
        assert self.answer is not None
        self.store.remove_answer(self.answer.id)
        self.annotations.deleted(self.answer)
        if self.was_no_answer:
            self.store.set_no_answer(self.question.id, True)


class RemoveAnswer(AnnotationCommand):
    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        question: Ref,
        answer: Ref,
        span: tuple[int, int],
        covered: str,
    ) -> None:
        super().__init__(annotations, document_id, f"Remove answer '{quote(covered)}'")
        self.question, self.answer, self.span = question, answer, span

    def changed_question(self) -> int | None:
        return self.question.id

    def changed_spans(self) -> list[tuple[int, int]]:
        return [self.span]

    def apply(self) -> None:
        self.store.remove_answer(self.answer.id)
        self.annotations.deleted(self.answer)

    def revert(self) -> None:
        row_id = self.store.add_answer(self.question.id, *self.span)
        self.annotations.created(self.answer, ANSWER, row_id)


class SetNoAnswer(_RestoresAnswers):
    """Mark a question unanswerable (dropping its answers), or answerable again."""

    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        question: Ref,
        no_answer: bool,
        answers: list[tuple[Ref, int, int]],
    ) -> None:
        text = "Mark no answer" if no_answer else "Mark answerable"
        super().__init__(annotations, document_id, text)
        self.question, self.no_answer = question, no_answer
        self.remember(answers)

    def apply(self) -> None:
        self.store.set_no_answer(self.question.id, self.no_answer)
        if self.no_answer:
            for ref, _start, _end in self.answers:
                self.annotations.deleted(ref)

    def revert(self) -> None:
        self.store.set_no_answer(self.question.id, not self.no_answer)
        if self.no_answer:
            self.restore_answers(self.question)


# Accepting the model's suggestions: stored with source "model"; undo removes them. ----------


@dataclass
class SuggestedAnswer:
    """A question's suggested answer span, or ``span=None``: it has no answer."""

    question: Ref
    span: tuple[int, int] | None
    was_no_answer: bool = False
    answer: Ref | None = None


class AcceptAnswers(AnnotationCommand):
    def __init__(
        self, annotations: Annotations, document_id: int, answers: list[SuggestedAnswer], text: str
    ) -> None:
        super().__init__(annotations, document_id, text)
        self.answers = answers

    def changed_question(self) -> int | None:
        return self.answers[0].question.id if self.answers else None

    def changed_spans(self) -> list[tuple[int, int]]:
        return [item.span for item in self.answers if item.span is not None]

    def apply(self) -> None:
        spans = [(item.question.id, item.span) for item in self.answers]
        row_ids = accepting.add_answers(self.store, spans)  # all or none
        for item, row_id in zip(self.answers, row_ids, strict=True):
            if row_id is not None:
                item.answer = self.annotations.created(item.answer, ANSWER, row_id)

    def revert(self) -> None:
        for item in reversed(self.answers):
            if item.span is None:
                self.store.set_no_answer(item.question.id, False)
                continue
            assert item.answer is not None
            self.store.remove_answer(item.answer.id)
            self.annotations.deleted(item.answer)
            if item.was_no_answer:
                self.store.set_no_answer(item.question.id, True)
