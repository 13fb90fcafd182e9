"""Facets and sort orders as people see them: names, checks, and counts as lists.

Engines count every facet over a whole result set (archive.engines.base.FACET_FIELDS);
the stored passage text of a hit is only read for the page that is shown.
"""

from __future__ import annotations

from typing import Any

from archive.errors import QueryError

SORTS = ("relevance", "newest", "oldest")
SHOWN_FACETS = ("speaker", "show", "year")


def check_sort(sort: str) -> None:
    """Raise QueryError unless `sort` is one of SORTS."""
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")


def _value(key: Any) -> Any:
    return key.decode("utf-8") if isinstance(key, bytes) else key


def facet_list(groups: dict[Any, int]) -> list[dict[str, Any]]:
    """Return facet counts as [{"value", "count"}], biggest first, unknown values left out."""
    items = [(_value(key), count) for key, count in groups.items()]
    items = [(k, c) for k, c in items if k]
    items.sort(key=lambda kc: (-kc[1], str(kc[0]).casefold()))
    return [{"value": k, "count": c} for k, c in items]
