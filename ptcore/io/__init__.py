"""Importers and exporters: files in the formats people use, to and from plain records."""

from ptcore.io.registry import (
    FORMATS,
    FormatSpec,
    ImportReport,
    detect_format,
    read_records,
    write_records,
)

__all__ = [
    "FORMATS",
    "FormatSpec",
    "ImportReport",
    "detect_format",
    "read_records",
    "write_records",
]
