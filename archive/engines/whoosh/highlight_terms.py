"""What to mark in a hit: the words and phrases of a Whoosh query, after expansion."""

from __future__ import annotations

from whoosh import query as wq
from whoosh.reading import IndexReader

from archive.engines.base import QueryTerms
from archive.query.tree import TEXT_FIELDS


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def collect_terms(query: wq.Query, reader: IndexReader | None = None) -> QueryTerms:
    """Collect the words and phrases to mark from a query, skipping negated parts."""
    terms = QueryTerms()

    def walk(q: wq.Query) -> None:
        if isinstance(q, wq.Not):
            return  # excluded words are not why a passage matched
        if isinstance(q, wq.AndNot):
            walk(q.a)
            return
        fieldname = getattr(q, "fieldname", None)
        if isinstance(q, wq.Phrase):
            if fieldname in TEXT_FIELDS:
                words = tuple(_text(w) for w in q.words)
                if q.slop > 1:
                    # A sloppy phrase ("a b"~5) has words between its words: mark each.
                    terms.words.setdefault(fieldname, set()).update(words)
                else:
                    terms.phrases.setdefault(fieldname, []).append(words)
            return
        if isinstance(q, wq.Term):
            if fieldname in TEXT_FIELDS:
                terms.words.setdefault(fieldname, set()).add(_text(q.text))
            return
        if isinstance(q, wq.MultiTerm):
            # Prefixes and wildcards: mark the index words they expanded to.
            if fieldname in TEXT_FIELDS and reader is not None:
                for name, text in q.existing_terms(reader, expand=True):
                    if name == fieldname:
                        terms.words.setdefault(fieldname, set()).add(_text(text))
            return
        if q.is_leaf():
            return
        for child in q.children():
            walk(child)

    walk(query)
    return terms
