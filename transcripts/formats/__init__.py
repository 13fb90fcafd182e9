"""Format readers and format detection. (Stub: the readers helper replaces this.)"""

from __future__ import annotations

from transcripts.model import Document

FORMATS = ("vtt", "txt")


def detect_format(data: bytes, filename: str = "") -> str:
    """Return the format name of a source, judged from its content first, then its name."""
    raise NotImplementedError


def read_document(data: bytes, *, filename: str = "", format: str | None = None) -> Document:
    """Read a source file's bytes into a Document."""
    raise NotImplementedError
