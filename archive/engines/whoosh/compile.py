"""Compiling Verbatim's query tree (archive.query.tree) into Whoosh queries.

Each node becomes the Whoosh query the old Whoosh-parser path built for the same text,
so that searches, highlights and pattern expansion see the same objects. The tree's
text is already analysed: it goes into the terms as it is.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.query.spans import SpanNear2

from archive.query import tree as qt


def to_whoosh(node: qt.Node) -> wq.Query:
    """Return the Whoosh query for a tree (NullQuery for NOTHING)."""
    if isinstance(node, qt.Term):
        return wq.Term(node.field, node.text)
    if isinstance(node, qt.Phrase):
        return wq.Phrase(node.field, list(node.words), slop=node.slop)
    if isinstance(node, qt.Prefix):
        return wq.Prefix(node.field, node.text)
    if isinstance(node, qt.Wildcard):
        return wq.Wildcard(node.field, node.pattern)
    if isinstance(node, qt.Fuzzy):
        return wq.FuzzyTerm(
            node.field, node.text, maxdist=node.maxdist, prefixlength=node.prefix_length
        )
    if isinstance(node, qt.DateRange):
        return wq.NumericRange("date", node.low, node.high)
    if isinstance(node, qt.Every):
        return wq.Every(node.field)
    if isinstance(node, qt.Nothing):
        return wq.NullQuery
    if isinstance(node, qt.And | qt.Or | qt.Near):
        # A loop, not a comprehension: one stack frame per level of brackets.
        children: list[wq.Query] = []
        for child in node.children:
            children.append(to_whoosh(child))
        if isinstance(node, qt.Near):
            return SpanNear2(children, slop=node.slop, ordered=node.ordered)
        return wq.And(children) if isinstance(node, qt.And) else wq.Or(children)
    if isinstance(node, qt.Not):
        return wq.Not(to_whoosh(node.child))
    binary = {qt.AndNot: wq.AndNot, qt.AndMaybe: wq.AndMaybe, qt.Require: wq.Require}
    if type(node) in binary:
        a, b = qt.children(node)
        return binary[type(node)](to_whoosh(a), to_whoosh(b))
    raise TypeError(f"not a query tree node: {node!r}")
