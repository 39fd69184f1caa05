"""fastText's classification files: ``__label__pos __label__funny the text`` per line.

Every leading word that starts with ``__label__`` is a label (several make a
multi-label example); the rest of the line is the text. A line without one is an
unlabeled document. (https://fasttext.cc/docs/en/supervised-tutorial.html)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ptcore.errors import UserError
from ptcore.io.checks import checked_labels
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, iter_text_lines, open_output
from ptcore.records import DocumentRecord

PREFIX = "__label__"


def read_fasttext(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    for number, line in iter_text_lines(path, report):
        if not line.strip():
            continue
        words = line.split()
        labels = []
        while words and words[0].startswith(PREFIX):
            labels.append(words.pop(0).removeprefix(PREFIX))
        text = " ".join(words)
        place = Place(path, number)
        if not text:
            raise place.error("the line has labels but no text")
        yield DocumentRecord(
            text, labels=checked_labels(labels, place), labeled=bool(labels), line=number
        )


def write_fasttext(records: Iterable[DocumentRecord], path: Path) -> int:
    """Labels first, then the text on one line; a label with a space cannot be written."""
    count = 0
    with open_output(path) as out:
        for record in records:
            out.write(" ".join([*map(_label_word, record.labels), *record.text.split()]) + "\n")
            count += 1
    return count


def _label_word(label: str) -> str:
    if any(char.isspace() for char in label):
        raise UserError(f'the label "{label}" has a space, which fastText files cannot hold')
    return PREFIX + label
