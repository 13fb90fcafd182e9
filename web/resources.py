"""The archive and its search service, opened once per app and shared by every request."""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from archive.errors import ArchiveError, NotAnArchiveError
from archive.search.service import SearchService
from archive.store.folder import Archive
from web.overview import Overview, OverviewCache

_EXTENSION = "verbatim"


class Resources:
    """Hold one app's archive and search service, created on first use."""

    def __init__(self, root: str | Path | None, expensive_wait_s: float) -> None:
        self.root = root
        self.expensive_wait_s = expensive_wait_s
        self._lock = threading.Lock()
        self._archive: Archive | None = None
        self._search: SearchService | None = None
        self.overview = OverviewCache()

    def archive(self) -> Archive:
        """Return the open archive, opening it on first use."""
        with self._lock:
            if self._archive is None:
                # A failure is not cached: an archive created after the app started
                # (`verbatim init`) is picked up by the next request.
                if not self.root:
                    raise NotAnArchiveError(
                        "no archive is configured: set VERBATIM_ARCHIVE or pass --archive"
                    )
                self._archive = Archive.open(self.root)
            return self._archive

    def search(self) -> SearchService:
        """Return the search service, creating it on first use."""
        archive = self.archive()
        with self._lock:
            # One service per app: it keeps one engine reader and refreshes it when
            # the index changes, so new episodes show up without a restart.
            if self._search is None:
                self._search = SearchService(archive, expensive_wait_s=self.expensive_wait_s)
            return self._search

    def warm_up(self) -> None:
        """Open the index and run the kinds of search a journalist runs, before anyone asks.

        A server worker's first search opened the index, read the facet columns and the
        suggestion words: 0.9 s at 1,000 episodes (benchmarks/). Run in a thread when the
        worker starts; a failure here is the first real request's to report.
        """
        try:
            service = self.search()
            # A word alone (its postings, the field lengths and facet columns as arrays),
            # words, a phrase, and two unknown words: the second builds the in-memory
            # "did you mean" words (archive.engines.whoosh.vocabulary).
            for text in ("the", "the first time", '"it was the"', "qzxv", "vxzq"):
                service.search(text, page_size=10)
        except Exception:  # the first request that needs the archive says what is wrong
            return

    def close(self) -> None:
        """Close the search service's open index files; the next search reopens them."""
        with self._lock:
            if self._search is not None:
                self._search.close()
                self._search = None


def init_app(app: Flask) -> None:
    """Attach the lazily opened archive and search service to the app."""
    resources = Resources(app.config["ARCHIVE"], app.config["EXPENSIVE_WAIT_S"])
    app.extensions[_EXTENSION] = resources
    # The reader holds index files open for the app's whole life: close them when the
    # app goes away (or at exit) rather than leaving it to the garbage collector.
    weakref.finalize(app, resources.close)
    if app.config.get("WARM_UP"):
        threading.Thread(target=resources.warm_up, name="verbatim-warm-up", daemon=True).start()


def close(app: Flask) -> None:
    """Release the app's open index files, e.g. when a test or server is done with it."""
    app.extensions[_EXTENSION].close()


def get_archive() -> Archive:
    """Return the current app's archive."""
    return current_app.extensions[_EXTENSION].archive()


def get_search() -> SearchService:
    """Return the current app's search service."""
    return current_app.extensions[_EXTENSION].search()


def get_overview() -> Overview:
    """Return the current app's archive overview (shows, speakers, recent episodes)."""
    resources = current_app.extensions[_EXTENSION]
    return resources.overview.get(resources.archive())


def unreadable_records() -> dict[str, Any]:
    """Template context: the episode records the archive cannot read, for a notice."""
    try:
        return {"unreadable_records": get_overview().unreadable}
    except ArchiveError:
        return {"unreadable_records": ()}  # the page itself says what is wrong
