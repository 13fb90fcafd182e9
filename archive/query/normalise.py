"""Normalising a query tree the way Whoosh normalised the queries its parser built.

Nested Ands (and Ors) are flattened, repeats and empty parts dropped, a group of one
is replaced by its member, a one-word phrase becomes a term and a wildcard without
wildcards a term or a prefix. NEAR operands are left as they are: Whoosh never
normalised inside its span queries. Imports no engine.
"""

from __future__ import annotations

from archive.query import tree as qt


class NormaliseFailure(Exception):
    """The tree cannot be normalised (where Whoosh's normalisation raised)."""


def field_of(node: qt.Node) -> str | None:
    """Return the one field a node searches, or None (as Whoosh's `Query.field()`)."""
    if isinstance(node, qt.Term | qt.Phrase | qt.Prefix | qt.Wildcard | qt.Fuzzy | qt.Every):
        return node.field
    if isinstance(node, qt.DateRange):
        return "date"
    if isinstance(node, qt.And | qt.Or):
        if not node.children:
            return None
        first = field_of(node.children[0])
        for child in node.children[1:]:
            if field_of(child) != first:
                return None
        return first
    if isinstance(node, qt.AndNot | qt.AndMaybe | qt.Require):
        a, b = qt.children(node)
        return field_of(a) if field_of(b) == field_of(a) else None
    return None


def _comparable(node: qt.Node) -> bool:
    # Whoosh compared queries with `other and ...`, so an empty And or Or (kept only
    # inside a NEAR) never equalled anything, and a query holding one was never a repeat.
    return not any(isinstance(n, qt.And | qt.Or) and not n.children for n in qt.walk(node))


def _compound(node: qt.And | qt.Or, normalised: list[qt.Node]) -> qt.Node:
    subs: list[qt.Node] = []
    for child in normalised:
        if type(child) is type(node):
            if any(isinstance(c, qt.Near) for c in child.children):  # type: ignore[union-attr]
                # Quirk kept from Whoosh: flattening a NEAR into its grandparent failed
                # (span queries have no boost), and the words were searched instead.
                raise NormaliseFailure("a NEAR inside a nested group")
            subs.extend(child.children)  # type: ignore[union-attr]
        else:
            subs.append(child)
    if all(s == qt.NOTHING for s in subs):
        return qt.NOTHING
    if any(isinstance(s, qt.Every) and s.field is None for s in subs):
        return qt.Every()
    # Every word of a field makes the rest of that field's parts redundant.
    every_fields: set[str | None] = set()
    i = 0
    while i < len(subs):
        if field_of(subs[i]) in every_fields:
            subs.pop(i)
            continue
        if isinstance(subs[i], qt.Every):
            every_fields.add(subs[i].field)  # type: ignore[union-attr]
        i += 1
    kept: list[qt.Node] = []
    seen: set[qt.Node] = set()
    for s in subs:
        if not isinstance(s, qt.Every) and field_of(s) in every_fields:
            continue
        if s in seen:
            continue
        if _comparable(s):
            seen.add(s)
        kept.append(s)
    kept = [s for s in kept if s != qt.NOTHING]
    if not kept:
        return qt.NOTHING
    if len(kept) == 1:
        return kept[0]
    return type(node)(tuple(kept))


def normalise(node: qt.Node) -> qt.Node:
    """Return the tree normalised as Whoosh normalised the parser's queries."""
    if isinstance(node, qt.And | qt.Or):
        # A loop, not a comprehension: one stack frame per level of brackets.
        normalised: list[qt.Node] = []
        for child in node.children:
            normalised.append(normalise(child))
        return _compound(node, normalised)
    if isinstance(node, qt.Phrase):
        if not node.words:
            return qt.NOTHING
        return qt.Term(node.field, node.words[0]) if len(node.words) == 1 else node
    if isinstance(node, qt.Wildcard):
        pattern = node.pattern
        if pattern == "*":
            return qt.Every(node.field)
        if "*" not in pattern and "?" not in pattern:
            return qt.Term(node.field, pattern)
        if "?" not in pattern and pattern.find("*") == len(pattern) - 1:
            return qt.Prefix(node.field, pattern[:-1])
        return node
    if isinstance(node, qt.Not):
        child = normalise(node.child)
        return qt.NOTHING if child == qt.NOTHING else qt.Not(child)
    if isinstance(node, qt.AndNot | qt.AndMaybe | qt.Require):
        a, b = (normalise(c) for c in qt.children(node))
        if a == qt.NOTHING or (b == qt.NOTHING and isinstance(node, qt.Require)):
            return qt.NOTHING
        return a if b == qt.NOTHING else type(node)(a, b)
    return node
