"""Where is the GUI thread when it stalls? ``gui_training_heartbeat.py`` with a stack sampler.

    QT_QPA_PLATFORM=offscreen python bench/gui_stall_stacks.py [heartbeat options]

Runs the heartbeat bench (same options, e.g. ``--from-show --epochs 1``) while a thread
looks at the GUI thread every 5 ms; whenever the heartbeat is over 50 ms late it counts the
GUI thread's innermost 14 frames. Prints the bench's table, then the most common stacks:
Python work found there (a layout, a query) is what to move off the GUI thread; a stack
ending in the event loop means the thread was waiting for the GIL or a CPU. Samples from
before the window shows (the demo project being built) are counted too: ignore those.
"""

from __future__ import annotations

import collections
import sys
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import gui_training_heartbeat as heartbeat

LATE_S, EVERY_S, FRAMES = 0.05, 0.005, 14


def main() -> None:
    gui, last_tick = threading.main_thread().ident, [time.perf_counter()]
    stacks: collections.Counter[str] = collections.Counter()
    tick = heartbeat.Heartbeat.tick

    def noted_tick(self: heartbeat.Heartbeat) -> None:
        last_tick[0] = time.perf_counter()
        tick(self)

    def sample() -> None:
        while True:
            time.sleep(EVERY_S)
            frame = sys._current_frames().get(gui or 0)
            if frame is not None and time.perf_counter() - last_tick[0] > LATE_S:
                found = traceback.extract_stack(frame)[-FRAMES:]
                stacks[
                    " <- ".join(
                        f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(found)
                    )
                ] += 1

    heartbeat.Heartbeat.tick = noted_tick  # type: ignore[method-assign]
    threading.Thread(target=sample, daemon=True).start()
    try:
        heartbeat.main()
    finally:
        print(f"\nGUI-thread stacks while the heartbeat was over {LATE_S * 1000:g} ms late:")
        for stack, count in stacks.most_common(15):
            print(f"{count:5d}  {stack}")


if __name__ == "__main__":
    main()
