"""Which queries are expensive: read from the text alone, before any reader is taken.

A long phrase, a prefix, wildcard or fuzzy word, or a NEAR visits far more postings than
a few plain words, and may run for the whole time budget; the search service runs them
apart from the rest (archive.search.service), so that simple searches keep answering.
"""

from __future__ import annotations

from archive.query import tree as t
from archive.query.language import parse_query

# A quoted phrase of more words than this is expensive: journalists' quotes of five to
# eight words are the common case, and cost milliseconds.
EXPENSIVE_PHRASE_WORDS = 8
# So is a query of more words and phrases than this, whatever they are.
EXPENSIVE_LEAVES = 30


def is_expensive_tree(node: t.Node) -> bool:
    """Return True if a read (unexpanded) tree has a NEAR, a long phrase or a pattern."""
    for part in t.walk(node):
        if isinstance(part, (t.Near, *t.PATTERN_TYPES)):
            return True
        if isinstance(part, t.Phrase) and len(part.words) > EXPENSIVE_PHRASE_WORDS:
            return True
    return False


def is_expensive(text: str) -> bool:
    """Return True if the query text reads as an expensive query."""
    node, _ = parse_query(text or "")
    if node == t.NOTHING:
        return False
    return is_expensive_tree(node) or sum(1 for _ in t.leaves(node)) > EXPENSIVE_LEAVES
