"""The search service of a long-lived process: shared readers, a lane for expensive queries.

Opening an engine reader (a Whoosh searcher) costs up to a second on a large archive
(STYLE.md), so a worker keeps one open and refreshes it when the index changes. Readers
are not meant to be shared by threads at once, so each has a lock, and a search holds it.

One reader and lock for everything meant that one expensive query (a long phrase,
wildcards, fuzzy words: archive.query.cost) held every other search of the worker for
its whole time budget (issue 14: two at once froze the site for 27 s). Expensive queries
now run in a lane of their own, with a second reader, one at a time per worker: a
simple search never waits for one, and while one runs the expensive query steps aside at
each deadline check (archive.query.budget), so that it does not hold the interpreter
either. An expensive query that cannot get the lane within
EXPENSIVE_WAIT_S raises SearchBusyError, which the site answers with 503 and Retry-After.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from archive.engines import open_engine
from archive.engines.base import Engine, Reader
from archive.errors import IndexDamagedError, SearchBusyError
from archive.query.budget import SEARCH_TIME_BUDGET_S, stepping_aside
from archive.query.cost import is_expensive
from archive.search.results import SearchResults
from archive.search.run import episode_hits, run_search

if TYPE_CHECKING:
    from archive.store.folder import Archive

T = TypeVar("T")

# An expensive query waits this long for the lane before it is told to come back: long
# enough for one running ahead of it to use its whole budget and finish.
EXPENSIVE_WAIT_S = SEARCH_TIME_BUDGET_S + 1.0
RETRY_AFTER_S = 5
BUSY_MESSAGE = (
    "the archive is busy with other long searches (long phrases, wildcards or fuzzy "
    "words); try again in a few seconds, or search for fewer or more specific words"
)


class _Lane:
    """One engine reader, refreshed when the index changes, used by one thread at a time."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.lock = threading.Lock()
        self._engine: Engine | None = None
        self._reader: Reader | None = None

    def engine(self) -> Engine:
        """Return the archive's engine, opened on first use."""
        if self._engine is None:
            self._engine = open_engine(self.archive)
        return self._engine

    def current(self) -> Reader:
        """Return the reader, reopened or refreshed if the index changed (lock held)."""
        if self._reader is None:
            self._reader = self.engine().reader()
        else:
            self._reader = self._reader.fresh()
        return self._reader

    def reading(self, fn: Callable[[Reader], T]) -> T:
        """Call `fn` with the current reader (lock held); a damaged index closes it."""
        engine = self.engine()
        try:
            return engine.reading(lambda: fn(self.current()))
        except IndexDamagedError:
            self.close()  # start afresh next time: the repair swaps in a new index folder
            raise

    def close(self) -> None:
        """Release the reader's files (lock held)."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None


class SearchService:
    """Keep readers open for a long-lived process; expensive queries in a lane of their own."""

    def __init__(self, archive: Archive, *, expensive_wait_s: float = EXPENSIVE_WAIT_S) -> None:
        self.archive = archive
        self.expensive_wait_s = expensive_wait_s
        self._simple = _Lane(archive)
        # Opened on the first expensive query: most workers never see one.
        self._expensive = _Lane(archive)

    def run(self, fn: Callable[[Reader], T], *, expensive: bool = False) -> T:
        """Call `fn` with a shared reader, refreshed first if the index changed.

        `expensive` work waits at most `expensive_wait_s` for its lane, then raises
        SearchBusyError.
        """
        if not expensive:
            with self._simple.lock:
                return self._simple.reading(fn)
        lane = self._expensive
        if not lane.lock.acquire(timeout=self.expensive_wait_s):
            raise SearchBusyError(BUSY_MESSAGE, retry_after_s=RETRY_AFTER_S)
        try:
            # Between its steps, the expensive query waits while a simple search runs here:
            # both need this process's interpreter, and the simple one should not queue.
            with stepping_aside(self._simple.lock.locked):
                return lane.reading(fn)
        finally:
            lane.lock.release()

    def search(self, query: str, **options: Any) -> SearchResults:
        """Search with a shared reader; an expensive query in the expensive lane."""
        return self.run(
            lambda reader: run_search(reader, query, **options),
            expensive=is_expensive(query),
        )

    def search_episode(
        self, episode_id: str, query: str, time_budget_s: float | None = SEARCH_TIME_BUDGET_S
    ) -> SearchResults:
        """Return every hit of a query in one episode, in passage order."""
        return self.run(
            lambda reader: episode_hits(reader, episode_id, query, time_budget_s),
            expensive=is_expensive(query),
        )

    def close(self) -> None:
        """Release the readers' files."""
        for lane in (self._simple, self._expensive):
            with lane.lock:
                lane.close()

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
