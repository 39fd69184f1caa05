"""Render docs/predictions-*.png: the main window with a model's predictions (offscreen).

The predictions are written straight into the demo projects (no training): a stand-in
"model" that knows the demo's names and answers, with made-up confidences.
"""

from __future__ import annotations

import os
import sys
import tempfile
import zlib
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEvent, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.main_window import MainWindow  # noqa: E402
from app.messages import MessageBridge  # noqa: E402
from app.settings import AppSettings  # noqa: E402
from app.theme import apply_theme  # noqa: E402
from ptcore.demo import demo_project  # noqa: E402
from ptcore.engine.decoding import disagrees  # noqa: E402
from ptcore.records import DocumentRecord  # noqa: E402
from ptcore.store.project import Project, to_record  # noqa: E402
from ptcore.store.views import Prediction  # noqa: E402

NAMES = {
    "PER": ["Angela Merkel", "Emmanuel Macron", "Satya Nadella", "Marie Curie", "Elon Musk",
            "Lionel Messi", "Jacinda Ardern", "Greta Thunberg", "Barack Obama", "Taylor Swift",
            "Ada Lovelace", "Pablo Picasso", "Rafael Nadal", "李白", "鲁迅", "周杰伦", "马云",
            "张伟", "王芳", "姚明", "刘慈欣", "李娜", "Serena Williams"],
    "ORG": ["Microsoft", "University of Paris", "Tesla", "Amazon", "NASA", "Goldman Sachs",
            "Oxford University Press", "Apple", "United Nations", "Toyota", "Samsung", "Sony",
            "BBC", "Harvard University", "World Health Organization", "华为", "腾讯", "小米公司",
            "阿里巴巴", "清华大学", "北京大学", "中国银行", "比亚迪", "Inter Miami"],
    "LOC": ["Paris", "Redmond", "Melbourne", "Berlin", "Seattle", "Dublin", "Wellington",
            "Florida", "Singapore", "Oxford", "London", "Geneva", "Kentucky", "Stockholm",
            "Tokyo", "Nashville", "Barcelona", "Mallorca", "深圳", "绍兴", "武汉", "南京",
            "曲阜", "台北", "杭州", "北京", "上海", "休斯顿", "西安", "香港", "碎叶城"],
}
NEWS = (
    "On Tuesday, Angela Merkel met Emmanuel Macron in Paris to discuss the future of the "
    "European Union. Later that week, Siemens announced a new research centre in Munich, "
    "and Deutsche Bank said it would move 200 jobs to Frankfurt."
)
NAMES["ORG"] += ["European Union", "Deutsche Bank"]
NAMES["LOC"] += ["Munich", "Frankfurt"]
ANSWERS = ["between 1368 and 1644", "20,000 kilometres", "radioactivity", "a Nobel Prize",
           "Guido van Rossum", "1991", "Atlantic Ocean", "Peru, Colombia and Brazil",
           "超过两万公里", "明朝", "浙江省", "2011年", "西湖", "诗仙", "唐朝", "竹子",
           "四川、陕西和甘肃"]


def sure(key: str, low: float = 0.35) -> float:
    """A made-up but stable confidence between ``low`` and 0.99."""
    return round(low + (zlib.crc32(key.encode()) % 1000) / 1000 * (0.99 - low), 2)


def ner_payload(text: str) -> dict:  # type: ignore[type-arg]
    found = []
    for label, names in NAMES.items():
        for name in names:
            start = text.find(name)
            if start >= 0 and not any(s < start + len(name) and start < e for s, e, *_ in found):
                found.append([start, start + len(name), label, sure(text + name, 0.5)])
    if "Siemens announced" in text:  # the model reads too much as the organisation
        start = text.index("Siemens announced")
        found.append([start, start + 17, "ORG", 0.41])
    return {"entities": sorted(found)}


