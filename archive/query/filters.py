"""Filters: who, which show, episode or section, and when, as nodes of the query tree."""

from __future__ import annotations

import re
from datetime import date as Date

from archive.errors import QueryError
from archive.query.tree import DateRange, Node, Phrase, Term, all_of
from archive.query.words import exact_words, fold_key

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_bound(value: str | Date | None, *, end: bool) -> int | None:
    """Return a date (or year, or month) as its first or `end` day, as yyyymmdd."""
    if value is None or value == "":
        return None
    if isinstance(value, Date):
        return value.year * 10000 + value.month * 100 + value.day
    match = _DATE.match(str(value).strip())
    if match is None:
        raise QueryError(f"invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.group(1), match.group(2), match.group(3)
    month_n = int(month) if month else (12 if end else 1)
    day_n = int(day) if day else (31 if end else 1)
    if not (1 <= month_n <= 12 and 1 <= day_n <= 31):
        raise QueryError(f"invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    return int(year) * 10000 + month_n * 100 + day_n


def _words_query(fieldname: str, text: str) -> Node | None:
    # Names and titles are indexed as folded words, like the exact field.
    words = exact_words(text)
    if not words:
        return None
    return Phrase(fieldname, tuple(words)) if len(words) > 1 else Term(fieldname, words[0])


def build_filter(
    *,
    speaker: str | None = None,
    person: str | None = None,
    show: str | None = None,
    episode: str | None = None,
    section: str | None = None,
    date_from: str | Date | None = None,
    date_to: str | Date | None = None,
) -> Node | None:
    """Return the tree that restricts results, or None for no restriction."""
    parts: list[Node] = []
    if speaker and speaker.strip():
        # Any part of any name the speaker goes by, folded: "sochua", "Élodie" = "elodie".
        name = _words_query("speaker", speaker)
        if name is not None:
            parts.append(name)
    if person and person.strip():
        # One person exactly, by their registry id: "Sokha" must not also find "Sokha Chan".
        parts.append(Term("speaker_id", person.strip()))
    if show and show.strip():
        parts.append(Term("show_key", fold_key(show)))
    if episode and episode.strip():
        parts.append(Term("episode_id", episode.strip()))
    if section and section.strip():
        # The words of a section title, in order: "opening" finds "The opening".
        title = _words_query("section", section)
        if title is not None:
            parts.append(title)
    low = date_bound(date_from, end=False)
    high = date_bound(date_to, end=True)
    if low is not None or high is not None:
        parts.append(DateRange(low, high))
    return all_of(parts) if parts else None
