"""Where the benches find the real datasets: ``../shared/data`` beside the checkout (never copied
into it), or the folder named by the ``PTS_BENCH_DATA`` environment variable."""

from __future__ import annotations

import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("PTS_BENCH_DATA") or CHECKOUT.parent / "shared" / "data")
