"""Search results as rows for a spreadsheet or a script: CSV and JSON from the same rows."""

from __future__ import annotations

import csv
import io
import json
from datetime import date as Date
from typing import TYPE_CHECKING, Any

from whoosh.searching import Searcher

from archive.errors import QueryError
from archive.facets import sort_facet
from archive.query import prepare
from archive.results import make_hit
from archive.search import with_searcher
from transcripts.timecodes import format_clock

if TYPE_CHECKING:
    from archive.service import SearchService
    from archive.store import Archive

COLUMNS = (
    "date",
    "show",
    "episode_id",
    "episode_title",
    "speaker",
    "section",
    "start",
    "start_ms",
    "end_ms",
    "text",
    "permalink",
)
MAX_EXPORT = 10_000
# A spreadsheet runs a cell that starts with one of these as a formula: a transcript line
# like "=HYPERLINK(...)" must open as text, so such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A byte-order mark lets Excel read UTF-8 names (Élodie) instead of guessing cp1252.
BOM = "\ufeff"


def _rows(searcher: Searcher, query: str, sort: str, limit: int, **filters: Any) -> list[dict]:
    prepared = prepare(searcher, query, **filters)
    if prepared.empty:
        return []
    results = searcher.search(
        prepared.query,
        limit=limit,
        filter=prepared.restrict,
        sortedby=sort_facet(sort),
        terms=False,
    )
    rows = []
    for docnum, _ in results.items():
        # No highlighting: an export carries the words, not the marks.
        hit = make_hit(searcher, docnum, 0.0, None)
        rows.append(
            {
                "date": hit.date,
                "show": hit.show,
                "episode_id": hit.episode_id,
                "episode_title": hit.episode_title,
                "speaker": hit.speaker,
                "section": hit.section,
                "start": format_clock(hit.start_ms) if hit.start_ms is not None else None,
                "start_ms": hit.start_ms,
                "end_ms": hit.end_ms,
                "text": hit.text,
                "permalink": hit.url,
            }
        )
    return rows


def export_rows(
    source: SearchService | Archive | Searcher,
    query: str,
    *,
    speaker: str | None = None,
    show: str | None = None,
    episode: str | None = None,
    section: str | None = None,
    date_from: str | Date | None = None,
    date_to: str | Date | None = None,
    sort: str = "relevance",
    limit: int = 1000,
) -> list[dict[str, Any]]:
    """Return the matching passages as flat rows (see COLUMNS), best or newest first."""
    if not isinstance(limit, int) or not 1 <= limit <= MAX_EXPORT:
        raise QueryError(f"export limit must be between 1 and {MAX_EXPORT}, not {limit!r}")
    filters = {
        "speaker": speaker,
        "show": show,
        "episode": episode,
        "section": section,
        "date_from": date_from,
        "date_to": date_to,
    }
    return with_searcher(source, lambda s: _rows(s, query, sort, limit, **filters))


def to_csv(rows: list[dict[str, Any]], *, bom: bool = False) -> str:
    """Return rows as RFC 4180 CSV text (CRLF, header row), safe to open in a spreadsheet."""
    out = io.StringIO(newline="")
    if bom:
        out.write(BOM)
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


def to_json(rows: list[dict[str, Any]]) -> str:
    """Return rows as a JSON array."""
    return json.dumps(rows, ensure_ascii=False, indent=2)
