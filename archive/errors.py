"""Errors raised by the archive."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class for every error the archive package raises; its message is for people."""


class NotAnArchiveError(ArchiveError):
    """The folder is not a Verbatim archive."""


class EpisodeNotFoundError(ArchiveError):
    """No episode has this id."""


class PassageNotFoundError(ArchiveError):
    """No passage has this id."""


class InvalidIdError(ArchiveError):
    """An episode id is not safe to use as a folder name and URL part."""


class QueryError(ArchiveError):
    """A search request is out of bounds (the query text itself never raises)."""


class SearchBusyError(ArchiveError):
    """Too many expensive searches at once: try again after `retry_after_s` seconds."""

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class UnreadableRecordError(ArchiveError):
    """A stored record cannot be read back: `path` is the file, `reason` what is wrong."""

    def __init__(self, message: str, *, path: str, reason: str) -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason


class IndexOutOfDateError(ArchiveError):
    """The index was built by another schema version and must be rebuilt."""


class IndexDamagedError(ArchiveError):
    """The search index cannot be read as it is on disk; rebuilding it is the fix."""
