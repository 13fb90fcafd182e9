"""Search: one function for the command line and the web app, returning dataclasses.

Engine-neutral: the query text is read into Verbatim's query tree, the engine
(archive.engines) runs it, and the hits, notes, facets and "did you mean" are built here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date as Date
from typing import TYPE_CHECKING, Any, TypeVar

from archive.engines import open_engine
from archive.engines.base import Reader, SearchRequest
from archive.errors import QueryError
from archive.query.budget import (
    SEARCH_TIME_BUDGET_S,
    TIME_BUDGET_NOTE,
    OutOfTime,
    deadline,
)
from archive.query.cost import is_expensive
from archive.query.filters import build_filter
from archive.query.language import parse_query
from archive.query.tree import NOTHING, Every, Node
from archive.search.facets import SHOWN_FACETS, check_sort, facet_list
from archive.search.results import Hit, SearchResults, make_hit
from archive.search.suggest import suggest_query
from archive.store.folder import Archive

if TYPE_CHECKING:
    from archive.search.service import SearchService

# The result dataclasses are importable from here too: callers search and read hits.
__all__ = [
    "MAX_PAGE_SIZE",
    "Hit",
    "Prepared",
    "SearchResults",
    "episode_hits",
    "prepare",
    "run_search",
    "search",
    "search_episode",
    "with_reader",
]

MAX_PAGE_SIZE = 100
# "Did you mean" is offered when a search finds this many passages or fewer.
SUGGEST_AT_MOST = 5
T = TypeVar("T")


@dataclass(frozen=True)
class Prepared:
    """A query read into a tree, with its filter and notes."""

    query: Node
    restrict: Node | None
    notes: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """Return True when there is nothing to search for."""
        return self.query == NOTHING


def prepare(query: str, **filters: Any) -> Prepared:
    """Read the query text and filters; never raise for the text."""
    restrict = build_filter(**filters)
    tree, notes = parse_query(query or "")
    if tree == NOTHING and restrict is not None:
        # Filters alone list every passage they allow, e.g. all of one speaker's words.
        tree = Every()
    return Prepared(tree, restrict, notes)


# --- running a search -------------------------------------------------------------------


def _check_paging(page: int, page_size: int) -> None:
    if not isinstance(page, int) or page < 1:
        raise QueryError(f"page must be 1 or more, not {page!r}")
    if not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise QueryError(f"page size must be between 1 and {MAX_PAGE_SIZE}, not {page_size!r}")


def run_search(
    reader: Reader,
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
    """Search with an open reader: the core both `search` and SearchService use.

    A search still running after `time_budget_s` seconds returns what it found, noted.
    """
    _check_paging(page, page_size)
    check_sort(sort)
    # One deadline for everything the query drives, from expanding its patterns to "did
    # you mean"; each loop checks it (archive.query.budget).
    with deadline(time_budget_s):
        return _run_search(
            reader,
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
            collapse=collapse,
            page=page,
            page_size=page_size,
            suggest=suggest,
        )


def _with_note(notes: tuple[str, ...], cut: bool) -> tuple[str, ...]:
    return (*notes, TIME_BUDGET_NOTE) if cut and TIME_BUDGET_NOTE not in notes else notes


def _run_search(
    reader: Reader,
    query: str,
    *,
    filters: dict[str, Any],
    sort: str,
    collapse: bool,
    page: int,
    page_size: int,
    suggest: bool,
) -> SearchResults:
    prepared = prepare(query, **filters)
    empty = SearchResults(
        query=query, total=0, page=page, page_size=page_size, sort=sort, collapse=collapse
    )
    if prepared.empty:
        return replace(empty, notes=prepared.notes)
    ranked = reader.search(
        SearchRequest(
            prepared.query,
            prepared.restrict,
            sort=sort,
            limit=page * page_size,
            offset=(page - 1) * page_size,
            collapse=collapse,
        )
    )
    notes = _with_note((*prepared.notes, *ranked.notes), ranked.cut)
    counts = {k: c for k, c in ranked.facets.get("episode", {}).items() if k}
    total = len(counts) if collapse else ranked.total
    hits = []
    for found in ranked.hits:
        hit = make_hit(found.stored, found.score, ranked.terms)
        hits.append(replace(hit, episode_matches=counts.get(hit.episode_id, 1)))
    suggestion = None
    # A search that ran out of time has no spare time for the extra searches of a suggestion;
    # and one that found plenty needs none. Scanning the lexicon for near spellings was 92%
    # of a rare-word query's time (benchmarks/, 1,000 episodes), so it runs only when a
    # misspelling is likely what went wrong.
    if suggest and query and not ranked.cut and total <= SUGGEST_AT_MOST:
        try:
            suggestion = suggest_query(
                reader, query, total, lambda text: _count(reader, text, prepared.restrict)
            )
        except OutOfTime:
            suggestion = None  # the results are whole; only the suggestion ran out of time
    return SearchResults(
        query=query,
        total=total,
        page=page,
        page_size=page_size,
        hits=tuple(hits),
        notes=notes,
        facets={name: facet_list(ranked.facets.get(name, {})) for name in SHOWN_FACETS},
        sort=sort,
        collapse=collapse,
        episode_counts={h.episode_id: h.episode_matches for h in hits},
        passages=ranked.total,
        suggestion=suggestion,
    )


def _count(reader: Reader, text: str, restrict: Node | None) -> int:
    tree, _ = parse_query(text)
    return 0 if tree == NOTHING else reader.count(tree, restrict)


def episode_hits(
    reader: Reader,
    episode_id: str,
    query: str,
    time_budget_s: float | None = SEARCH_TIME_BUDGET_S,
) -> SearchResults:
    """Return every hit of a query in one episode, in passage order, highlighted.

    Like a search, it stops after `time_budget_s` with what it found, noted.
    """
    with deadline(time_budget_s):
        return _episode_hits(reader, episode_id, query)


def _episode_hits(reader: Reader, episode_id: str, query: str) -> SearchResults:
    prepared = prepare(query, episode=episode_id)
    if prepared.empty or isinstance(prepared.query, Every):
        return SearchResults(query=query, total=0, page=1, page_size=1, notes=prepared.notes)
    ranked = reader.search(
        SearchRequest(prepared.query, prepared.restrict, sort="passage", limit=None, count=False)
    )
    hits = tuple(make_hit(found.stored, 0.0, ranked.terms) for found in ranked.hits)
    hits = tuple(replace(h, episode_matches=len(hits)) for h in hits)
    return SearchResults(
        query=query,
        total=len(hits),
        page=1,
        page_size=max(1, len(hits)),
        hits=hits,
        notes=_with_note((*prepared.notes, *ranked.notes), ranked.cut),
        episode_counts={episode_id: len(hits)} if hits else {},
        passages=len(hits),
    )


def search(archive: Archive, query: str, **options: Any) -> SearchResults:
    """Search the archive once; see `run_search` for the options."""
    return with_reader(archive, lambda reader: run_search(reader, query, **options))


def with_reader(
    source: SearchService | Archive | Reader,
    fn: Callable[[Reader], T],
    *,
    expensive: bool = False,
) -> T:
    """Call `fn` with an engine reader from a service, an archive or an open reader.

    `expensive` work runs in a service's lane for expensive queries (archive.search.service).
    """
    run = getattr(source, "run", None)
    if run is not None:  # a SearchService: its shared, refreshed reader
        return run(fn, expensive=expensive)
    if not isinstance(source, Archive):  # an open reader
        return fn(source)
    engine = open_engine(source)
    reader = engine.reader()
    try:
        return engine.reading(lambda: fn(reader))
    finally:
        reader.close()


def search_episode(
    source: SearchService | Archive | Reader,
    episode_id: str,
    query: str,
    time_budget_s: float | None = SEARCH_TIME_BUDGET_S,
) -> SearchResults:
    """Return every hit of a query in one episode, in passage order, highlighted."""
    return with_reader(
        source,
        lambda reader: episode_hits(reader, episode_id, query, time_budget_s),
        expensive=is_expensive(query),
    )
