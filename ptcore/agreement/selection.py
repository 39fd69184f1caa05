"""Which documents and annotator pairs an agreement study compares.

Only a document an annotator *finished* (status "labeled") counts as that annotator's
judgement: half-done work would read as disagreement. A document counts when at least two
annotators finished it; the others are left out of every number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from ptcore.records import Status
from ptcore.store.views import Document

# document id -> annotator -> that annotator's view of the document
Views = Mapping[int, Mapping[str, Document]]


@dataclass(frozen=True)
class Compared:
    """The finished views of the documents at least two annotators finished."""

    documents: dict[int, dict[str, Document]]
    annotators: tuple[str, ...]
    annotated: int  # documents in the views given, finished or not

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Each pair of annotators that finished at least one document in common."""
        return [
            (first, second)
            for first, second in combinations(self.annotators, 2)
            if any(first in views and second in views for views in self.documents.values())
        ]

    def shared(self, first: str, second: str) -> list[tuple[Document, Document]]:
        """The two annotators' views of each document both finished, by document id."""
        return [
            (views[first], views[second])
            for _, views in sorted(self.documents.items())
            if first in views and second in views
        ]


def compared_documents(views: Views) -> Compared:
    documents: dict[int, dict[str, Document]] = {}
    for document_id, by_annotator in views.items():
        finished = {
            name: view for name, view in by_annotator.items() if view.status == Status.LABELED
        }
        if len(finished) >= 2:
            documents[document_id] = finished
    annotators = sorted({name for finished in documents.values() for name in finished})
    return Compared(documents, tuple(annotators), annotated=len(views))
