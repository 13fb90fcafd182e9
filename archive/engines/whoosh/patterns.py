"""Prefixes, wildcards and fuzzy words, expanded into the indexed words they match, capped.

Expanding reads the lexicon (and each candidate's frequency) in Python, so it checks the
search's deadline as it goes: a pattern reached after the deadline matches nothing, and
the search says it was stopped early (TIME_BUDGET_NOTE).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from heapq import nlargest
from itertools import islice
from typing import Any, TypeVar

from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.support.levenshtein import damerau_levenshtein

from archive.engines.whoosh.collecting import TIMED_OUT
from archive.query import budget as time_budget

EXPANSION_NOTE = "{pattern} matches too many words; searched for the {n} most common."
# A prefix, wildcard or fuzzy word searches at most this many of the words it matches,
# and all of a query's patterns together at most MAX_QUERY_EXPANSION (each at least
# MIN_EXPANSION): opening a word's postings costs about half a millisecond, so 100
# patterns of 200 words each spent the whole time budget before matching anything.
MAX_EXPANSION = 200
MAX_QUERY_EXPANSION = 2000
MIN_EXPANSION = 10
_MAX_SCAN = 50_000
# The lexicon automaton's edit distance: its cost grows steeply past two.
MAX_AUTOMATON_EDITS = 2
# The deadline is checked once per this many lexicon words read.
_CHECK_EVERY = 256
T = TypeVar("T")


def _checked(items: Iterable[T], every: int = _CHECK_EVERY) -> Iterator[T]:
    """Yield `items`, raising OutOfTime once the search's deadline has passed."""
    time_budget.check()
    for n, item in enumerate(items, start=1):
        yield item
        if not n % every:
            time_budget.check()


class ExpandedTerm(wq.Term):
    """A word a pattern expanded to: opening its postings first checks the deadline."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """Return the word's matcher, or raise OutOfTime if the search is out of time."""
        time_budget.check()
        return super().matcher(searcher, context)


def _capped_terms(
    q: wq.MultiTerm, reader: IndexReader, cap: int = MAX_EXPANSION
) -> tuple[list[bytes], bool]:
    """Return the most common words a pattern matches (at most `cap`)."""
    if isinstance(q, wq.FuzzyTerm):
        # A fuzzy word must share its first letter: it keeps the edit-distance search
        # over the lexicon fast, and first letters are rarely the misspelt ones.
        q.prefixlength = max(1, q.prefixlength)
        q.maxdist = min(2, q.maxdist)
        words = words_within(reader, q.field(), q.text, q.maxdist, q.prefixlength)
        candidates = [w.encode("utf-8") for w in words[:_MAX_SCAN]]
    else:
        candidates = list(islice(_checked(q._btexts(reader)), _MAX_SCAN))
    if len(candidates) <= cap:
        return candidates, False
    field = q.field()
    top = nlargest(cap, _checked(candidates), key=lambda b: reader.doc_frequency(field, b))
    return top, True


def words_within(
    reader: IndexReader,
    fieldname: str,
    word: str,
    maxdist: int,
    prefix: int,
    *,
    min_share: float = 0.0,
) -> list[str]:
    """Return the indexed words within `maxdist` edits of `word`, a swap being one edit.

    Each segment's lexicon is searched with Whoosh's automaton: its search over several
    segments at once compares every word of the prefix in Python, which made a rare
    word's "did you mean" take a second at 1,000 episodes. That automaton counts a swap
    of two letters as two edits (the slow search counts one, so "lighthuose~" found
    "lighthouse" or not depending on how the index was merged): one more edit is allowed
    there, up to two (an automaton for three took seconds), and the true distance is
    checked here. Segments holding less than `min_share` of the documents are skipped,
    except the largest: a suggestion wants common words, which the large segments have
    (and after a bulk import every segment may be small).
    """
    found: set[str] = set()
    searched = min(maxdist + 1, MAX_AUTOMATON_EDITS)
    smallest = min_share * reader.doc_count_all()
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    largest = max(leaves, key=lambda leaf: leaf.doc_count_all(), default=None)
    for leaf in leaves:
        if leaf is not largest and leaf.doc_count_all() < smallest:
            continue
        # The automaton's steps between two words found are slow: check at each word.
        near = leaf.terms_within(fieldname, word, searched, prefix=prefix)
        for candidate in _checked(near, every=1):
            if candidate not in found and (
                damerau_levenshtein(candidate, word, limit=searched) <= maxdist
            ):
                found.add(candidate)
    return sorted(found)


def expand_patterns(q: wq.Query, reader: IndexReader) -> tuple[wq.Query, tuple[str, ...]]:
    """Replace prefixes, wildcards and fuzzy words by the words they match, capped."""
    notes: list[str] = []
    used = [0]

    def expand(node: wq.Query) -> wq.Query:
        if not isinstance(node, wq.MultiTerm) or isinstance(node, wq.Every):
            return node.apply(expand) if not node.is_leaf() else node
        field = node.field()
        cap = max(MIN_EXPANSION, min(MAX_EXPANSION, MAX_QUERY_EXPANSION - used[0]))
        try:
            words, capped = _capped_terms(node, reader, cap)
        except TIMED_OUT:
            # Out of time: this pattern matches nothing, and the search says it was cut.
            words, capped = [], False
            if time_budget.TIME_BUDGET_NOTE not in notes:
                notes.append(time_budget.TIME_BUDGET_NOTE)
        used[0] += len(words)
        if capped:
            notes.append(EXPANSION_NOTE.format(pattern=f"“{node}”", n=cap))
        terms = [ExpandedTerm(field, field_text(field, w)) for w in words]
        if not terms:
            # Matches nothing, and keeps an AND around it matching nothing too.
            return wq.Term(field or "exact", "\x00")
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    return expand(q), tuple(notes)


def field_text(fieldname: str, value: bytes | str) -> str:
    """Return a term's text from its indexed bytes."""
    return value.decode("utf-8") if isinstance(value, bytes) else value
