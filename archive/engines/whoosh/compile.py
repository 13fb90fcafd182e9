"""Compiling Verbatim's query tree (archive.query.tree) to Whoosh queries."""

from __future__ import annotations

from whoosh import query as wq
from whoosh.query.spans import SpanNear2

from archive.query import tree as t


def to_whoosh(node: t.Node) -> wq.Query:
    """Return the Whoosh query for a tree (NullQuery for NOTHING)."""
    if isinstance(node, t.Term):
        return wq.Term(node.field, node.text)
    if isinstance(node, t.Phrase):
        return wq.Phrase(node.field, list(node.words), slop=node.slop)
    if isinstance(node, t.And):
        return wq.And([to_whoosh(c) for c in node.children])
    if isinstance(node, t.Or):
        return wq.Or([to_whoosh(c) for c in node.children])
    if isinstance(node, t.Not):
        return wq.Not(to_whoosh(node.child))
    if isinstance(node, t.Near):
        return SpanNear2(
            [to_whoosh(c) for c in node.children], slop=node.slop, ordered=node.ordered
        )
    if isinstance(node, t.Prefix):
        return wq.Prefix(node.field, node.text)
    if isinstance(node, t.Wildcard):
        return wq.Wildcard(node.field, node.pattern)
    if isinstance(node, t.Fuzzy):
        return wq.FuzzyTerm(
            node.field, node.text, maxdist=node.maxdist, prefixlength=node.prefix_length
        )
    if isinstance(node, t.DateRange):
        return wq.NumericRange("date", node.low, node.high)
    if isinstance(node, t.Every):
        return wq.Every()
    if isinstance(node, t.Nothing):
        return wq.NullQuery
    raise TypeError(f"no Whoosh query for {type(node).__name__}")
