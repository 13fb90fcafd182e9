"""Search results as downloads: CSV for spreadsheets, JSON for scripts, one row per passage."""

from __future__ import annotations

import re
from typing import Any

from flask import Response, current_app, request

from archive.search.export import COLUMNS, export_rows, to_csv
from web.params import SearchParams
from web.resources import get_search

# Enough for a story's research; a bigger pull is what the CLI and the API's paging are for.
EXPORT_LIMIT = 1000


def rows_for(params: SearchParams, *, limit: int = EXPORT_LIMIT) -> list[dict[str, Any]]:
    """Return a whole search as export rows, each permalink an absolute URL."""
    # Every matching passage, even when the page shows one per episode: a download is
    # material to work through, and "best hit per episode" is a way of reading it.
    rows = export_rows(
        get_search(),
        params.q,
        **params.filter_options(),
        sort=params.sort,
        limit=limit,
        time_budget_s=current_app.config["SEARCH_TIME_BUDGET_S"],
    )
    root = request.url_root.rstrip("/")
    for row in rows:
        link = row.get("permalink") or ""
        if link.startswith("/"):
            row["permalink"] = root + link
    return rows


def download_name(params: SearchParams, extension: str) -> str:
    """Return a file name that says what was searched: `verbatim-night-train.csv`."""
    slug = re.sub(r"[^a-z0-9]+", "-", params.q.casefold()).strip("-")[:40].strip("-")
    return f"verbatim-{slug or 'search'}.{extension}"


def csv_response(params: SearchParams) -> Response:
    """Return the search as a CSV download."""
    # Excel opens downloads: with the byte-order mark it reads UTF-8 names correctly.
    body = to_csv(rows_for(params), bom=True)
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{download_name(params, "csv")}"'
    )
    return response


def json_export(params: SearchParams) -> dict[str, Any]:
    """Return the search as one JSON document: what was asked, and every row."""
    rows = rows_for(params)
    return {
        "query": params.q,
        "filters": {k: v for k, v in params.filters().items() if v},
        "sort": params.sort,
        "exported": len(rows),
        "limit": EXPORT_LIMIT,
        "columns": list(COLUMNS),
        "rows": rows,
    }
