"""Time the NER editor on a 100,000-character document with about 2,000 entities.

Run: QT_QPA_PLATFORM=offscreen python bench/editor_large_document.py
Prints the time to open the document, to add one entity (store + redraw), and to paint
the view at scroll positions through the text.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from app.editors import NerEditor
from app.editors.tokenizers import project_tokenizer
from ptcore.records import DocumentRecord, Span
from ptcore.snapping import tokenizer_boundaries
from ptcore.store.project import Project

SENTENCE = "On Monday John Smith 😀 met Mary Jones in Paris, then 张三 flew to 北京 for Acme Corp. "
TARGET_CHARS = 100_000


def large_record() -> DocumentRecord:
    text, spans, labels = "", [], ("PER", "LOC", "ORG")
    while len(text) < TARGET_CHARS:
        offset = len(text)
        for word, label in (("John Smith", 0), ("Paris", 1), ("北京", 1), ("Acme Corp", 2)):
            start = offset + SENTENCE.index(word)
            spans.append(Span(start, start + len(word), labels[label]))
        text += SENTENCE
        if len(text) % 7 == 0:
            text += "\n"
    return DocumentRecord(
        text[:TARGET_CHARS], entities=[s for s in spans if s.end <= TARGET_CHARS][:2000]
    )


def timed(what: str, action) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    action()
    QApplication.processEvents()
    seconds = time.perf_counter() - began
    print(f"{what:<44} {seconds * 1000:8.1f} ms")
    return seconds


def main() -> None:
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp())
    project = Project.create(
        folder / "bench.db", "ner", ["PER", "LOC", "ORG"], base_model=str(folder / "no-model")
    )
    record = large_record()
    project.import_records([record], Path("bench"))
    document_id = project.documents.ids()[0]
    print(f"{len(record.text):,} characters, {len(record.entities):,} entities")
    editor = NerEditor(project, QUndoStack())
    editor.resize(1200, 800)
    editor.show()
    timed("open document (text + highlights)", lambda: editor.set_document(document_id))
    last = record.entities[-1].end + 1
    word = record.text.index("Monday", last)
    editor.view.select_span(word, word + 6)
    timed("add one entity (store, reload, redraw)", lambda: editor.apply_label("ORG"))
    bar = editor.view.verticalScrollBar()
    paints = []
    for step in range(20):
        bar.setValue(bar.maximum() * step // 19)
        paints.append(
            timed(f"scroll to {step * 100 // 19:3d}% and paint", editor.view.viewport().repaint)
        )
    print(
        f"slowest paint {max(paints) * 1000:.1f} ms, mean {sum(paints) / len(paints) * 1000:.1f} ms"
    )
    project.update_info(base_model="")  # the embedded default model, if installed
    timed("load default tokenizer (background in the app)", lambda: project_tokenizer(project))
    timed(
        "tokenize the document (each new document)",
        lambda: tokenizer_boundaries(record.text, project_tokenizer(project)),
    )
    editor.close()
    app.processEvents()


if __name__ == "__main__":
    main()
