"""The in-process write queue: re-entrant, and served in the order writers came."""

from __future__ import annotations

import threading
import time

from ptcore.db.write_queue import WriteQueue


def test_waiters_are_served_first_come_first_served() -> None:
    queue, order = WriteQueue(), []
    queue.acquire()
    queue.acquire()  # re-entrant
    queue.release()

    def wait(name: str) -> None:
        queue.acquire()
        order.append(name)
        queue.release()

    threads = []
    for name in "abc":
        threads.append(threading.Thread(target=wait, args=(name,)))
        threads[-1].start()
        time.sleep(0.05)  # each is waiting before the next comes
    queue.release()
    for thread in threads:
        thread.join(timeout=5)
    assert order == ["a", "b", "c"]
