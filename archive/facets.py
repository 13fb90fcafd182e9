"""Facets, sort orders and collapsing: counted from index columns, never from stored fields.

Every facet is a sortable (column-backed) field, so counting a whole result set is one
pass over its document numbers reading small per-document values; the stored passage
text of a hit is only read for the page that is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh import sorting
from whoosh.searching import Searcher

from archive.errors import QueryError

SORTS = ("relevance", "newest", "oldest")
# Facet name -> the column it counts; "episode" feeds `episode_counts`, not `facets`.
FACET_FIELDS = {
    "speaker": "speaker_name",
    "show": "show_name",
    "year": "year",
    "episode": "episode_id",
}
SHOWN_FACETS = ("speaker", "show", "year")


def check_sort(sort: str) -> None:
    """Raise QueryError unless `sort` is one of SORTS."""
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")


def sort_facet(sort: str) -> sorting.MultiFacet | None:
    """Return the Whoosh sort for an order name; None means by relevance."""
    check_sort(sort)
    if sort == "relevance":
        return None
    # Episode by date, then passages in reading order; the episode id keeps passages
    # of two episodes on the same day apart.
    by_date = (
        sorting.FieldFacet("newest", reverse=True)
        if sort == "newest"
        else sorting.FieldFacet("oldest")
    )
    return sorting.MultiFacet([by_date, sorting.FieldFacet("episode_id"), "order"])


def in_passage_order() -> sorting.FieldFacet:
    """Return the sort that lists one episode's passages from start to end."""
    return sorting.FieldFacet("order")


def _value(key: Any) -> Any:
    return key.decode("utf-8") if isinstance(key, bytes) else key


def facet_list(groups: dict[Any, int]) -> list[dict[str, Any]]:
    """Return facet counts as [{"value", "count"}], biggest first, unknown values left out."""
    items = [(_value(key), count) for key, count in groups.items()]
    items = [(k, c) for k, c in items if k]
    items.sort(key=lambda kc: (-kc[1], str(kc[0]).casefold()))
    return [{"value": k, "count": c} for k, c in items]


def collapse_by_episode(searcher: Searcher, docnums: Iterable[int], limit: int) -> list[int]:
    """Return the first document of each episode, in the given order, up to `limit`."""
    column = searcher.reader().column_reader("episode_id")
    seen: set[Any] = set()
    kept: list[int] = []
    for docnum in docnums:
        episode = column[docnum]
        if episode in seen:
            continue
        seen.add(episode)
        kept.append(docnum)
        if len(kept) >= limit:
            break
    return kept
