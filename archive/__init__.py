"""Archive: episodes on disk, the Whoosh index derived from them, and search.

Importing this package loads neither Flask nor the web app.
"""

from __future__ import annotations

from archive.errors import (
    ArchiveError,
    EpisodeNotFoundError,
    InvalidIdError,
    NotAnArchiveError,
    PassageNotFoundError,
    QueryError,
)
from archive.index import IndexOutOfDateError, rebuild
from archive.results import Hit, SearchResults
from archive.search import search
from archive.service import SearchService
from archive.store import Archive, EpisodeExistsError

__all__ = [
    "Archive",
    "ArchiveError",
    "EpisodeExistsError",
    "EpisodeNotFoundError",
    "Hit",
    "IndexOutOfDateError",
    "InvalidIdError",
    "NotAnArchiveError",
    "PassageNotFoundError",
    "QueryError",
    "SearchResults",
    "SearchService",
    "rebuild",
    "search",
]
