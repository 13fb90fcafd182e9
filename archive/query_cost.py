"""Which queries are expensive: read from the text alone, before any searcher is taken.

A long phrase, a prefix, wildcard or fuzzy word, or a NEAR visits far more postings than
a few plain words, and may run for the whole time budget; the search service runs them
apart from the rest (archive.service), so that simple searches keep answering.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.query.spans import SpanQuery

from archive.query import parse_query

# A quoted phrase of more words than this is expensive: journalists' quotes of five to
# eight words are the common case, and cost milliseconds.
EXPENSIVE_PHRASE_WORDS = 8
# So is a query of more words and phrases than this, whatever they are.
EXPENSIVE_LEAVES = 30


def is_expensive_query(q: wq.Query) -> bool:
    """Return True if a parsed (unexpanded) query is one of the expensive kinds."""
    if q is wq.NullQuery:
        return False
    if isinstance(q, SpanQuery):
        return True
    if isinstance(q, wq.Phrase):
        return len(q.words) > EXPENSIVE_PHRASE_WORDS
    if isinstance(q, wq.MultiTerm) and not isinstance(q, wq.Every):
        return True
    if q.is_leaf():
        return False
    return any(is_expensive_query(child) for child in q.children())


def is_expensive(text: str) -> bool:
    """Return True if the query text reads as an expensive query."""
    q, _ = parse_query(text or "")
    if q is wq.NullQuery:
        return False
    return is_expensive_query(q) or len(list(q.leaves())) > EXPENSIVE_LEAVES
