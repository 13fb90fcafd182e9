"""Search results as downloads: CSV for spreadsheets, JSON for scripts, one row per passage."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from flask import Response, request

from archive.results_export import COLUMNS, export_rows
from web.params import SearchParams
from web.resources import get_search

# Enough for a story's research; a bigger pull is what the CLI and the API's paging are for.
EXPORT_LIMIT = 1000
# A spreadsheet runs a cell that starts with one of these as a formula: a transcript line
# like "=HYPERLINK(...)" must open as text, so such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def rows_for(params: SearchParams, *, limit: int = EXPORT_LIMIT) -> list[dict[str, Any]]:
    """Return a whole search as export rows, each permalink an absolute URL."""
    # Every matching passage, even when the page shows one per episode: a download is
    # material to work through, and "best hit per episode" is a way of reading it.
    rows = export_rows(
        get_search(), params.q, **params.filter_options(), sort=params.sort, limit=limit
    )
    root = request.url_root.rstrip("/")
    for row in rows:
        link = row.get("permalink") or ""
        if link.startswith("/"):
            row["permalink"] = root + link
    return rows


def rows_to_csv(rows: list[dict[str, Any]]) -> str:
    """Return rows as CSV text with a header line, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(row.get(key)) for key in COLUMNS})
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Return a value as a spreadsheet will show it, never as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def download_name(params: SearchParams, extension: str) -> str:
    """Return a file name that says what was searched: `verbatim-night-train.csv`."""
    slug = re.sub(r"[^a-z0-9]+", "-", params.q.casefold()).strip("-")[:40].strip("-")
    return f"verbatim-{slug or 'search'}.{extension}"


def csv_response(params: SearchParams) -> Response:
    """Return the search as a CSV download."""
    # A byte-order mark lets Excel read the UTF-8 names (Élodie) instead of guessing cp1252.
    body = "\ufeff" + rows_to_csv(rows_for(params))
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
