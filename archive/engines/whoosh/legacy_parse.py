"""Reading what people type: query text into Whoosh queries, prepared for a searcher.

Query text never raises: syntax Whoosh cannot read, or reads as nothing useful, falls
back to a search for the plain words, with a note saying so. Whatever would make a
search slow (a leading wildcard, a thousand ORs, a prefix matching half the lexicon)
is refused or capped, with a note.
"""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.query.spans import SpanNear2

from archive.engines.whoosh.analysis import WORD, analyse, normalise_chars
from archive.engines.whoosh.index import SCHEMA
from archive.engines.whoosh.query_parser import OPERATORS, PARSER
from archive.errors import QueryError
from archive.query import tree as t
from archive.query.filters import date_bound
from archive.query.language import (
    BAD_DATE_NOTE,
    DEGRADED_NOTE,
    LEADING_WILDCARD_NOTE,
    MAX_CLAUSES,
    MAX_QUERY_CHARS,
    TOO_LONG_NOTE,
    TOO_MANY_NOTE,
)

# Field prefixes people may type, and the index field each searches.
QUERY_FIELDS = {
    "speaker": "speaker",
    "show": "show",
    "section": "section",
    "episode": "episode",
    "exact": "exact",
}

_FIELD_PREFIX = re.compile(r"(?<![\w\"])(\w+):")
_QUOTED = re.compile(r'("[^"]*"(?:~\d+)?)')
_CURLY_DOUBLE = re.compile("[“”„‟«»]")
_DATE_TERM = re.compile(r"(?<!\S)date:(\S*)", re.I)
_LEADING_WILDCARD = re.compile(r"(?<![^\s(])[*?]+\w\S*")
# A question mark ending a word is punctuation ("who said it?"), not a wildcard.
_TRAILING_QUESTION = re.compile(r"(?<=\w)\?+(?=[\s)]|$)")
_MINUS = re.compile(r"(?<![^\s(])-(?=[\w\"(])")
_PATTERN_WORD = re.compile(r"(?<![\w:\"*?~])(?=\w[^\s()\"]*[*?~])")


# --- rewriting the text before Whoosh reads it ---------------------------------------------


def _outside_quotes(text: str, fn: object) -> str:
    """Apply `fn` to the parts of `text` outside double-quoted phrases."""
    parts = _QUOTED.split(text)
    return "".join(part if i % 2 else fn(part) for i, part in enumerate(parts))  # type: ignore[operator]


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
    words = [w.split("/")[0] for w in re.sub(r"[()]", " ", outside).split()]
    if not words or words[-1] in OPERATORS or words[0] in {"AND", "OR", "NEAR"}:
        return True
    binary = {"AND", "OR", "NEAR"}
    return any(a in OPERATORS and b in binary for a, b in zip(words, words[1:], strict=False))


