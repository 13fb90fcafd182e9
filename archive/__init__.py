"""Archive: episodes on disk, the Whoosh index derived from them, and search.

Importing this package loads neither Flask nor the web app.
"""

from __future__ import annotations

from archive.errors import (
    ArchiveError,
    EpisodeNotFoundError,
    IndexOutOfDateError,
    InvalidIdError,
    NotAnArchiveError,
    PassageNotFoundError,
    QueryError,
)
from archive.search.indexing import rebuild
from archive.search.results import Hit, SearchResults
from archive.search.run import search
from archive.search.service import SearchService
from archive.store.folder import Archive, EpisodeExistsError

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
