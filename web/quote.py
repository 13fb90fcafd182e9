"""The quote checker's page and its JSON twin, both built from `archive.research.quote`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for

from archive.errors import QueryError
from archive.research.quote import MAX_QUOTE_CHARS, QuoteResults, check_quote
from web.resources import get_search

bp = Blueprint("quote", __name__)

DEFAULT_LIMIT = 5
MAX_WEB_LIMIT = 20


def _limit(value: str | None) -> int:
    """Read `limit`; a bad one is the client's mistake, so it is a 400, not a crash."""
    if value is None or value == "":
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError:
        raise QueryError(f"limit must be a whole number, not {value!r}") from None
    if not 1 <= limit <= MAX_WEB_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_WEB_LIMIT}, not {limit}")
    return limit


def _check(text: str) -> QuoteResults:
    return check_quote(
        get_search(),
        text,
        limit=_limit(request.args.get("limit")),
        speaker=request.args.get("speaker") or None,
        show=request.args.get("show") or None,
        time_budget_s=current_app.config["SEARCH_TIME_BUDGET_S"],
    )


@bp.get("/quote")
def page() -> tuple[str, int]:
    """Show the quote form and, for a pasted quote, the closest passages with their diffs."""
    text = request.args.get("text", "")
    results, error, status = None, None, 200
    if text.strip():
        try:
            results = _check(text)
        except QueryError as exc:
            # A quote that is too long is answered on the form itself, with the text kept.
            error, status = str(exc)[:1].upper() + str(exc)[1:], 400
    return render_template(
        "quote.html",
        text=text,
        speaker=request.args.get("speaker", ""),
        results=results,
        error=error,
        max_chars=MAX_QUOTE_CHARS,
    ), status


@bp.get("/api/quote")
def api() -> dict[str, Any]:
    """Return the contract's quote JSON, each match with its page links as full URLs."""
    data = _check(request.args.get("text", "")).to_dict()
    for match in data["matches"]:
        match["permalink"] = url_for(
            "pages.passage", passage_id=match["passage_id"], _external=True
        )
        match["episode_url"] = url_for(
            "pages.episode",
            episode_id=match["episode_id"],
            _anchor=match["passage_id"],
            _external=True,
        )
    return data
