"""Search requests from query-string arguments: shared by the search page and its JSON twin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort
from werkzeug.datastructures import MultiDict

from archive.search import SearchResults
from web.resources import get_search


@dataclass(frozen=True)
class SearchParams:
    """What the reader asked for: the query text, the filters and the page."""

    q: str = ""
    speaker: str | None = None
    show: str | None = None
    episode: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    page: int = 1
    page_size: int = 20

    @property
    def is_empty(self) -> bool:
        """Return True when there is nothing to search for."""
        return not self.q and not any(
            (self.speaker, self.show, self.episode, self.date_from, self.date_to)
        )

    def to_args(self, **changes: Any) -> dict[str, Any]:
        """Return the query-string arguments for these params, with some changed."""
        args: dict[str, Any] = {
            "q": self.q,
            "speaker": self.speaker,
            "show": self.show,
            "episode": self.episode,
            "from": self.date_from,
            "to": self.date_to,
            "page": self.page,
        }
        args.update(changes)
        # Leave defaults out so that shared links stay short and readable.
        return {k: v for k, v in args.items() if v not in (None, "") and (k, v) != ("page", 1)}


def parse_search_args(args: MultiDict[str, str], *, default_page_size: int) -> SearchParams:
    """Read search params from a query string; abort with 400 on a non-numeric page."""
    return SearchParams(
        q=args.get("q", "").strip(),
        speaker=_text(args, "speaker"),
        show=_text(args, "show"),
        episode=_text(args, "episode"),
        date_from=_text(args, "from"),
        date_to=_text(args, "to"),
        page=_integer(args, "page", 1),
        page_size=_integer(args, "page_size", default_page_size),
    )


def run_search(params: SearchParams) -> SearchResults:
    """Run the search; range checks on page and page_size are the search service's."""
    return get_search().search(
        params.q,
        speaker=params.speaker,
        show=params.show,
        episode=params.episode,
        date_from=params.date_from,
        date_to=params.date_to,
        page=params.page,
        page_size=params.page_size,
    )


def _text(args: MultiDict[str, str], name: str) -> str | None:
    """Return a stripped argument, or None when it is missing or blank."""
    value = args.get(name, "").strip()
    return value or None


def _integer(args: MultiDict[str, str], name: str, default: int) -> int:
    """Return an integer argument, or abort with 400 naming the argument."""
    raw = args.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        abort(400, description=f"{name} must be a whole number, not {raw!r}")
