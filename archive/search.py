"""Search: one function for the command line and the web app, returning dataclasses."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date as Date
from typing import TYPE_CHECKING, Any, TypeVar

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher

from archive.errors import ArchiveError, IndexDamagedError, QueryError
from archive.facets import (
    SHOWN_FACETS,
    collapse_by_episode,
    facet_list,
    in_passage_order,
    sort_facet,
)
from archive.filter_sets import filter_set
from archive.highlight import collect_terms
from archive.index import INDEX_NAME, check_schema
from archive.match_counts import (
    RecordingCollector,
    count_matches,
    count_recorded,
    positional,
)
from archive.patterns import expand_patterns
from archive.query import parse_query, prepare
from archive.results import Hit, SearchResults, make_hit
from archive.suggest import suggest_query
from archive.time_budget import SEARCH_TIME_BUDGET_S, TIME_BUDGET_NOTE, collect_within

if TYPE_CHECKING:
    from archive.store import Archive

# The result dataclasses are importable from here too: callers search and read hits.
__all__ = [
    "MAX_PAGE_SIZE",
    "Hit",
    "SearchResults",
    "SearchService",
    "episode_hits",
    "make_hit",
    "open_reader_index",
    "prepare",
    "run_search",
    "search",
    "search_episode",
    "with_searcher",
]

MAX_PAGE_SIZE = 100
# "Did you mean" is offered when a search finds this many passages or fewer.
SUGGEST_AT_MOST = 5
T = TypeVar("T")


# --- running a search -------------------------------------------------------------------


def _check_paging(page: int, page_size: int) -> None:
    if not isinstance(page, int) or page < 1:
        raise QueryError(f"page must be 1 or more, not {page!r}")
    if not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise QueryError(f"page size must be between 1 and {MAX_PAGE_SIZE}, not {page_size!r}")


def run_search(
    searcher: Searcher,
    query: str,
    *,
    speaker: str | None = None,
    person: str | None = None,
    show: str | None = None,
    episode: str | None = None,
    section: str | None = None,
    date_from: str | Date | None = None,
    date_to: str | Date | None = None,
    sort: str = "relevance",
    collapse: bool = False,
    page: int = 1,
    page_size: int = 20,
    suggest: bool = True,
    time_budget_s: float | None = SEARCH_TIME_BUDGET_S,
) -> SearchResults:
    """Search with an open searcher: the core both `search` and SearchService use.

    A search still collecting after `time_budget_s` seconds returns what it found, noted.
    """
    _check_paging(page, page_size)
    sortedby = sort_facet(sort)
    prepared = prepare(
        searcher,
        query,
        speaker=speaker,
        person=person,
        show=show,
        episode=episode,
        section=section,
        date_from=date_from,
        date_to=date_to,
    )
    if prepared.empty:
        return SearchResults(
            query=query,
            total=0,
            page=page,
            page_size=page_size,
            notes=prepared.notes,
            sort=sort,
            collapse=collapse,
        )
    started = time.monotonic()
    recorder: RecordingCollector | None = None

    def record(collector: Any) -> RecordingCollector:
        nonlocal recorder
        recorder = RecordingCollector(collector)
        return recorder

    allow: Any = prepared.restrict
    if allow is not None and (docs := filter_set(searcher, allow)):
        # The filter's documents, kept with this searcher. (Whoosh reads an empty set as
        # no filter at all, so a filter nobody passes stays a query.)
        allow = docs
    results, cut = collect_within(
        searcher,
        prepared.query,
        allow,
        time_budget_s,
        # Collapsing needs every match in order, to keep each episode's first; otherwise
        # only the best of a page are kept, and postings that cannot reach them skipped.
        limit=None if collapse else page * page_size,
        sortedby=sortedby,
        terms=False,
        # Whoosh's name for skipping blocks of postings that cannot reach the top hits.
        optimize=not positional(prepared.query),
        wrap=record,
    )
    # Totals and facets count every match: from what the collector saw if it saw them
    # all, else in a second pass that only counts, within what is left of the budget.
    if recorder is not None and (recorder.complete or cut):
        counted = count_recorded(recorder)
    else:
        deadline = started + time_budget_s if time_budget_s is not None else None
        counted = count_matches(searcher, prepared.query, prepared.restrict, deadline)
    cut = cut or counted.cut
    notes = (*prepared.notes, TIME_BUDGET_NOTE) if cut else prepared.notes
    counts = {k: c for k, c in counted.by_facet["episode"].items() if k}
    ranked = [(docnum, score) for docnum, score in results.items()]
    total = counted.total
    if collapse:
        kept = set(collapse_by_episode(searcher, (d for d, _ in ranked), page * page_size))
        ranked = [(d, s) for d, s in ranked if d in kept]
        total = len(counts)
    terms = collect_terms(prepared.query, searcher.reader())
    hits = []
    for docnum, score in ranked[(page - 1) * page_size : page * page_size]:
        hit = make_hit(searcher, docnum, float(score or 0.0) if sortedby is None else 0.0, terms)
        hits.append(replace(hit, episode_matches=counts.get(hit.episode_id, 1)))
    suggestion = None
    # A search that ran out of time has no spare time for the extra searches of a suggestion;
    # and one that found plenty needs none. Scanning the lexicon for near spellings was 92%
    # of a rare-word query's time (benchmarks/, 1,000 episodes), so it runs only when a
    # misspelling is likely what went wrong.
    if suggest and query and not cut and total <= SUGGEST_AT_MOST:
        suggestion = suggest_query(
            searcher, query, total, lambda text: _count(searcher, text, prepared.restrict)
        )
    return SearchResults(
        query=query,
        total=total,
        page=page,
        page_size=page_size,
        hits=tuple(hits),
        notes=notes,
        facets={name: facet_list(counted.by_facet[name]) for name in SHOWN_FACETS},
        sort=sort,
        collapse=collapse,
        episode_counts={h.episode_id: h.episode_matches for h in hits},
        passages=counted.total,
        suggestion=suggestion,
    )


def _count(searcher: Searcher, text: str, restrict: wq.Query | None) -> int:
    q, _ = parse_query(text)
    if q is wq.NullQuery:
        return 0
    q, _ = expand_patterns(q, searcher.reader())
    return len(searcher.search(q, limit=1, filter=restrict, terms=False))


def episode_hits(searcher: Searcher, episode_id: str, query: str) -> SearchResults:
    """Return every hit of a query in one episode, in passage order, highlighted."""
    prepared = prepare(searcher, query, episode=episode_id)
    if prepared.empty or isinstance(prepared.query, wq.Every):
        return SearchResults(query=query, total=0, page=1, page_size=1, notes=prepared.notes)
    results = searcher.search(
        prepared.query, limit=None, filter=prepared.restrict, sortedby=in_passage_order()
    )
    terms = collect_terms(prepared.query, searcher.reader())
    hits = tuple(make_hit(searcher, docnum, 0.0, terms) for docnum, _ in results.items())
    hits = tuple(replace(h, episode_matches=len(hits)) for h in hits)
    return SearchResults(
        query=query,
        total=len(hits),
        page=1,
        page_size=max(1, len(hits)),
        hits=hits,
        notes=prepared.notes,
        episode_counts={episode_id: len(hits)} if hits else {},
        passages=len(hits),
    )


def open_reader_index(archive: Archive) -> whoosh_index.Index:
    """Open the archive's index read-only, for searching."""
    check_schema(archive)
    reindex = f"run `verbatim --archive {archive.root} reindex`"
    try:
        if not whoosh_index.exists_in(str(archive.index_dir), indexname=INDEX_NAME):
            raise ArchiveError(f"{archive.root} has no search index; {reindex}")
        return whoosh_index.open_dir(str(archive.index_dir), indexname=INDEX_NAME, readonly=True)
    except ArchiveError:
        raise
    except Exception as exc:
        # A damaged table of contents fails in Whoosh's own ways (struct, pickle, its
        # IndexError); the index is derived, so rebuilding it is always the fix.
        raise ArchiveError(f"the search index cannot be read ({exc}); {reindex}") from exc


