"""Search: one function for the command line and the web app, returning dataclasses."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date as Date
from typing import TYPE_CHECKING, Any, TypeVar

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.collectors import TimeLimit
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
from archive.query_cost import is_expensive
from archive.results import Hit, SearchResults, make_hit
from archive.suggest import suggest_query
from archive.time_budget import (
    SEARCH_TIME_BUDGET_S,
    TIME_BUDGET_NOTE,
    collect_within,
    deadline,
)

if TYPE_CHECKING:
    from archive.service import SearchService
    from archive.store import Archive

# The result dataclasses are importable from here too: callers search and read hits.
__all__ = [
    "MAX_PAGE_SIZE",
    "Hit",
    "SearchResults",
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

    A search still running after `time_budget_s` seconds returns what it found, noted.
    """
    _check_paging(page, page_size)
    sortedby = sort_facet(sort)
    # One deadline for everything the query drives, from expanding its patterns to "did
    # you mean"; each loop checks it (archive.time_budget).
    with deadline(time_budget_s):
        return _run_search(
            searcher,
            query,
            filters={
                "speaker": speaker,
                "person": person,
                "show": show,
                "episode": episode,
                "section": section,
                "date_from": date_from,
                "date_to": date_to,
            },
            sort=sort,
            sortedby=sortedby,
            collapse=collapse,
            page=page,
            page_size=page_size,
            suggest=suggest,
        )


def _run_search(
    searcher: Searcher,
    query: str,
    *,
    filters: dict[str, Any],
    sort: str,
    sortedby: Any,
    collapse: bool,
    page: int,
    page_size: int,
    suggest: bool,
) -> SearchResults:
    prepared = prepare(searcher, query, **filters)
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
        None,  # the deadline of run_search's block
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
        counted = count_matches(searcher, prepared.query, prepared.restrict)
    cut = cut or counted.cut or TIME_BUDGET_NOTE in prepared.notes
    notes = prepared.notes
    if cut and TIME_BUDGET_NOTE not in notes:
        notes = (*notes, TIME_BUDGET_NOTE)
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
        try:
            suggestion = suggest_query(
                searcher, query, total, lambda text: _count(searcher, text, prepared.restrict)
            )
        except TimeLimit:
            suggestion = None  # the results are whole; only the suggestion ran out of time
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


def episode_hits(
    searcher: Searcher,
    episode_id: str,
    query: str,
    time_budget_s: float | None = SEARCH_TIME_BUDGET_S,
) -> SearchResults:
    """Return every hit of a query in one episode, in passage order, highlighted.

    Like a search, it stops after `time_budget_s` with what it found, noted.
    """
    with deadline(time_budget_s):
        return _episode_hits(searcher, episode_id, query)


def _episode_hits(searcher: Searcher, episode_id: str, query: str) -> SearchResults:
    prepared = prepare(searcher, query, episode=episode_id)
    if prepared.empty or isinstance(prepared.query, wq.Every):
        return SearchResults(query=query, total=0, page=1, page_size=1, notes=prepared.notes)
    results, cut = collect_within(
        searcher,
        prepared.query,
        prepared.restrict,
        None,  # the deadline of episode_hits' block
        limit=None,
        sortedby=in_passage_order(),
    )
    terms = collect_terms(prepared.query, searcher.reader())
    hits = tuple(make_hit(searcher, docnum, 0.0, terms) for docnum, _ in results.items())
    hits = tuple(replace(h, episode_matches=len(hits)) for h in hits)
    notes = prepared.notes
    if cut and TIME_BUDGET_NOTE not in notes:
        notes = (*notes, TIME_BUDGET_NOTE)
    return SearchResults(
        query=query,
        total=len(hits),
        page=1,
        page_size=max(1, len(hits)),
        hits=hits,
        notes=notes,
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


def search(archive: Archive, query: str, **options: Any) -> SearchResults:
    """Search the archive once; see `run_search` for the options."""
    return with_searcher(archive, lambda searcher: run_search(searcher, query, **options))


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


def with_searcher(
    source: SearchService | Archive | Searcher,
    fn: Callable[[Searcher], T],
    *,
    expensive: bool = False,
) -> T:
    """Call `fn` with a searcher from a service, an archive or an open searcher.

    `expensive` work runs in a service's lane for expensive queries (archive.service).
    """
    if isinstance(source, Searcher):
        return fn(source)
    run = getattr(source, "run", None)
    if run is not None:  # a SearchService: its shared, refreshed searcher
        return run(fn, expensive=expensive)
    ix = open_reader_index(source)
    try:
        with ix.searcher() as searcher:
            return reading_index(lambda: fn(searcher))
    finally:
        ix.close()


def search_episode(
    source: SearchService | Archive | Searcher,
    episode_id: str,
    query: str,
    time_budget_s: float | None = SEARCH_TIME_BUDGET_S,
) -> SearchResults:
    """Return every hit of a query in one episode, in passage order, highlighted."""
    return with_searcher(
        source,
        lambda searcher: episode_hits(searcher, episode_id, query, time_budget_s),
        expensive=is_expensive(query),
    )
