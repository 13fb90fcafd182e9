"""Search results as rows for a spreadsheet or a script: CSV and JSON from the same rows."""

from __future__ import annotations

import csv
import io
import json
from datetime import date as Date
from typing import TYPE_CHECKING, Any

from archive.engines.base import Reader, SearchRequest
from archive.errors import QueryError
from archive.query.budget import TIME_BUDGET_NOTE, deadline
from archive.query.cost import is_expensive
from archive.search.facets import check_sort
from archive.search.results import make_hit
from archive.search.run import prepare, with_reader
from transcripts.timecodes import format_clock

if TYPE_CHECKING:
    from archive.search.service import SearchService
    from archive.store.folder import Archive

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
TOO_SLOW_TO_EXPORT = (
    "this search takes too long to export in full; narrow it with fewer or more specific "
    "words, a speaker, a show or dates"
)


def _rows(
    reader: Reader,
    query: str,
    sort: str,
    limit: int,
    time_budget_s: float | None,
    **filters: Any,
) -> list[dict]:
    check_sort(sort)
    # The clock starts once the reader is lent, not while waiting for it.
    with deadline(time_budget_s):
        prepared = prepare(query, **filters)
        if prepared.empty:
            return []
        ranked = reader.search(
            SearchRequest(
                prepared.query, prepared.restrict, sort=sort, limit=limit, count=False, terms=False
            )
        )
    if ranked.cut or TIME_BUDGET_NOTE in prepared.notes or TIME_BUDGET_NOTE in ranked.notes:
        # A download is material to work through: a silently partial one would mislead.
        raise QueryError(TOO_SLOW_TO_EXPORT)
    return [_row(make_hit(found.stored, 0.0, None)) for found in ranked.hits]


def _row(hit: Any) -> dict[str, Any]:
    # No highlighting: an export carries the words, not the marks.
    return {
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


def export_rows(
    source: SearchService | Archive | Reader,
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
    time_budget_s: float | None = None,
) -> list[dict[str, Any]]:
    """Return the matching passages as flat rows (see COLUMNS), best or newest first.

    With `time_budget_s`, a search still running after it raises QueryError: an export
    is whole or refused, never silently partial.
    """
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
    return with_reader(
        source,
        lambda s: _rows(s, query, sort, limit, time_budget_s, **filters),
        expensive=is_expensive(query),
    )


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