def _rewrite_part(part: str) -> str:
    def field_prefix(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        return f"{QUERY_FIELDS[name]}:" if name in QUERY_FIELDS else f"{match.group(1)} "

    part = _TRAILING_QUESTION.sub("", part)
    part = _FIELD_PREFIX.sub(field_prefix, part)
    # Prefixes, wildcards and fuzzy words match the folded exact words: stemming a
    # fragment like "generat" would change what it matches.
    return _PATTERN_WORD.sub("exact:", part)


def _rewrite(text: str) -> str:
    text = _outside_quotes(_MINUS.sub("NOT ", text), _rewrite_part)
    # A quoted phrase without a field means "these exact words": no stemming.
    return re.sub(
        r'(?<![:\w])"([^"]*)"',
        lambda m: f'exact:"{m.group(1)}"' if m.group(1).strip() else " ",
        text,
    )


def _date_range(value: str) -> tuple[int | None, int | None] | None:
    """Read `2023`, `2023-05`, `2023-01..2023-06` or `2023..` into yyyymmdd bounds."""
    low_text, sep, high_text = value.partition("..")
    try:
        low = date_bound(low_text, end=False)
        high = date_bound(high_text if sep else low_text, end=True)
    except QueryError:
        return None
    return None if low is None and high is None else (low, high)


def _take_dates(text: str) -> tuple[str, list[wq.Query], list[str]]:
    ranges: list[wq.Query] = []
    notes: list[str] = []

    def take(match: re.Match[str]) -> str:
        bounds = _date_range(match.group(1).strip("()"))
        if bounds is None:
            notes.append(BAD_DATE_NOTE.format(text=match.group(0)))
        else:
            ranges.append(wq.NumericRange("date", *bounds))
        return " "

    return _outside_quotes(text, lambda part: _DATE_TERM.sub(take, part)), ranges, notes


def _take_leading_wildcards(text: str) -> tuple[str, list[str]]:
    found: list[str] = []

    def take(match: re.Match[str]) -> str:
        found.append(match.group(0))
        return " "

    text = _outside_quotes(text, lambda part: _LEADING_WILDCARD.sub(take, part))
    if not found:
        return text, []
    words = ", ".join(f"“{w}”" for w in found)
    return text, [LEADING_WILDCARD_NOTE.format(words=words)]


# --- after parsing -----------------------------------------------------------------------


def _usable(q: wq.Query) -> bool:
    if q is wq.NullQuery or isinstance(q, wq.Every):
        return False
    return not any(isinstance(leaf, wq.Every) for leaf in q.leaves())


def _prune(q: wq.Query, budget: list[int]) -> wq.Query | None:
    """Keep the first `budget` leaves of a query, dropping groups left empty."""
    if q.is_leaf() or isinstance(q, SpanNear2):
        budget[0] -= 1
        return q if budget[0] >= 0 else None
    if isinstance(q, wq.CompoundQuery):
        kept = [c for c in (_prune(s, budget) for s in q.subqueries) if c is not None]
        return q.__class__(kept, boost=q.boost) if kept else None
    children = list(q.children())
    if len(children) == 1:
        child = _prune(children[0], budget)
        return None if child is None else q.apply(lambda _: child)
    return q if budget[0] > 0 else None


def _plain_words(text: str) -> wq.Query:
    stemmer = SCHEMA["stem"].analyzer
    words = [w for w in WORD.findall(text) if w not in OPERATORS][:MAX_CLAUSES]
    terms: list[wq.Query] = []
    for word in words:
        tokens = analyse(stemmer, word)
        if len(tokens) == 1:
            terms.append(wq.Term("stem", tokens[0]))
        elif tokens:
            terms.append(wq.Phrase("stem", tokens))
    return wq.And(terms) if terms else wq.NullQuery


def parse_query(text: str) -> tuple[wq.Query, tuple[str, ...]]:
    """Read query text into a Whoosh query and notes; never raise for what people type."""
    if '"' in text:
        # Straight quotes are the syntax, so curly ones are part of what was said: a quote
        # pasted with the quotation inside it ("he called it “recursive” then") stays whole.
        text = _CURLY_DOUBLE.sub(" ", text)
    text = normalise_chars(text).strip()
    notes: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0]
        notes.append(TOO_LONG_NOTE.format(n=MAX_QUERY_CHARS))
    text, dates, date_notes = _take_dates(text)
    text, wildcard_notes = _take_leading_wildcards(text)
    notes += date_notes + wildcard_notes
    q = wq.NullQuery
    text = text.strip()
    if text and not _looks_broken(text):
        try:
            q = PARSER.parse(_rewrite(text))
        except Exception:  # any parser failure degrades to plain words, by design
            q = wq.NullQuery
        if not _usable(q):
            q = wq.NullQuery
    if q is wq.NullQuery and text and (WORD.search(text) or not (dates or wildcard_notes)):
        q = _plain_words(text)
        notes.append(DEGRADED_NOTE)
    if q is not wq.NullQuery and len(list(q.leaves())) > MAX_CLAUSES:
        q = _prune(q, [MAX_CLAUSES]) or wq.NullQuery
        notes.append(TOO_MANY_NOTE.format(n=MAX_CLAUSES))
    if dates:
        q = wq.And([*dates] if q is wq.NullQuery else [q, *dates])
    return q, tuple(notes)


# --- into Verbatim's tree (interim: until the query language has its own parser) ------


def from_whoosh(q: wq.Query) -> t.Node:
    """Return the tree for a query this parser built."""
    if q is wq.NullQuery:
        return t.NOTHING
    if isinstance(q, wq.Every):
        return t.Every()
    if isinstance(q, wq.FuzzyTerm):
        return t.Fuzzy(q.fieldname, q.text, q.maxdist, q.prefixlength)
    if isinstance(q, wq.Prefix):
        return t.Prefix(q.fieldname, q.text)
    if isinstance(q, wq.Wildcard):
        return t.Wildcard(q.fieldname, q.text)
    if isinstance(q, wq.Term):
        return t.Term(q.fieldname, q.text)
    if isinstance(q, wq.Phrase):
        return t.Phrase(q.fieldname, tuple(q.words), q.slop)
    if isinstance(q, wq.NumericRange):
        return t.DateRange(q.start, q.end)
    if isinstance(q, SpanNear2):
        return t.Near(tuple(from_whoosh(c) for c in q.qs), q.slop, q.ordered)
    if isinstance(q, wq.Not):
        return t.Not(from_whoosh(q.query))
    if isinstance(q, wq.And):
        return t.And(tuple(from_whoosh(c) for c in q.subqueries))
    if isinstance(q, wq.Or):
        return t.Or(tuple(from_whoosh(c) for c in q.subqueries))
    raise TypeError(f"no tree for {type(q).__name__}: {q!r}")


def parse_to_tree(text: str) -> tuple[t.Node, tuple[str, ...]]:
    """Read query text into Verbatim's tree and notes."""
    q, notes = parse_query(text)
    return from_whoosh(q), notes
