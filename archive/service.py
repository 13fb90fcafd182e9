"""The search service of a long-lived process: shared searchers, a lane for expensive queries.

Opening a searcher costs up to a second on a large archive (STYLE.md), so a worker keeps
one open and refreshes it when the index changes. Whoosh searchers are not meant to be
shared by threads at once, so each searcher has a lock, and a search holds it.

One searcher and lock for everything meant that one expensive query (a long phrase,
wildcards, fuzzy words: archive.query_cost) held every other search of the worker for
its whole time budget (issue 14: two at once froze the site for 27 s). Expensive queries
now run in a lane of their own, with a second searcher, one at a time per worker: a
simple search never waits for one, and while one runs the expensive query steps aside at
each deadline check (archive.time_budget), so that it does not hold the interpreter
either. An expensive query that cannot get the lane within
EXPENSIVE_WAIT_S raises SearchBusyError, which the site answers with 503 and Retry-After.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from whoosh import index as whoosh_index
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher

from archive.errors import IndexDamagedError, SearchBusyError
from archive.query_cost import is_expensive
from archive.results import SearchResults
from archive.search import episode_hits, open_reader_index, reading_index, run_search
from archive.time_budget import SEARCH_TIME_BUDGET_S, stepping_aside

if TYPE_CHECKING:
    from archive.store import Archive

T = TypeVar("T")

# An expensive query waits this long for the lane before it is told to come back: long
# enough for one running ahead of it to use its whole budget and finish.
EXPENSIVE_WAIT_S = SEARCH_TIME_BUDGET_S + 1.0
RETRY_AFTER_S = 5
BUSY_MESSAGE = (
    "the archive is busy with other long searches (long phrases, wildcards or fuzzy "
    "words); try again in a few seconds, or search for fewer or more specific words"
)


def reopened(old: Searcher, ix: whoosh_index.Index) -> Searcher:
    """Return a searcher on the index as it is now, reusing `old`'s unchanged segments.

    Whoosh's own `refresh()` (whoosh-reloaded 2.7.5) adds the segments of the old reader
    to the new list, so after a merge the merged-away segments stayed and every hit came
    back twice; and it reuses a segment whose deletions changed, by its id alone. Here a
    segment's reader is reused only if the segment is still listed with the same number
    of deletions, so its cached facet columns (archive.match_counts) are kept too.
    """
    toc = ix._read_toc()
    reusable = {
        (reader.segment().segment_id(), reader.segment().deleted_count()): reader
        for reader, _ in old.reader().leaf_readers()
        if reader.segment() is not None
    }
    readers = [
        reusable.pop((segment.segment_id(), segment.deleted_count()), None)
        or SegmentReader(ix.storage, ix.schema, segment, generation=toc.generation)
        for segment in toc.segments
    ]
    for reader in reusable.values():
        reader.close()
    if not readers:
        return Searcher(EmptyReader(ix.schema), fromindex=ix)
    # Always a MultiReader, even of one segment: it carries the new generation, which a
    # reused segment reader does not, and `up_to_date` compares generations.
    return Searcher(MultiReader(readers, generation=toc.generation), fromindex=ix)


class _Lane:
    """One searcher, refreshed when the index changes, used by one thread at a time."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._index_inode: int | None = None

    def _index_identity(self) -> int | None:
        try:
            return os.stat(self.archive.index_dir).st_ino
        except FileNotFoundError:
            return None

    def current(self) -> Searcher:
        """Return the searcher, reopened or refreshed if the index changed (lock held)."""
        identity = self._index_identity()
        if self._searcher is not None and identity != self._index_inode:
            # `reindex` swapped in a new folder: generations restart, so reopen fully.
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = open_reader_index(self.archive).searcher()
            self._index_inode = identity
        elif not self._searcher.up_to_date():
            self._searcher = reopened(self._searcher, open_reader_index(self.archive))
        return self._searcher

    def reading(self, fn: Callable[[Searcher], T]) -> T:
        """Call `fn` with the current searcher (lock held); a damaged index closes it."""
        try:
            return reading_index(lambda: fn(self.current()))
        except IndexDamagedError:
            self.close()  # start afresh next time: the repair swaps in a new index folder
            raise

    def close(self) -> None:
        """Release the searcher's files (lock held)."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None


class SearchService:
    """Keep searchers open for a long-lived process; expensive queries in a lane of their own."""

    def __init__(self, archive: Archive, *, expensive_wait_s: float = EXPENSIVE_WAIT_S) -> None:
        self.archive = archive
        self.expensive_wait_s = expensive_wait_s
        self._simple = _Lane(archive)
        # Opened on the first expensive query: most workers never see one.
        self._expensive = _Lane(archive)

    def run(self, fn: Callable[[Searcher], T], *, expensive: bool = False) -> T:
        """Call `fn` with a shared searcher, refreshed first if the index changed.

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
        """Search with a shared searcher; an expensive query in the expensive lane."""
        return self.run(
            lambda searcher: run_search(searcher, query, **options),
            expensive=is_expensive(query),
        )

    def search_episode(
        self, episode_id: str, query: str, time_budget_s: float | None = SEARCH_TIME_BUDGET_S
    ) -> SearchResults:
        """Return every hit of a query in one episode, in passage order."""
        return self.run(
            lambda searcher: episode_hits(searcher, episode_id, query, time_budget_s),
            expensive=is_expensive(query),
        )

    def close(self) -> None:
        """Release the searchers' files."""
        for lane in (self._simple, self._expensive):
            with lane.lock:
                lane.close()

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
