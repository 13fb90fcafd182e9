"""Search requests from query-string arguments: shared by the search page and its JSON twin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, current_app
from werkzeug.datastructures import MultiDict

from archive.query.language import MAX_QUERY_CHARS
from archive.search.facets import SORTS
from archive.search.results import SearchResults
from archive.search.run import MAX_PAGE_SIZE
from web.resources import get_search

# Bounds on what a URL may ask for. A query over MAX_QUERY_CHARS is still read (cut
# short, with a note); one far over it is no quote anybody typed, so it is refused.
MAX_Q_CHARS = 4 * MAX_QUERY_CHARS
MAX_FILTER_CHARS = 200
# Past this page a reader is scanning the archive, which the CSV export does better.
MAX_PAGE = 500
# What a checkbox or a hand-typed URL may send for "yes".
_TRUE = {"1", "on", "true", "yes"}
_FALSE = {"", "0", "off", "false", "no"}


@dataclass(frozen=True)
class SearchParams:
    """What the reader asked for: the query text, the filters, the order and the page."""

    q: str = ""
    speaker: str | None = None
    show: str | None = None
    episode: str | None = None
    section: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    collapse: bool = False
    page: int = 1
    page_size: int = 20

    @property
    def is_empty(self) -> bool:
        """Return True when there is nothing to search for."""
        return not self.q and not any(self.filters().values())

    def filters(self) -> dict[str, str | None]:
        """Return the filters by their query-string names, set or not."""
        return {
            "speaker": self.speaker,
            "show": self.show,
            "episode": self.episode,
            "section": self.section,
            "from": self.date_from,
            "to": self.date_to,
        }

    def to_args(self, **changes: Any) -> dict[str, Any]:
        """Return the query-string arguments for these params, with some changed."""
        args: dict[str, Any] = {
            "q": self.q,
            **self.filters(),
            "sort": self.sort,
            "collapse": "1" if self.collapse else None,
            "page": self.page,
        }
        args.update(changes)
        # Leave defaults out so that shared links stay short and readable.
        defaults = {("page", 1), ("sort", "relevance"), ("collapse", False)}
        return {k: v for k, v in args.items() if v not in (None, "") and (k, v) not in defaults}

    def filter_options(self) -> dict[str, Any]:
        """Return the filters as the engine's keyword arguments."""
        return {
            "speaker": self.speaker,
            "show": self.show,
            "episode": self.episode,
            "section": self.section,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }

    def search_options(self) -> dict[str, Any]:
        """Return the keyword arguments for the search service."""
        return {
            **self.filter_options(),
            "sort": self.sort,
            "collapse": self.collapse,
            "page": self.page,
            "page_size": self.page_size,
        }


@dataclass(frozen=True)
class Chip:
    """An active filter as the reader sees it, with the link that removes it."""

    label: str
    value: str
    remove_args: dict[str, Any]


_CHIP_LABELS = {
    "speaker": "Speaker",
    "show": "Show",
    "episode": "Episode",
    "section": "Section",
    "from": "From",
    "to": "To",
}


def active_filters(params: SearchParams) -> list[Chip]:
    """Return one chip per filter in use, each removing only itself (and the page)."""
    chips = []
    for name, value in params.filters().items():
        if value:
            chips.append(Chip(_CHIP_LABELS[name], value, params.to_args(**{name: None, "page": 1})))
    return chips


def year_bounds(year: str) -> dict[str, str]:
    """Return the from/to arguments that cover one calendar year."""
    # Full dates, not `2024`, so the page's date inputs can show them back.
    return {"from": f"{year}-01-01", "to": f"{year}-12-31"}


@dataclass(frozen=True)
class FacetLink:
    """One facet value with its count and the search that adds (or drops) it as a filter."""

    value: str
    count: int
    args: dict[str, Any]
    active: bool


@dataclass(frozen=True)
class FacetGroup:
    """The facet values of one field, biggest first."""

    name: str
    label: str
    links: tuple[FacetLink, ...]


_FACETS = (("speaker", "Speaker"), ("show", "Show"), ("year", "Year"))


def facet_groups(
    params: SearchParams, facets: dict[str, list[dict[str, Any]]], *, limit: int
) -> list[FacetGroup]:
    """Return links for the speaker, show and year facets; following one filters by it."""
    current = {"speaker": params.speaker, "show": params.show, "year": _active_year(params)}
    groups = []
    for name, label in _FACETS:
        links = []
        for item in facets.get(name, [])[:limit]:
            value = str(item["value"])
            active = (current[name] or "").casefold() == value.casefold()
            if name == "year":
                changes: dict[str, Any] = (
                    {"from": None, "to": None} if active else year_bounds(value)
                )
            else:
                changes = {name: None if active else value}
            links.append(
                FacetLink(value, int(item["count"]), params.to_args(**changes, page=1), active)
            )
        if links:
            groups.append(FacetGroup(name, label, tuple(links)))
    return groups


def _active_year(params: SearchParams) -> str | None:
    """Return the year when the date filter is exactly one calendar year."""
    if params.date_from and params.date_to:
        year = params.date_from[:4]
        if (params.date_from, params.date_to) == tuple(year_bounds(year).values()):
            return year
    return None


def parse_search_args(args: MultiDict[str, str], *, default_page_size: int) -> SearchParams:
    """Read search params from a query string; abort with 400 on a malformed value."""
    sort = args.get("sort", "").strip().lower() or "relevance"
    if sort not in SORTS:
        abort(400, description=f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    page_size = _integer(args, "page_size", default_page_size)
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        abort(400, description=f"page_size must be between 1 and {MAX_PAGE_SIZE}, not {page_size}")
    page = _integer(args, "page", 1)
    if not 1 <= page <= MAX_PAGE:
        abort(400, description=f"page must be between 1 and {MAX_PAGE}, not {page}")
    q = args.get("q", "").strip()
    if len(q) > MAX_Q_CHARS:
        abort(400, description=f"the query must be at most {MAX_Q_CHARS} characters long")
    return SearchParams(
        q=q,
        speaker=_text(args, "speaker"),
        show=_text(args, "show"),
        episode=_text(args, "episode"),
        section=_text(args, "section"),
        date_from=_text(args, "from"),
        date_to=_text(args, "to"),
        sort=sort,
        collapse=_flag(args, "collapse"),
        page=page,
        page_size=page_size,
    )


def run_search(params: SearchParams) -> SearchResults:
    """Run the search with the app's shared search service, within the app's time budget."""
    budget = current_app.config["SEARCH_TIME_BUDGET_S"]
    return get_search().search(params.q, **params.search_options(), time_budget_s=budget)


def _text(args: MultiDict[str, str], name: str) -> str | None:
    """Return a stripped argument, or None when it is missing or blank; abort if too long."""
    value = args.get(name, "").strip()
    if len(value) > MAX_FILTER_CHARS:
        abort(400, description=f"{name} must be at most {MAX_FILTER_CHARS} characters long")
    return value or None


def _flag(args: MultiDict[str, str], name: str) -> bool:
    """Return a yes/no argument, or abort with 400 naming the argument."""
    raw = args.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    abort(400, description=f"{name} must be 1 or 0, not {raw!r}")


def _integer(args: MultiDict[str, str], name: str, default: int) -> int:
    """Return an integer argument, or abort with 400 naming the argument."""
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if len(raw) > 9:
        # Far past any bound, and int() of thousands of digits is slow: refuse unread.
        abort(400, description=f"{name} must be a small whole number")
    try:
        return int(raw)
    except ValueError:
        abort(400, description=f"{name} must be a whole number, not {raw!r}")
