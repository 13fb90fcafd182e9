"""Prefixes, wildcards and fuzzy words, expanded into the indexed words they match, capped."""

from __future__ import annotations

from collections.abc import Iterator
from heapq import nlargest
from itertools import islice

from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.support.levenshtein import damerau_levenshtein

EXPANSION_NOTE = "{pattern} matches too many words; searched for the {n} most common."
# A prefix, wildcard or fuzzy word searches at most this many of the words it matches.
MAX_EXPANSION = 200
_MAX_SCAN = 50_000


def _capped_terms(q: wq.MultiTerm, reader: IndexReader) -> tuple[list[bytes], bool]:
    """Return the most common words a pattern matches (at most MAX_EXPANSION)."""
    if isinstance(q, wq.FuzzyTerm):
        # A fuzzy word must share its first letter: it keeps the edit-distance search
        # over the lexicon fast, and first letters are rarely the misspelt ones.
        q.prefixlength = max(1, q.prefixlength)
        q.maxdist = min(2, q.maxdist)
        candidates = list(islice(_fuzzy_terms(q, reader), _MAX_SCAN))
    else:
        candidates = list(islice(q._btexts(reader), _MAX_SCAN))
    if len(candidates) <= MAX_EXPANSION:
        return candidates, False
    field = q.field()
    top = nlargest(MAX_EXPANSION, candidates, key=lambda b: reader.doc_frequency(field, b))
    return top, True


def _fuzzy_terms(q: wq.FuzzyTerm, reader: IndexReader) -> Iterator[bytes]:
    """Yield the words within `q.maxdist` edits of the word, a transposition being one edit.

    Whoosh's fast lexicon search in one segment counts a swap of two letters as two
    edits, while its search over several segments counts one; so "lighthuose~" found
    "lighthouse" or not depending on how the index happened to be merged. One more
    edit is allowed in the lexicon search and the true distance checked here.
    """
    field, text = q.field(), q.text
    for word in reader.terms_within(field, text, q.maxdist + 1, prefix=q.prefixlength):
        if damerau_levenshtein(word, text, limit=q.maxdist + 1) <= q.maxdist:
            yield word.encode("utf-8")


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
