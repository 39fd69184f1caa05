"""Every reader against mutated files, driven by hypothesis: a small run for CI.

The invariant (issue 11): import, or a message naming the file; never a traceback,
never a partial import, never more than linear time. ``bench/fuzz_readers.py`` runs
the same mutator over a thousand files per reader.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptcore.store.project import Project
from tests.io.fuzz_files import (
    OPERATIONS,
    PAYLOADS,
    importable,
    mutate,
    seed_file,
    task_of,
    try_import,
)

# ``amount`` picks the payload (amount % len(PAYLOADS)) and scales it: drawn apart, so that
# large hostile payloads (20,000 brackets or digits) come up in a dozen examples.
AMOUNTS = st.builds(
    lambda payload, scale: payload + len(PAYLOADS) * scale,
    st.integers(0, len(PAYLOADS) - 1),
    st.sampled_from([0, 1, 40, 800]),
)
STEPS = st.lists(
    st.tuples(st.sampled_from([*OPERATIONS, "insert", "insert"]), st.floats(0, 1), AMOUNTS),
    min_size=1,
    max_size=4,
)


@pytest.mark.parametrize("name", importable())
def test_the_reader_keeps_the_invariant_on_mutated_files(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    folder = tmp_path_factory.mktemp(f"fuzz-{name}")
    seed = seed_file(name)
    with Project.create(folder / "p.db", task_of(name)) as project:

        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(steps=STEPS)
        def check(steps: list[tuple[str, float, int]]) -> None:
            path = folder / f"fuzzed.{name}"
            path.write_bytes(mutate(seed, steps))
            outcome = try_import(project, path, name)
            assert outcome.kind in ("accepted", "clear error"), outcome

        check()


@pytest.mark.parametrize("name", importable())
def test_the_seed_file_is_accepted(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"seed.{name}"
    path.write_bytes(seed_file(name))
    with Project.create(tmp_path / "p.db", task_of(name)) as project:
        assert try_import(project, path, name).kind == "accepted"
