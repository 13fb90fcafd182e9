"""Verbatim's query tree: what a search looks for, the same for every engine.

The query language (archive.query.language) and the filters (archive.query.filters)
build these nodes; each engine compiles them to its own queries. Words in the tree are
already analysed (archive.query.words): folded for the exact fields, stemmed for
`stem`, so that a quote means the same thing whichever engine runs it.

Fields are the passage fields every engine indexes: `exact` and `stem` (the passage
text, sharing word positions), `speaker`, `show`, `section`, `episode` (words of a
name or title), `speaker_id`, `show_key`, `episode_id` (whole values) and `date`
(yyyymmdd numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

# The fields whose words come from the passage text; they share positions, so a phrase
# or NEAR may span both.
TEXT_FIELDS = ("exact", "stem")


@dataclass(frozen=True)
class Node:
    """A node of the tree."""


@dataclass(frozen=True)
class Nothing(Node):
    """The empty query: matches nothing (a query read as no words at all)."""


NOTHING = Nothing()


@dataclass(frozen=True)
class Every(Node):
    """Every passage: what filters alone ask for ("all of one speaker's words")."""


@dataclass(frozen=True)
class Term(Node):
    """One analysed word (or whole value) in one field."""

    field: str
    text: str


@dataclass(frozen=True)
class Phrase(Node):
    """Words in order; `slop` 1 means next to each other, more allows words between."""

    field: str
    words: tuple[str, ...]
    slop: int = 1


@dataclass(frozen=True)
class Prefix(Node):
    """Every word of the field that starts with `text` (`generat*`)."""

    field: str
    text: str


@dataclass(frozen=True)
class Wildcard(Node):
    """Every word of the field matching a pattern of `*` and `?` (`wom?n`)."""

    field: str
    pattern: str


@dataclass(frozen=True)
class Fuzzy(Node):
    """Every word of the field within `maxdist` edits of `text`, the first letters kept."""

    field: str
    text: str
    maxdist: int = 1
    prefix_length: int = 1


@dataclass(frozen=True)
class DateRange(Node):
    """Passages of episodes dated within [low, high] (yyyymmdd; None is open-ended)."""

    low: int | None
    high: int | None


@dataclass(frozen=True)
class Near(Node):
    """Its parts within `slop` words of each other, in any order unless `ordered`."""

    children: tuple[Node, ...]
    slop: int = 10
    ordered: bool = False


@dataclass(frozen=True)
class And(Node):
    """Every part."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or(Node):
    """Any part."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    """Not this part: inside an And it excludes; alone it matches what the part does not."""

    child: Node


PATTERNS = (Prefix, Wildcard, Fuzzy)
LEAVES = (Term, Phrase, Prefix, Wildcard, Fuzzy, DateRange, Every, Nothing)


def children(node: Node) -> tuple[Node, ...]:
    """Return a node's direct parts (none for a leaf)."""
    if isinstance(node, (Near, And, Or)):
        return node.children
    if isinstance(node, Not):
        return (node.child,)
    return ()


def leaves(node: Node) -> Iterator[Node]:
    """Yield the leaves of a tree, left to right; a Near counts as the leaves inside it."""
    parts = children(node)
    if not parts:
        yield node
        return
    for part in parts:
        yield from leaves(part)


def positive_leaves(node: Node) -> Iterator[Node]:
    """Yield the leaves a match is found by: those not under a Not."""
    if isinstance(node, Not):
        return
    parts = children(node)
    if not parts:
        yield node
        return
    for part in parts:
        yield from positive_leaves(part)


def transform(node: Node, fn: Callable[[Node], Node]) -> Node:
    """Return the tree with `fn` applied to every node, children first."""
    if isinstance(node, (Near, And, Or)):
        node = type(node)(
            tuple(transform(c, fn) for c in node.children),
            *([node.slop, node.ordered] if isinstance(node, Near) else []),
        )
    elif isinstance(node, Not):
        node = Not(transform(node.child, fn))
    return fn(node)


def all_of(parts: list[Node]) -> Node:
    """Return the And of `parts`, the part itself if there is one, NOTHING if none."""
    kept = [p for p in parts if p is not NOTHING]
    if not kept:
        return NOTHING
    return kept[0] if len(kept) == 1 else And(tuple(kept))
