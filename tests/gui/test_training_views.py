"""The runs view, the evaluation view, and the pieces they are built from."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from app.support.messages import MessageBridge
from app.training import active
from app.training.chart import LineChart, Series
from app.training.evaluation_view import ERROR_HEADERS, EvaluationView
from app.training.runs_view import RunsView
from app.training.tables import RowsModel, metric_rows
from ptcore.records import Answer, DocumentRecord, Question, Span, Task
from ptcore.store.payload_json import payload_from_json
from ptcore.store.project import Project
from tests.gui.prediction_fixtures import store_run
from tests.gui.training_fixtures import tiny_project


def select_rows(view: RunsView, rows: list[int]) -> None:
    selection = view.table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(view.proxy.index(row, 0), flags)


def test_rows_model_passes_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RowsModel()
    metrics = {"per_label": {"pos": {"precision": 1.0, "recall": 0.5, "f1": 0.667, "support": 2}}}
    model.set_rows(*metric_rows(metrics))
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(0, 3)) == "0.667"


def test_chart_draws_points(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = LineChart("step")
    qtbot.addWidget(chart)
    chart.add_series(Series("loss", "#1e88e5"))
    for step, loss in enumerate([1.0, 0.7, float("nan"), 0.4], start=1):
        chart.add_point("loss", step, loss)
    chart.resize(300, 180)
    assert chart.point_count() == 3 and not chart.grab().isNull()


def test_runs_view_lists_sets_active_compares_and_deletes(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with Project(tiny_project(tmp_path, runs=2)) as project:
        view = RunsView(project, MessageBridge())
        qtbot.addWidget(view)
        assert view.model.rowCount() == 2 and view.curve.point_count() == 2
        first, second = view.model.keys  # newest first
        select_rows(view, [1])
        assert "Annotation hash" in view.details.toPlainText()
        with qtbot.waitSignal(view.active_changed) as changed:
            qtbot.mouseClick(view.buttons["active"], Qt.MouseButton.LeftButton)
        assert changed.args == [second] and active.active_run(project) == second
        assert active.is_pinned(project) and not active.follow_new_run(project, first)
        select_rows(view, [0, 1])
        qtbot.mouseClick(view.buttons["compare"], Qt.MouseButton.LeftButton)
        rows = {row[0]: row for row in view.compare.model.rows}
        assert rows["annotation hash"][3] == "" and rows["setting: epochs"][1:3] == (1, 1)
        view.compare.close()
        model_dir = project.model_folder(project.runs.get(second))
        assert model_dir.is_dir()
        monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
        select_rows(view, [view.model.keys.index(second)])
        qtbot.mouseClick(view.buttons["delete"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not model_dir.exists(), timeout=5000)
        assert view.model.keys == [first] and [r.id for r in project.runs.all()] == [first]
        assert active.active_run(project) is None and not active.is_pinned(project)


def test_runs_view_exports_a_model_folder(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Project(tiny_project(tmp_path, runs=1)) as project:
        bridge = MessageBridge()
        view = RunsView(project, bridge)
        qtbot.addWidget(view)
        [run_id] = view.model.keys
        out = tmp_path / "export"
        out.mkdir()
        view.export_run(run_id, out)
        target = out / f"cls-run-{run_id}"
        qtbot.waitUntil(lambda: (target / "ptmodel.json").is_file(), timeout=5000)
        qtbot.waitUntil(lambda: bridge.last_dialog is not None, timeout=5000)
        bridge.last_dialog.close()


def test_evaluation_view_shows_metrics_and_opens_errors(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Project(
        tiny_project(tmp_path, runs=1, learning_rate=1e-4, head_learning_rate=1e-4)
    ) as project:
        view = EvaluationView(project, MessageBridge())
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        with qtbot.waitSignal(view.evaluated, timeout=30_000):
            qtbot.mouseClick(view.evaluate_button, Qt.MouseButton.LeftButton)
        assert [view.metrics_model.rows[i][0] for i in range(2)] == ["pos", "neg"]
        assert view.matrix_model.rowCount() == 2 and view.matrix_model.columnCount() == 3
        assert view.errors_model.rowCount() > 0
        assert "accuracy" in view.summary.text()  # the overall metric, not only per label
        assert not view.errors_view.isColumnHidden(ERROR_HEADERS.index("Loss"))
        confidences = [
            view.errors_proxy.index(r, 3).data(Qt.ItemDataRole.UserRole)
            for r in range(view.errors_proxy.rowCount())
        ]
        assert confidences == sorted(confidences, reverse=True)
        index = view.errors_proxy.index(0, 1)
        with qtbot.waitSignal(view.open_document) as opened:
            qtbot.mouseClick(
                view.errors_view.viewport(),
                Qt.MouseButton.LeftButton,
                pos=view.errors_view.visualRect(index).center(),
            )
        assert opened.args[0] == view.errors_model.key(view.errors_proxy.mapToSource(index).row())


def test_evaluation_view_names_ner_errors_by_their_text(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ptcore.engine.runner

    text = "😀 Anna flew to Paris."
    anna, paris = text.index("Anna"), text.index("Paris")
    gold = DocumentRecord(
        text,
        entities=[Span(anna, anna + 4, "PER"), Span(paris, paris + 5, "LOC")],
        labeled=True,
        line=7,
    )
    predicted = {"entities": [[paris, paris + 5, "ORG", 0.61], [anna, anna + 4, "PER", 0.97]]}
    evaluation = SimpleNamespace(
        records=[gold],
        items=[
            [
                SimpleNamespace(
                    payload=payload_from_json(predicted), confidence=0.61, question_index=None
                )
            ]
        ],
        metrics={
            "run": 1,
            "split": "dev",
            "documents": 1,
            "per_label": {},
            "f1": 0.5,
            "precision": 0.5,
            "recall": 0.5,
        },
        losses={},
    )
    monkeypatch.setattr(ptcore.engine.runner, "evaluate_documents", lambda *_args: evaluation)
    with Project.create(tmp_path / "ner.db", Task.NER, ["PER", "LOC", "ORG"]) as project:
        store_run(project, [])
        view = EvaluationView(project, MessageBridge())
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.evaluated, timeout=10_000):
            qtbot.mouseClick(view.evaluate_button, Qt.MouseButton.LeftButton)
        model = view.errors_model
        assert [model.index(0, c).data() for c in (1, 2)] == [
            '"Anna" PER, "Paris" LOC',
            '"Anna" PER, "Paris" ORG',
        ]
        assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole).splitlines() == [
            f'"Anna" PER: characters {anna}–{anna + 4}',
            f'"Paris" ORG: characters {paris}–{paris + 5}',
        ]
        assert "f1 0.500, precision 0.500, recall 0.500" in view.summary.text()  # overall
        loss = ERROR_HEADERS.index("Loss")
        assert view.errors_view.isColumnHidden(loss)  # no loss in this evaluation: no Loss
        gold_width = view.errors_view.columnWidth(1)
        metrics = view.errors_view.fontMetrics()
        assert gold_width >= metrics.horizontalAdvance('"Anna" PER, "Paris" LOC')  # readable


def test_evaluation_view_fills_the_loss_of_qa_errors(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ptcore.engine.runner

    text = "Anna lives in Paris and works at the bank"
    paris = text.index("Paris")
    question = Question("where does she live", [Answer(paris, paris + 5)])
    gold = DocumentRecord(text, questions=[question], labeled=True, line=3)
    bank = text.index("bank")
    predicted = {"text": "bank", "start": bank, "end": bank + 4, "no_answer": False}
    item = SimpleNamespace(payload=payload_from_json(predicted), confidence=0.8, question_index=0)
    metrics = {"run": 1, "split": "dev", "documents": 1, "exact_match": 0.0, "f1": 0.0}
    evaluation = SimpleNamespace(
        records=[gold], items=[[item]], metrics=metrics, losses={(0, 0): 2.5}
    )
    monkeypatch.setattr(ptcore.engine.runner, "evaluate_documents", lambda *_args: evaluation)
    with Project.create(tmp_path / "qa.db", Task.QA, []) as project:
        store_run(project, [])
        view = EvaluationView(project, MessageBridge())
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.evaluated, timeout=10_000):
            qtbot.mouseClick(view.evaluate_button, Qt.MouseButton.LeftButton)
        loss = ERROR_HEADERS.index("Loss")
        assert not view.errors_view.isColumnHidden(loss)
        assert view.errors_model.index(0, loss).data() == "2.500"
