"""Finding 9 (the store's part): a big import does not leave a big write-ahead log."""

from __future__ import annotations

from pathlib import Path

from ptcore.records import DocumentRecord
from ptcore.store.project import Project


def test_the_log_is_emptied_after_a_large_import(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.create(path, "classification", ["pos"]) as project:
        records = (DocumentRecord(f"Document {i} " + "words " * 40, line=i) for i in range(20000))
        project.import_records(records, Path("big.csv"))
        assert path.with_name("p.db-wal").stat().st_size == 0
        assert project.stats()["documents"] == 20000
