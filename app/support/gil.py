"""How soon the GUI thread gets the GIL back from a thread running Python.

A thread that wants the GIL asks its holder to drop it once the switch interval has passed;
Python's default is 5 ms. The GUI thread enters Python for every slot, timer and table cell it
draws, and while a model trains in a thread each entry can wait that long. With 1 ms, on the
1,000-sentence NER case (``bench/gui_training_heartbeat.py --conll 1000``), the worst gap before
the Train click fell from 34-40 ms to 25-26 ms, and training took no longer.
"""

from __future__ import annotations

import sys

GUI_SWITCH_INTERVAL_S = 0.001


def share_the_gil_promptly() -> None:
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
