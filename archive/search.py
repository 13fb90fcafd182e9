"""Search: one function for the command line and the web app, returning dataclasses."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import date as Date
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import sorting
from whoosh.reading import EmptyReader
from whoosh.searching import Searcher

from archive.errors import ArchiveError, QueryError
from archive.highlight import collect_terms, highlight
from archive.index import INDEX_NAME, check_schema
from archive.query import build_filter, parse_query

if TYPE_CHECKING:
    from archive.store import Archive

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Hit:
    """One matching passage with where it comes from and its highlighted text."""

    passage_id: str
    episode_id: str
    episode_title: str
    show: str | None
    date: str | None
    speaker: str | None
    section: str | None
    section_id: str | None
    start_ms: int | None
    end_ms: int | None
    text: str
    highlight: str
    score: float
    url: str

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's hit JSON."""
        return {
            "passage_id": self.passage_id,
            "episode_id": self.episode_id,
            "episode_title": self.episode_title,
            "show": self.show,
            "date": self.date,
            "speaker": self.speaker,
            "section": self.section,
            "section_id": self.section_id,
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
            "text": self.text,
            "highlight": self.highlight,
            "score": round(self.score, 4),
            "url": self.url,
        }


@dataclass(frozen=True)
class SearchResults:
    """One page of hits, the total, notes about how the query was read, and facets."""

    query: str
    total: int
    page: int
    page_size: int
    hits: tuple[Hit, ...] = ()
    notes: tuple[str, ...] = ()
    # {"speaker": [{"value": "Ada", "count": 3}, ...], "show": [...]}, biggest first.
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """Return how many pages the whole result set fills."""
        return max(1, -(-self.total // self.page_size))

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's search JSON."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "pages": self.pages,
            "hits": [hit.to_dict() for hit in self.hits],
            "notes": list(self.notes),
            "facets": self.facets,
        }


# --- running a search -------------------------------------------------------------------


def _check_paging(page: int, page_size: int) -> None:
    if not isinstance(page, int) or page < 1:
        raise QueryError(f"page must be 1 or more, not {page!r}")
    if not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise QueryError(f"page size must be between 1 and {MAX_PAGE_SIZE}, not {page_size!r}")


def _facet_list(groups: dict[Any, int]) -> list[dict[str, Any]]:
    items = [
        (key.decode("utf-8") if isinstance(key, bytes) else key, count)
        for key, count in groups.items()
    ]
    items = [(k, c) for k, c in items if k]
    items.sort(key=lambda kc: (-kc[1], str(kc[0]).casefold()))
    return [{"value": k, "count": c} for k, c in items]


def run_search(
    searcher: Searcher,
    query: str,
    *,
    speaker: str | None = None,
    show: str | None = None,
    episode: str | None = None,
    date_from: str | Date | None = None,
    date_to: str | Date | None = None,
    page: int = 1,
    page_size: int = 20,
) -> SearchResults:
    """Search with an open searcher: the core both `search` and SearchService use."""
    _check_paging(page, page_size)
    restrict = build_filter(
        speaker=speaker, show=show, episode=episode, date_from=date_from, date_to=date_to
    )
    q, notes = parse_query(query or "")
    if q is wq.NullQuery:
        if restrict is None:
            return SearchResults(query=query, total=0, page=page, page_size=page_size, notes=notes)
        # Filters alone list every passage they allow, e.g. all of one speaker's words.
        q = wq.Every()
    facets = {
        "speaker": sorting.FieldFacet("speaker_name", maptype=sorting.Count),
        "show": sorting.FieldFacet("show_name", maptype=sorting.Count),
    }
    results = searcher.search(
        q, limit=page * page_size, filter=restrict, groupedby=facets, terms=False
    )
    terms = collect_terms(q, searcher.reader())
    hits = []
    for hit in results[(page - 1) * page_size : page * page_size]:
        stored = hit.fields()
        text = stored.get("text", "")
        hits.append(
            Hit(
                passage_id=stored["passage_id"],
                episode_id=stored["episode_id"],
                episode_title=stored.get("episode_title") or stored["episode_id"],
                show=stored.get("show_name"),
                date=stored.get("date_str"),
                speaker=stored.get("speaker_name"),
                section=stored.get("section_title"),
                section_id=stored.get("section_id"),
                start_ms=stored.get("start_ms"),
                end_ms=stored.get("end_ms"),
                text=text,
                highlight=highlight(text, terms),
                score=float(hit.score or 0.0),
                url=f"/p/{stored['passage_id']}",
            )
        )
    return SearchResults(
        query=query,
        total=len(results),
        page=page,
        page_size=page_size,
        hits=tuple(hits),
        notes=notes,
        facets={name: _facet_list(results.groups(name)) for name in facets},
    )


def open_reader_index(archive: Archive) -> whoosh_index.Index:
    """Open the archive's index read-only, for searching."""
    check_schema(archive)
    if not whoosh_index.exists_in(str(archive.index_dir), indexname=INDEX_NAME):
        raise ArchiveError(
            f"{archive.root} has no search index; run `verbatim --archive {archive.root} reindex`"
        )
    return whoosh_index.open_dir(str(archive.index_dir), indexname=INDEX_NAME, readonly=True)


def search(archive: Archive, query: str, **options: Any) -> SearchResults:
    """Search the archive once; see `run_search` for the options."""
    ix = open_reader_index(archive)
    try:
        with ix.searcher() as searcher:
            return run_search(searcher, query, **options)
    finally:
        ix.close()


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
            if isinstance(self._searcher.reader(), EmptyReader):
                # Whoosh cannot refresh() a searcher opened on an empty index (its
                # EmptyReader has no segments to reuse): open a new one instead.
                self._searcher.close()
                self._searcher = open_reader_index(self.archive).searcher()
            else:
                self._searcher = self._searcher.refresh()
        return self._searcher

    def search(self, query: str, **options: Any) -> SearchResults:
        """Search with the shared searcher, refreshed first if the index changed."""
        with self._lock:
            return run_search(self._current(), query, **options)

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
