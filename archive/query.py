"""Reading what people type: query text into Whoosh queries, and filters into restrictions.

Query text never raises: syntax Whoosh cannot read, or reads as nothing useful, falls
back to a search for the plain words, with a note saying so. Whatever would make a
search slow (a leading wildcard, a thousand ORs, a prefix matching half the lexicon)
is refused or capped, with a note.
"""

from __future__ import annotations

import re
from datetime import date as Date
from heapq import nlargest
from itertools import islice

from whoosh import query as wq
from whoosh.qparser import AndGroup, QueryParser, plugins, syntax
from whoosh.query.spans import SpanNear2
from whoosh.reading import IndexReader

from archive.analysis import WORD, analyse, normalise_chars
from archive.errors import QueryError
from archive.index import SCHEMA, fold_key

DEGRADED_NOTE = "Couldn't read the query as written; searched for the words instead."
LEADING_WILDCARD_NOTE = "A word can't start with a wildcard; searched without {words}."
TOO_LONG_NOTE = "The query was too long; only its first {n} characters were read."
TOO_MANY_NOTE = "The query had too many words; only the first {n} were searched."
EXPANSION_NOTE = "{pattern} matches too many words; searched for the {n} most common."
BAD_DATE_NOTE = "Ignored {text}: use date:2023, date:2023-05 or date:2023-01..2023-06."

# Field prefixes people may type, and the index field each searches.
QUERY_FIELDS = {
    "speaker": "speaker",
    "show": "show",
    "section": "section",
    "episode": "episode",
    "exact": "exact",
}
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
TEXT_FIELDS = ("exact", "stem")
MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 100
# A prefix, wildcard or fuzzy word searches at most this many of the words it matches.
MAX_EXPANSION = 200
_MAX_SCAN = 50_000
NEAR_WORDS = 10

_FIELD_PREFIX = re.compile(r"(?<![\w\"])(\w+):")
_QUOTED = re.compile(r'("[^"]*"(?:~\d+)?)')
_DATE_TERM = re.compile(r"(?<!\S)date:(\S*)", re.I)
_LEADING_WILDCARD = re.compile(r"(?<![^\s(])[*?]+\w\S*")
# A question mark ending a word is punctuation ("who said it?"), not a wildcard.
_TRAILING_QUESTION = re.compile(r"(?<=\w)\?+(?=[\s)]|$)")
_MINUS = re.compile(r"(?<![^\s(])-(?=[\w\"(])")
_PATTERN_WORD = re.compile(r"(?<![\w:\"*?~])(?=\w[^\s()\"]*[*?~])")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# --- the parser ---------------------------------------------------------------------------


class NearGroup(syntax.GroupNode):
    """Words within a few positions of each other, in either order (`a NEAR b`)."""

    merging = False
    slop = NEAR_WORDS

    def query(self, parser: QueryParser) -> wq.Query:
        """Return a SpanNear2 over the operands, or AND where nearness means nothing."""
        operands = [node.query(parser) for node in self.nodes]
        # Positions are only comparable within the passage text (the exact and stem
        # fields share them); `speaker:x NEAR word` is read as speaker:x AND word.
        if all(leaf.field() in TEXT_FIELDS for q in operands for leaf in q.leaves()):
            return SpanNear2(operands, slop=self.slop, ordered=False)
        return wq.And(operands)


class NearOperator(syntax.InfixOperator):
    """The NEAR operator, carrying its distance (`NEAR/5`) to the group it makes."""

    def __init__(self, text: str, slop: int) -> None:
        super().__init__(text, NearGroup, True)
        self.slop = slop

    def replace_self(self, parser: QueryParser, group: syntax.GroupNode, position: int) -> int:
        """Group the two operands, then give the group this operator's distance."""
        new_position = super().replace_self(parser, group, position)
        if 0 < position <= len(group) and isinstance(group[position - 1], NearGroup):
            group[position - 1].slop = self.slop
        return new_position