def reading_index(fn: Callable[[], T]) -> T:
    """Call `fn`, which reads the index; a failure inside Whoosh is an IndexDamagedError.

    A truncated or missing segment file fails in Whoosh's own ways (a bare Exception
    "Block tag error", OSError, EOFError, struct.error), deep in a search. The index is
    derived, so every one of them has the same fix, and the message names it.
    """
    try:
        return fn()
    except (ArchiveError, NotImplementedError):
        # NotImplementedError: a Whoosh reader lacking a feature (an empty index has no
        # columns), a limit of the code, not damage on disk; it is not dressed up as one.
        raise
    except Exception as exc:
        what = type(exc).__name__
        if isinstance(exc, OSError) and exc.filename:
            what += f" on {os.path.basename(str(exc.filename))}"
        raise IndexDamagedError(
            f"the search index is damaged ({what}); run `verbatim verify --repair` to rebuild it"
        ) from exc


def search(archive: Archive, query: str, **options: Any) -> SearchResults:
    """Search the archive once; see `run_search` for the options."""
    return with_searcher(archive, lambda searcher: run_search(searcher, query, **options))


def with_searcher(source: SearchService | Archive | Searcher, fn: Callable[[Searcher], T]) -> T:
    """Call `fn` with a searcher from a service, an archive or an open searcher."""
    if isinstance(source, Searcher):
        return fn(source)
    if isinstance(source, SearchService):
        return source.run(fn)
    ix = open_reader_index(source)
    try:
        with ix.searcher() as searcher:
            return reading_index(lambda: fn(searcher))
    finally:
        ix.close()


def search_episode(
    source: SearchService | Archive | Searcher, episode_id: str, query: str
) -> SearchResults:
    """Return every hit of a query in one episode, in passage order, highlighted."""
    return with_searcher(source, lambda searcher: episode_hits(searcher, episode_id, query))


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


class SearchService:
    """Keep one searcher open for a long-lived process and refresh it when the index changes."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        # One lock: Whoosh searchers are not meant to be shared by threads at once, and
        # refresh() swaps the searcher; searches take milliseconds, so queueing is cheap.
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._index_inode: int | None = None

    def _index_identity(self) -> int | None:
        try:
            return os.stat(self.archive.index_dir).st_ino
        except FileNotFoundError:
            return None

    def _current(self) -> Searcher:
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

    def run(self, fn: Callable[[Searcher], T]) -> T:
        """Call `fn` with the shared searcher, refreshed first if the index changed."""
        with self._lock:
            try:
                return reading_index(lambda: fn(self._current()))
            except IndexDamagedError:
                # Start afresh next time: the repair swaps in a new index folder.
                if self._searcher is not None:
                    self._searcher.close()
                self._searcher = None
                raise

    def search(self, query: str, **options: Any) -> SearchResults:
        """Search with the shared searcher, refreshed first if the index changed."""
        return self.run(lambda searcher: run_search(searcher, query, **options))

    def search_episode(self, episode_id: str, query: str) -> SearchResults:
        """Return every hit of a query in one episode, in passage order."""
        return self.run(lambda searcher: episode_hits(searcher, episode_id, query))

    def close(self) -> None:
        """Release the searcher's files."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
