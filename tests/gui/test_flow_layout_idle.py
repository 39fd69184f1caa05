"""The label chips' flow area goes quiet once laid out. It used to answer each layout request
by invalidating its layout, which posts the next request: the GUI thread spun at ~70 % CPU
for as long as a project was open, and training progress stalled behind it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.widgets.flow_layout import FlowArea, FlowLayout


class LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_an_idle_flow_area_stops_asking_for_layouts(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    flow = FlowLayout()
    area = FlowArea(flow)
    QVBoxLayout(window).addWidget(area)
    for name in ("PER", "LOC", "ORG", "MISC", "company", "government", "scene"):
        flow.addWidget(QLabel(name))
    qtbot.addWidget(window)
    window.resize(300, 200)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(200)  # settle
    requests = LayoutRequests()
    area.widget().installEventFilter(requests)
    qtbot.wait(300)
    assert requests.count <= 2
    assert flow.itemAt(6).geometry().y() > flow.itemAt(0).geometry().y()  # still wraps


def test_a_chip_shown_later_still_relays_out(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    flow = FlowLayout()
    area = FlowArea(flow)
    QVBoxLayout(window).addWidget(area)
    late = QLabel("a chip that appears later")
    late.setVisible(False)
    flow.addWidget(QLabel("PER"))
    flow.addWidget(late)
    qtbot.addWidget(window)
    window.resize(300, 200)
    window.show()
    qtbot.waitExposed(window)
    late.setVisible(True)
    qtbot.waitUntil(lambda: late.geometry().width() > 0 and late.isVisible())
    assert late.geometry().x() >= 0 and late.geometry().width() > 0