def classification_payload(text: str) -> dict:  # type: ignore[type-arg]
    bad = any(w in text.lower() for w in ("broken", "rude", "cold", "late", "boring", "waste",
                                          "差", "慢", "失望", "难吃", "terrible", "awful"))
    label = "negative" if bad else "positive"
    if "clever movie" in text:
        label = "negative"  # a wrong guess on a labelled review, to show a disagreement
    p = sure(text, 0.5)
    other = "positive" if label == "negative" else "negative"
    return {"label": label, "probabilities": {label: p, other: round(1 - p, 2)}}


def store_predictions(project: Project) -> int:
    run = project.runs.start({}, {}, "cpu", 0)
    rows = []
    for document in project.documents.all():
        record = to_record(document)
        if project.task == "qa":
            for index, question in enumerate(document.questions):
                payload = qa_payload(document.text, question.text)
                confidence = sure(question.text, 0.4)
                rows.append(Prediction(run, document.id, question.id, payload, confidence,
                                       disagrees("qa", record, payload, index)))
            continue
        payload = (ner_payload if project.task == "ner" else classification_payload)(document.text)
        confidence = min((e[3] for e in payload.get("entities", [])), default=1.0) \
            if project.task == "ner" else max(payload["probabilities"].values())
        rows.append(Prediction(run, document.id, None, payload, confidence,
                               disagrees(project.task, record, payload)))
    project.runs.replace_predictions(run, rows)
    project.runs.finish(run, "finished", model_dir=str(project.path.parent / "model"))
    return run


def qa_payload(context: str, question: str) -> dict:  # type: ignore[type-arg]
    for answer in ANSWERS:
        start = context.find(answer)
        if start >= 0 and _fits(question, answer):
            return {"start": start, "end": start + len(answer), "text": answer,
                    "no_answer": False}
    return {"start": 0, "end": 0, "text": "", "no_answer": True}


FITS = {"When": "1368 1991 2011年", "How long": "kilometres", "research": "radioactivity",
        "first woman": "Nobel", "Who created": "Guido", "ocean": "Atlantic",
        "countries": "Peru", "长度": "两万", "朝代": "明朝 唐朝", "哪个省": "浙江",
        "哪一年": "2011", "闻名": "西湖", "誉为": "诗仙", "吃": "竹子", "省份": "四川"}


def _fits(question: str, answer: str) -> bool:
    return any(key in question and any(w in answer for w in words.split())
               for key, words in FITS.items())


def screenshot(task: str, folder: Path, name: str, pick, prepare=None,  # type: ignore[no-untyped-def]
               extra: tuple[DocumentRecord, ...] = ()) -> None:
    path = demo_project(task, folder)
    with Project(path) as project:
        if extra:
            project.import_records(extra, Path("extra"))
        store_predictions(project)
    window = MainWindow(Project(path), MessageBridge(), AppSettings())
    window.resize(1500, 820)
    window.load()
    window.show()
    window.splitter.setSizes([600, 900])
    document_id = pick(window.project)
    window.panel.select_document(document_id)
    if prepare is not None:
        prepare(window)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    window.grab().save(str(ROOT / "docs" / name))
    window.close()


def main() -> None:
    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    folder = Path(tempfile.mkdtemp())
    QCoreApplication.setOrganizationName("PTStudioScreenshots")  # never the user's settings
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "cfg"))

    def first(project: Project, needle: str) -> int:
        return next(d.id for d in project.documents.all() if needle in d.text)

    def tag_some(window: MainWindow) -> None:
        for name, label in (("Siemens", "ORG"), ("Angela Merkel", "PER")):
            start = NEWS.index(name)  # Siemens: the model's span overlaps it; Merkel: agrees
            window.editor.view.select_span(start, start + len(name))
            window.editor.apply_label(label)

    screenshot("ner", folder, "predictions-ner.png", lambda p: first(p, "On Tuesday"),
               tag_some, (DocumentRecord(NEWS),))
    screenshot("qa", folder, "predictions-qa.png", lambda p: first(p, "Python is"))
    screenshot("classification", folder, "predictions-classification.png",
               lambda p: first(p, "clever movie"))


if __name__ == "__main__":
    main()
