"""Reading what people type: query text into Whoosh queries, and filters into restrictions.

Query text never raises: syntax Whoosh cannot read, or reads as nothing useful, falls
back to a search for the plain words, with a note saying so.
"""

from __future__ import annotations

import re
from datetime import date as Date

from whoosh import query as wq
from whoosh.qparser import AndGroup, QueryParser, plugins

from archive.analysis import WORD, analyse, normalise_chars
from archive.errors import QueryError
from archive.index import SCHEMA, fold_key

DEGRADED_NOTE = "Couldn't read the query as written; searched for the words instead."
# Field prefixes people may type; anything else before a colon is just words.
QUERY_FIELDS = {"speaker", "show", "section", "exact"}
OPERATORS = {"AND", "OR", "NOT"}

_FIELD_PREFIX = re.compile(r"(?<![\w\"])(\w+):")
_BARE_PHRASE = re.compile(r'(?<![:\w])"([^"]*)"')
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# --- reading the query -------------------------------------------------------------------


def _parser() -> QueryParser:
    parser = QueryParser("stem", SCHEMA, group=AndGroup)
    # Single quotes are apostrophes in speech ("don't"); boosts, ranges and `*:*` are
    # syntax no journalist means to type.
    for unwanted in (
        plugins.SingleQuotePlugin,
        plugins.BoostPlugin,
        plugins.RangePlugin,
        plugins.EveryPlugin,
    ):
        parser.remove_plugin_class(unwanted)
    return parser


_PARSER = _parser()


def _looks_broken(text: str) -> bool:
    if text.count('"') % 2:
        return True
    outside = re.sub(r'"[^"]*"', " x ", text)
    depth = 0
    for char in outside:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return True
    if depth:
        return True
    words = re.sub(r"[()]", " ", outside).split()
    if not words or words[-1] in OPERATORS or words[0] in {"AND", "OR"}:
        return True
    return any(
        a in OPERATORS and b in {"AND", "OR"} for a, b in zip(words, words[1:], strict=False)
    )


def _rewrite(text: str) -> str:
    def field_prefix(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        return f"{name}:" if name in QUERY_FIELDS else f"{match.group(1)} "

    text = _FIELD_PREFIX.sub(field_prefix, text)
    # A quoted phrase without a field means "these exact words": no stemming.
    return _BARE_PHRASE.sub(lambda m: f'exact:"{m.group(1)}"' if m.group(1).strip() else " ", text)


def _usable(q: wq.Query) -> bool:
    if q is wq.NullQuery or isinstance(q, wq.Every):
        return False
    return not any(isinstance(leaf, wq.Every) for leaf in q.leaves())


def _plain_words(text: str) -> wq.Query:
    stemmer = SCHEMA["stem"].analyzer
    words = [w for w in WORD.findall(text) if w not in OPERATORS]
    terms = [wq.Term("stem", t) for w in words for t in analyse(stemmer, w)]
    return wq.And(terms) if terms else wq.NullQuery


def parse_query(text: str) -> tuple[wq.Query, tuple[str, ...]]:
    """Read query text into a Whoosh query and notes; never raise for what people type."""
    text = normalise_chars(text).strip()
    if not text:
        return wq.NullQuery, ()
    if not _looks_broken(text):
        try:
            q = _PARSER.parse(_rewrite(text))
        except Exception:  # any parser failure degrades to plain words, by design
            q = wq.NullQuery
        if _usable(q):
            return q, ()
    return _plain_words(text), (DEGRADED_NOTE,)


# --- filters ----------------------------------------------------------------------------


def _date_bound(value: str | Date | None, *, end: bool) -> int | None:
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


def build_filter(
    *,
    speaker: str | None = None,
    show: str | None = None,
    episode: str | None = None,
    date_from: str | Date | None = None,
    date_to: str | Date | None = None,
) -> wq.Query | None:
    """Return the query that restricts results, or None for no restriction."""
    parts: list[wq.Query] = []
    if speaker and speaker.strip():
        # Any part of a name matches: "Lovelace" finds "Ada Lovelace".
        words = analyse(SCHEMA["speaker"].analyzer, speaker)
        if words:
            name: wq.Query = (
                wq.Phrase("speaker", words) if len(words) > 1 else wq.Term("speaker", words[0])
            )
            parts.append(name)
    if show and show.strip():
        parts.append(wq.Term("show_key", fold_key(show)))
    if episode and episode.strip():
        parts.append(wq.Term("episode_id", episode.strip()))
    low = _date_bound(date_from, end=False)
    high = _date_bound(date_to, end=True)
    if low is not None or high is not None:
        parts.append(wq.NumericRange("date", low, high))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)
