"""Render docs/editor-*.png from realistic demo projects (offscreen)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.editors import editor_for_task  # noqa: E402
from app.widgets.theme import apply_theme  # noqa: E402
from ptcore.records import Answer, DocumentRecord, Question, Span  # noqa: E402
from ptcore.store.project import Project  # noqa: E402

EN = (
    "On Tuesday, Angela Merkel met Emmanuel Macron in Paris to discuss the future of the "
    "European Union. Later that week, Siemens announced a new research centre in Munich, "
    "and Deutsche Bank said it would move 200 jobs to Frankfurt.\n\n"
    "Meanwhile in New York, the United Nations opened its annual climate summit, where "
    "Greta Thunberg gave a short speech."
)
ZH = (
    "2024年3月，张伟代表华为技术有限公司前往上海，与复旦大学的李娜教授签署了合作协议。"
    "随后，他们在北京参加了由中国科学院主办的人工智能论坛。\n\n"
    "据新华社报道，阿里巴巴也宣布将在杭州建立新的研发中心。"
)
QA_CONTEXT = (
    "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. "
    "It is named after the engineer Gustave Eiffel, whose company designed and built the tower "
    'from 1887 to 1889. Locally nicknamed "La dame de fer" (French for "Iron Lady"), it was '
    "constructed as the centrepiece of the 1889 World's Fair."
)


def spans(text: str, marks: list[tuple[str, str]]) -> list[Span]:
    return [Span(text.index(w), text.index(w) + len(w), label) for w, label in marks]


def save(editor, name: str) -> None:  # type: ignore[no-untyped-def]
    editor.resize(1100, 560)
    editor.show()
    QApplication.processEvents()
    editor.grab().save(str(ROOT / "docs" / name))


def open_editor(folder: Path, task: str, labels: list[str], record: DocumentRecord):  # type: ignore[no-untyped-def]
    project = Project.create(
        folder / f"{task}-{len(list(folder.iterdir()))}.db",
        task,
        labels,
        base_model=str(folder / "none"),
    )
    project.import_records([record], Path("demo"))
    editor = editor_for_task(task)(project, QUndoStack())
    editor.set_document(project.documents.ids()[0])
    return editor


def main() -> None:
    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    folder = Path(tempfile.mkdtemp())
    review = (
        "这部电影的画面非常精美，演员的表演也很自然。The soundtrack is wonderful, although "
        "the second half drags a little and the ending feels rushed."
    )
    editor = open_editor(
        folder,
        "multilabel",
        ["plot", "acting", "visuals", "music", "pacing"],
        DocumentRecord(review, labels=["acting", "visuals", "music"]),
    )
    save(editor, "editor-classification.png")
    ner_labels = ["PER", "ORG", "LOC", "DATE", "MISC"]
    en = spans(
        EN,
        [
            ("Angela Merkel", "PER"),
            ("Emmanuel Macron", "PER"),
            ("Paris", "LOC"),
            ("European Union", "ORG"),
            ("Siemens", "ORG"),
            ("Munich", "LOC"),
            ("Deutsche Bank", "ORG"),
            ("Frankfurt", "LOC"),
            ("New York", "LOC"),
            ("United Nations", "ORG"),
            ("Greta Thunberg", "PER"),
            ("Tuesday", "DATE"),
        ],
    )
    editor = open_editor(folder, "ner", ner_labels, DocumentRecord(EN, entities=en))
    editor.select_entity(editor.document.entities[1].id)
    editor.view.select_span(EN.index("climate summit"), EN.index("climate summit") + 14)
    save(editor, "editor-ner.png")
    zh = spans(
        ZH,
        [
            ("2024年3月", "DATE"),
            ("张伟", "PER"),
            ("华为技术有限公司", "ORG"),
            ("上海", "LOC"),
            ("复旦大学", "ORG"),
            ("李娜", "PER"),
            ("北京", "LOC"),
            ("中国科学院", "ORG"),
            ("新华社", "ORG"),
            ("阿里巴巴", "ORG"),
            ("杭州", "LOC"),
        ],
    )
    editor = open_editor(folder, "ner", ner_labels, DocumentRecord(ZH, entities=zh))
    save(editor, "editor-ner-zh.png")
    when = QA_CONTEXT.index("1887 to 1889")
    who = QA_CONTEXT.index("Gustave Eiffel")
    where = QA_CONTEXT.index("Champ de Mars in Paris, France")
    questions = [
        Question("Who is the tower named after?", [Answer(who, who + 14)]),
        Question("When was the tower built?", [Answer(when, when + 12)]),
        Question(
            "Where is the Eiffel Tower?",
            [
                Answer(where, where + 30),
                Answer(QA_CONTEXT.index("Paris"), QA_CONTEXT.index("Paris") + 5),
            ],
        ),
        Question("How tall is the tower?", no_answer=True),
        Question("What is its nickname?"),
    ]
    editor = open_editor(folder, "qa", [], DocumentRecord(QA_CONTEXT, questions=questions))
    editor.select_question(editor.document.questions[2].id)
    save(editor, "editor-qa.png")


if __name__ == "__main__":
    main()
