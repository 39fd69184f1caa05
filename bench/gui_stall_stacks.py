"""Where is the GUI thread when it stalls? ``gui_training_heartbeat.py`` with a stack sampler.

    QT_QPA_PLATFORM=offscreen python bench/gui_stall_stacks.py [heartbeat options]

Runs the heartbeat bench (same options, e.g. ``--from-show --epochs 1``) while a thread
looks at every thread every 5 ms; whenever the heartbeat is over 50 ms late it counts the
GUI thread's innermost 14 frames, and those of the other threads. Prints the bench's table,
then the most common stacks: Python work in the GUI thread (a layout, a query) is what to
move off it; a GUI stack ending in the event loop means the thread was waiting for the GIL
or a CPU. Last, each late tick's gap is charged to the thread of ours that used the most
CPU during it (per-thread CPU clocks), at the frame it was in when the GUI got the GIL back,
unless the GUI thread spent most of the gap runnable waiting for a core (Linux schedstat):
that is the machine's load, not our code. Samples from
before the window shows (the demo project being built) are counted too: ignore those.
"""

from __future__ import annotations

import collections
import sys
import threading
import time
import traceback
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import gui_training_heartbeat as heartbeat

LATE_S, EVERY_S, FRAMES, SHOWN = 0.05, 0.005, 14, 15


def described(frame: FrameType) -> str:
    found = traceback.extract_stack(frame)[-FRAMES:]
    return " <- ".join(f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(found))


def cpu_seconds(ident: int) -> float:
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(ident))
    except OSError:  # the thread has ended
        return 0.0


def gui_runqueue_wait() -> float:
    """Seconds the GUI thread has spent runnable but waiting for a CPU (Linux schedstat)."""
    native = threading.main_thread().native_id
    try:
        with open(f"/proc/self/task/{native}/schedstat") as stats:
            return int(stats.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def main() -> None:
    gui, last_tick = threading.main_thread().ident, [time.perf_counter()]
    stacks: collections.Counter[str] = collections.Counter()
    others: collections.Counter[str] = collections.Counter()
    late: collections.Counter[str] = collections.Counter()  # seconds of stalls, by who ran
    cpu: dict[int, float] = {}  # each thread's CPU seconds at the last tick
    me = [0]  # the sampler's ident
    tick, start = heartbeat.Heartbeat.tick, heartbeat.Heartbeat.start

    def noted_start(self: heartbeat.Heartbeat) -> None:  # the first gap counts from here
        cpu.clear()
        cpu.update({ident: cpu_seconds(ident) for ident in sys._current_frames()})
        cpu[0] = gui_runqueue_wait()
        last_tick[0] = time.perf_counter()
        start(self)

    def noted_tick(self: heartbeat.Heartbeat) -> None:
        now, frames, waited = time.perf_counter(), sys._current_frames(), gui_runqueue_wait()
        spent = {ident: cpu_seconds(ident) for ident in frames}
        gap = now - last_tick[0]
        if gap > LATE_S:  # the GIL just came back: who ran meanwhile, and where is it now?
            names = {t.ident: t.name for t in threading.enumerate()}
            used = {i: spent[i] - cpu[i] for i in spent if i in cpu and i not in (gui, me[0])}
            busiest = max(used, key=lambda i: used[i], default=None)
            if waited - cpu.get(0, waited) > gap / 2:  # runnable, no core to run on
                late[f"{self.phase}: the GUI thread waited for a CPU (machine's load)"] += gap
            elif spent[gui or 0] - cpu.get(gui or 0, 0.0) > gap / 2:  # work on the GUI thread
                late[f"{self.phase}: the GUI thread itself ran (see its stacks above)"] += gap
            elif busiest is None:
                late[f"{self.phase}: the GUI thread was blocked, no thread of ours ran"] += gap
            else:  # blocked, not waiting for a core: on the GIL (or a lock) this one had
                where = described(frames[busiest])
                late[f"{self.phase}: blocked; busiest [{names.get(busiest, busiest)}] {where}"] += (
                    gap
                )
        cpu.clear()
        cpu.update(spent)
        cpu[0] = waited  # key 0: the GUI thread's run-queue wait so far
        last_tick[0] = now
        tick(self)

    def sample() -> None:
        me = threading.get_ident()
        while True:
            time.sleep(EVERY_S)
            if time.perf_counter() - last_tick[0] <= LATE_S:
                continue
            names = {t.ident: t.name for t in threading.enumerate()}
            for ident, frame in sys._current_frames().items():
                if ident == gui:
                    stacks[described(frame)] += 1
                elif ident != me:
                    others[f"[{names.get(ident, ident)}] {described(frame)}"] += 1

    sampler = threading.Thread(target=sample, daemon=True)
    heartbeat.Heartbeat.tick = noted_tick  # type: ignore[method-assign]
    heartbeat.Heartbeat.start = noted_start  # type: ignore[method-assign]
    sampler.start()
    me[0] = sampler.ident or 0
    try:
        heartbeat.main()
    finally:
        for title, counter in (("GUI-thread", stacks), ("Other threads'", others)):
            print(f"\n{title} stacks while the heartbeat was over {LATE_S * 1000:g} ms late:")
            for stack, count in counter.most_common(SHOWN):
                print(f"{count:5d}  {stack}")
        print("\nStalls (ms) by cause; when blocked, the thread of ours that ran most meanwhile:")
        for stack, seconds in late.most_common(SHOWN):
            print(f"{seconds * 1000:7.0f}  {stack}")


if __name__ == "__main__":
    main()