class NearTagger(plugins.OperatorsPlugin.OpTagger):
    """Tag `NEAR` and `NEAR/5` as infix operators."""

    def create(self, parser: QueryParser, match: re.Match[str]) -> syntax.InfixOperator:
        """Return the operator with the distance it was given."""
        slop = int(match.group("n")) if match.group("n") else NEAR_WORDS
        return NearOperator(match.group(0), max(1, min(slop, 50)))


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
    parser.add_plugin(plugins.FuzzyTermPlugin())
    near = NearTagger(r"(?<=\s)NEAR(?:/(?P<n>\d+))?(?=\s)", NearGroup, NearOperator)
    parser.replace_plugin(plugins.OperatorsPlugin(ops=[(near, 0)]))
    return parser


_PARSER = _parser()


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
        low = _date_bound(low_text, end=False)
        high = _date_bound(high_text if sep else low_text, end=True)
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
            q = _PARSER.parse(_rewrite(text))
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


def _capped_terms(q: wq.MultiTerm, reader: IndexReader) -> tuple[list[bytes], bool]:
    """Return the most common words a pattern matches (at most MAX_EXPANSION)."""
    if isinstance(q, wq.FuzzyTerm):
        # A fuzzy word must share its first letter: it keeps the edit-distance search
        # over the lexicon fast, and first letters are rarely the misspelt ones.
        q.prefixlength = max(1, q.prefixlength)
        q.maxdist = min(2, q.maxdist)
    candidates = list(islice(q._btexts(reader), _MAX_SCAN))
    if len(candidates) <= MAX_EXPANSION:
        return candidates, False
    field = q.field()
    top = nlargest(MAX_EXPANSION, candidates, key=lambda b: reader.doc_frequency(field, b))
    return top, True


def expand_patterns(q: wq.Query, reader: IndexReader) -> tuple[wq.Query, tuple[str, ...]]:
    """Replace prefixes, wildcards and fuzzy words by the words they match, capped."""
    notes: list[str] = []

    def expand(node: wq.Query) -> wq.Query:
        if not isinstance(node, wq.MultiTerm) or isinstance(node, wq.Every):
            return node.apply(expand) if not node.is_leaf() else node
        field = node.field()
        words, capped = _capped_terms(node, reader)
        if capped:
            notes.append(EXPANSION_NOTE.format(pattern=f"“{node}”", n=MAX_EXPANSION))
        terms = [wq.Term(field, field_text(field, w)) for w in words]
        if not terms:
            # Matches nothing, and keeps an AND around it matching nothing too.
            return wq.Term(field or "exact", "\x00")
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    return expand(q), tuple(notes)


def field_text(fieldname: str, value: bytes | str) -> str:
    """Return a term's text from its indexed bytes."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


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


def _words_query(fieldname: str, text: str) -> wq.Query | None:
    words = analyse(SCHEMA[fieldname].analyzer, text)
    if not words:
        return None
    return wq.Phrase(fieldname, words) if len(words) > 1 else wq.Term(fieldname, words[0])


def build_filter(
    *,
    speaker: str | None = None,
    show: str | None = None,
    episode: str | None = None,
    section: str | None = None,
    date_from: str | Date | None = None,
    date_to: str | Date | None = None,
) -> wq.Query | None:
    """Return the query that restricts results, or None for no restriction."""
    parts: list[wq.Query] = []
    if speaker and speaker.strip():
        # Any part of any name the speaker goes by, folded: "sochua", "Élodie" = "elodie".
        name = _words_query("speaker", speaker)
        if name is not None:
            parts.append(name)
    if show and show.strip():
        parts.append(wq.Term("show_key", fold_key(show)))
    if episode and episode.strip():
        parts.append(wq.Term("episode_id", episode.strip()))
    if section and section.strip():
        # The words of a section title, in order: "opening" finds "The opening".
        title = _words_query("section", section)
        if title is not None:
            parts.append(title)
    low = _date_bound(date_from, end=False)
    high = _date_bound(date_to, end=True)
    if low is not None or high is not None:
        parts.append(wq.NumericRange("date", low, high))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)
