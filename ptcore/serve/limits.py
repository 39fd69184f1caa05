"""What the server accepts: where it listens by default and how big a request may be.

Kept free of the web framework so the CLI can show the defaults without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_HOST = "127.0.0.1"  # this computer only, unless asked otherwise
DEFAULT_PORT = 9090  # Label Studio's usual ML-backend port


@dataclass(frozen=True)
class Limits:
    """Requests over these sizes are refused with 413 before any model work."""

    max_body_bytes: int = 2 * 1024 * 1024
    max_batch: int = 256
    max_text_chars: int = 100_000
