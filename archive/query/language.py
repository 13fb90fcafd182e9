"""Reading what people type: query text into Verbatim's query tree (archive.query.tree).

Query text never raises: syntax that cannot be read, or reads as nothing useful, falls
back to a search for the plain words, with a note saying so. Whatever would make a
search slow (a leading wildcard, a thousand ORs) is refused or capped, with a note.
The text is tidied here (quotes, field prefixes, dates, `-word`), then read by
archive.query.syntax. Imports no engine: each engine compiles the tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from archive.errors import QueryError
from archive.query import tree as qt
from archive.query.filters import date_bound
from archive.query.normalise import NormaliseFailure, normalise
from archive.query.syntax import SyntaxFailure, build, check_depth, parse_syntax
from archive.query.words import WORD, normalise_chars, stemmed_words

DEGRADED_NOTE = "Couldn't read the query as written; searched for the words instead."
LEADING_WILDCARD_NOTE = "A word can't start with a wildcard; searched without {words}."
TOO_LONG_NOTE = "The query was too long; only its first {n} characters were read."
TOO_MANY_NOTE = "The query had too many words; only the first {n} were searched."
BAD_DATE_NOTE = "Ignored {text}: use date:2023, date:2023-05 or date:2023-01..2023-06."

# Field prefixes people may type, and the index field each searches.
QUERY_FIELDS = {
    "speaker": "speaker",
    "show": "show",
    "section": "section",
    "episode": "episode",
    "exact": "exact",
}
# The words read as operators when written in capitals (ANDNOT, ANDMAYBE and REQUIRE
# are operators too, but were never listed here: they count as words below).
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 100

_FIELD_PREFIX = re.compile(r"(?<![\w\"])(\w+):")
_QUOTED = re.compile(r'("[^"]*"(?:~\d+)?)')
_CURLY_DOUBLE = re.compile("[“”„‟«»]")
_DATE_TERM = re.compile(r"(?<!\S)date:(\S*)", re.I)
_LEADING_WILDCARD = re.compile(r"(?<![^\s(])[*?]+\w\S*")
# A question mark ending a word is punctuation ("who said it?"), not a wildcard.
_TRAILING_QUESTION = re.compile(r"(?<=\w)\?+(?=[\s)]|$)")
_MINUS = re.compile(r"(?<![^\s(])-(?=[\w\"(])")
_PATTERN_WORD = re.compile(r"(?<![\w:\"*?~])(?=\w[^\s()\"]*[*?~])")


# --- tidying the text before it is read ----------------------------------------------------


def _outside_quotes(text: str, fn: Callable[[str], str]) -> str:
    """Apply `fn` to the parts of `text` outside double-quoted phrases."""
    parts = _QUOTED.split(text)
    return "".join(part if i % 2 else fn(part) for i, part in enumerate(parts))


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
    pairs = list(zip(words, words[1:], strict=False))
    # "a NEAR NOT b" has no reading: nearness to an absence. Read as words, with a note,
    # rather than losing the NOT without a word.
    return any((a in OPERATORS and b in binary) or (a, b) == ("NEAR", "NOT") for a, b in pairs)


def _rewrite_part(part: str) -> str:
    def field_prefix(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        return f"{QUERY_FIELDS[name]}:" if name in QUERY_FIELDS else f"{match.group(1)} "

    part = _TRAILING_QUESTION.sub("", part)
    part = _FIELD_PREFIX.sub(field_prefix, part)
    # Prefixes, wildcards and fuzzy words match the folded exact words: stemming a
    # fragment like "generat" would change what it matches.
    return _PATTERN_WORD.sub("exact:", part)


def _minus_outside_quotes(text: str) -> str:
    """Read `-word` and `-"phrase"` as NOT, but never a hyphen inside a quote ("well -known")."""
    parts = _QUOTED.split(text)
    # Each quote stands in as a bare `"` while the minus signs are read, so `-"…"` is seen.
    masked = "".join('"' if i % 2 else part for i, part in enumerate(parts))
    pieces = _MINUS.sub("NOT ", masked).split('"')
    quotes = iter(parts[1::2])
    return "".join(
        piece + (next(quotes) if i < len(pieces) - 1 else "") for i, piece in enumerate(pieces)
    )


def _rewrite(text: str) -> str:
    text = _outside_quotes(_minus_outside_quotes(text), _rewrite_part)
    # A quoted phrase without a field means "these exact words": no stemming.
    return re.sub(
        r'(?<![:\w])"([^"]*)"',
        lambda m: f'exact:"{m.group(1)}"' if m.group(1).strip() else " ",
        text,
    )


def _date_range(value: str) -> qt.DateRange | None:
    """Read `2023`, `2023-05`, `2023-01..2023-06` or `2023..` into yyyymmdd bounds."""
    low_text, sep, high_text = value.partition("..")
    try:
        low = date_bound(low_text, end=False)
        high = date_bound(high_text if sep else low_text, end=True)
    except QueryError:
        return None
    return None if low is None and high is None else qt.DateRange(low, high)


def _take_dates(text: str) -> tuple[str, list[qt.Node], list[str]]:
    ranges: list[qt.Node] = []
    notes: list[str] = []

    def take(match: re.Match[str]) -> str:
        bounds = _date_range(match.group(1).strip("()"))
        if bounds is None:
            notes.append(BAD_DATE_NOTE.format(text=match.group(0)))
        else:
            ranges.append(bounds)
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


# --- after reading -----------------------------------------------------------------------


def _usable(node: qt.Node) -> bool:
    if node == qt.NOTHING or isinstance(node, qt.Every):
        return False
    return not any(isinstance(leaf, qt.Every) for leaf in qt.leaves(node))


def _prune(node: qt.Node, budget: list[int]) -> qt.Node | None:
    """Keep the first `budget` leaves of a tree, dropping groups left empty."""
    if isinstance(node, (*qt.LEAF_TYPES, qt.Near)):
        budget[0] -= 1
        return node if budget[0] >= 0 else None
    pruned: list[qt.Node] = []
    for child in qt.children(node):
        cut = _prune(child, budget)
        if cut is not None:
            pruned.append(cut)
    kept = tuple(pruned)
    if isinstance(node, qt.Not):
        return qt.Not(kept[0]) if kept else None
    if not kept:
        return None
    if isinstance(node, qt.AndNot | qt.AndMaybe | qt.Require):
        # Cut inside: the first part alone is what is left (the Whoosh parser this
        # replaced raised TypeError here, a server error for a long query).
        return type(node)(*kept) if len(kept) == 2 else kept[0]
    return qt.And(kept) if isinstance(node, qt.And) else qt.Or(kept)


def _plain_words(text: str) -> qt.Node:
    words = [w for w in WORD.findall(text) if w not in OPERATORS][:MAX_CLAUSES]
    terms: list[qt.Node] = []
    for word in words:
        stems = stemmed_words(word)
        if len(stems) == 1:
            terms.append(qt.Term("stem", stems[0]))
        elif stems:
            terms.append(qt.Phrase("stem", tuple(stems)))
    return qt.And(tuple(terms)) if terms else qt.NOTHING


def _read(text: str) -> qt.Node:
    try:
        syntax = parse_syntax(_rewrite(text))
        check_depth(syntax)
        built = build(syntax)
        if built is None or (isinstance(built, qt.And) and not built.children):
            return qt.NOTHING
        return normalise(built)
    except (SyntaxFailure, NormaliseFailure):  # these degrade to plain words
        return qt.NOTHING


def parse_query(text: str) -> tuple[qt.Node, tuple[str, ...]]:
    """Read query text into a query tree and notes; never raise for what people type."""
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
    tree: qt.Node = qt.NOTHING
    text = text.strip()
    if text and not _looks_broken(text):
        tree = _read(text)
        if not _usable(tree):
            tree = qt.NOTHING
    if tree == qt.NOTHING and text and (WORD.search(text) or not (dates or wildcard_notes)):
        tree = _plain_words(text)
        notes.append(DEGRADED_NOTE)
    if tree != qt.NOTHING and len(list(qt.leaves(tree))) > MAX_CLAUSES:
        tree = _prune(tree, [MAX_CLAUSES]) or qt.NOTHING
        notes.append(TOO_MANY_NOTE.format(n=MAX_CLAUSES))
    if dates:
        tree = qt.And(tuple(dates) if tree == qt.NOTHING else (tree, *dates))
    return tree, tuple(notes)


# --- which queries are expensive --------------------------------------------------------
