"""Agreement on QA answers: exact match and token F1 between two annotators' answers.

Each question both annotators resolved (answered, or marked as having no answer) is
scored with the project's own answer scoring (SQuAD normalisation, or CMRC's for a
Chinese corpus): the best pair of one annotator's answers against the other's, so the
score is the same whichever of the two is taken as the reference. "No answer" against
"no answer" agrees fully. A question is known across annotators by its place in the
document and its text. Numbers are means over the questions (micro over documents);
with more than two annotators the overall numbers pool every pair's comparisons, and rest
on the questions compared, each counted once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ptcore.agreement.report import Findings, PairAgreement, Scores
from ptcore.agreement.selection import Compared
from ptcore.engine.answer_scoring import answer_scores, corpus_is_chinese
from ptcore.store.views import Document, QuestionView

METRICS = ("exact_match", "f1")

QuestionKey = tuple[int, str]  # a question's place in its document, and its text


@dataclass
class _Sums:
    exact: float = 0.0
    f1: float = 0.0
    comparisons: int = 0  # the denominator of the means
    documents: set[int] = field(default_factory=set)
    questions: set[tuple[int, QuestionKey]] = field(default_factory=set)

    def add(self, other: _Sums) -> None:
        self.exact += other.exact
        self.f1 += other.f1
        self.comparisons += other.comparisons
        self.documents |= other.documents
        self.questions |= other.questions

    def scored(self, document_id: int, key: QuestionKey, exact: float, f1: float) -> None:
        self.exact, self.f1, self.comparisons = (
            self.exact + exact,
            self.f1 + f1,
            self.comparisons + 1,
        )
        self.questions.add((document_id, key))

    def scores(self) -> Scores:
        n = self.comparisons
        values = {"exact_match": self.exact / n if n else None, "f1": self.f1 / n if n else None}
        return Scores(values, len(self.questions), len(self.documents))


def answer_findings(compared: Compared) -> Findings:
    chinese = corpus_is_chinese(
        [
            _answers(v, q)
            for views in compared.documents.values()
            for v in views.values()
            for q in v.questions
        ]
    )
    by_pair = {pair: _pair_sums(compared.shared(*pair), chinese) for pair in compared.pairs}
    overall = _Sums()
    for sums in by_pair.values():
        overall.add(sums)
    pairs = tuple(PairAgreement(a, b, sums.scores()) for (a, b), sums in by_pair.items())
    return Findings(overall.scores(), {}, pairs)


def _pair_sums(shared: list[tuple[Document, Document]], chinese: bool) -> _Sums:
    sums = _Sums()
    for first, second in shared:
        sums.documents.add(first.id)
        theirs = {_key(q): q for q in second.questions if q.resolved}
        for question in first.questions:
            other = theirs.get(_key(question))
            if question.resolved and other is not None:
                exact, f1 = question_scores(first, question, second, other, chinese)
                sums.scored(first.id, _key(question), exact, f1)
    return sums


def question_scores(
    first: Document, mine: QuestionView, second: Document, theirs: QuestionView, chinese: bool
) -> tuple[float, float]:
    """(EM, F1) of the best-matching pair of the two annotators' answers."""
    golds = _answers(first, mine)
    scores = [answer_scores(answer, golds, chinese) for answer in _answers(second, theirs) or [""]]
    return max(s[0] for s in scores), max(s[1] for s in scores)


def _answers(document: Document, question: QuestionView) -> list[str]:
    """The answer texts; none for a question marked as having no answer."""
    if question.no_answer:
        return []
    return [document.text[a.start : a.end] for a in question.answers]


def _key(question: QuestionView) -> QuestionKey:
    return question.position, question.text
