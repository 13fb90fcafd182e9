"""Verbatim's own query tree: what the query language reads, before any engine sees it.

The tree is the contract between the query language (archive.query.language) and every
engine: each engine compiles it to its own queries (archive.engines.whoosh.compile for Whoosh).
Nodes are frozen dataclasses, so trees compare and hash by value. Field names are the
index's field names: "stem" (stemmed passage words), "exact" (folded passage words),
"speaker", "show", "section" and "episode" (folded words of those values). Text in a node
is already analysed the way the field's analyzer analyses it; engines use it verbatim.

The tree keeps the shape the language gives it: a NEAR's operands are kept as written,
so a `Near` may hold an `And` of one child or a one-word `Phrase` (they match the same as
their simpler forms). `NOTHING` is the empty query.

Imports nothing of Verbatim's and no engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Term:
    """One word in one field."""

    field: str
    text: str


@dataclass(frozen=True)
class Phrase:
    """Words in order; `slop` 1 means adjacent, more allows that many positions apart."""

    field: str
    words: tuple[str, ...]
    slop: int = 1


@dataclass(frozen=True)
class Prefix:
    """Any word starting with `text`."""

    field: str
    text: str


@dataclass(frozen=True)
class Wildcard:
    """Any word matching `pattern`, where `*` is any run of characters and `?` one."""

    field: str
    pattern: str


@dataclass(frozen=True)
class Fuzzy:
    """Any word within `maxdist` edits of `text` sharing its first `prefix_length` letters."""

    field: str
    text: str
    maxdist: int = 1
    prefix_length: int = 0


@dataclass(frozen=True)
class DateRange:
    """Episodes dated from `low` to `high` inclusive, as yyyymmdd; None is open-ended."""

    low: int | None
    high: int | None


@dataclass(frozen=True)
class Every:
    """Every passage with a word in `field` (every passage when None)."""

    field: str | None = None


@dataclass(frozen=True)
class Nothing:
    """The empty query: matches nothing. Use the `NOTHING` instance."""


@dataclass(frozen=True)
class And:
    """Passages matching all the children."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Passages matching any of the children."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """Passages not matching the child (inside an And: the And's matches without them)."""

    child: Node


@dataclass(frozen=True)
class AndNot:
    """Matches of `positive` that do not match `negative` (`a ANDNOT b`)."""

    positive: Node
    negative: Node


@dataclass(frozen=True)
class AndMaybe:
    """Matches of `required`, scored higher where `optional` matches too (`a ANDMAYBE b`)."""

    required: Node
    optional: Node


@dataclass(frozen=True)
class Require:
    """Matches of `scored` that also match `required`, scored by `scored` only."""

    scored: Node
    required: Node


@dataclass(frozen=True)
class Near:
    """The children within `slop` positions of each other, in order if `ordered`."""

    children: tuple[Node, ...]
    slop: int
    ordered: bool = False


Leaf = Term | Phrase | Prefix | Wildcard | Fuzzy | DateRange | Every | Nothing
Node = Leaf | And | Or | Not | AndNot | AndMaybe | Require | Near
NOTHING = Nothing()
LEAF_TYPES = (Term, Phrase, Prefix, Wildcard, Fuzzy, DateRange, Every, Nothing)
# A word pattern matches many terms, found in the lexicon when the query runs.
PATTERN_TYPES = (Prefix, Wildcard, Fuzzy)


def children(node: Node) -> tuple[Node, ...]:
    """Return a node's children in order (none for a leaf)."""
    if isinstance(node, And | Or | Near):
        return node.children
    if isinstance(node, Not):
        return (node.child,)
    if isinstance(node, AndNot):
        return (node.positive, node.negative)
    if isinstance(node, AndMaybe):
        return (node.required, node.optional)
    if isinstance(node, Require):
        return (node.scored, node.required)
    return ()


def with_children(node: Node, kids: tuple[Node, ...]) -> Node:
    """Return `node` with its children replaced by `kids` (as many as it has)."""
    if isinstance(node, And | Or | Near):
        return replace(node, children=kids)
    if isinstance(node, Not):
        return Not(kids[0])
    if isinstance(node, AndNot | AndMaybe | Require):
        return type(node)(*kids)
    return node


def leaves(node: Node) -> Iterator[Leaf]:
    """Yield every leaf under `node`, left to right (a leaf yields itself)."""
    if isinstance(node, LEAF_TYPES):
        yield node  # type: ignore[misc]
        return
    for child in children(node):
        yield from leaves(child)


def walk(node: Node) -> Iterator[Node]:
    """Yield `node` and every node under it, parents before children."""
    yield node
    for child in children(node):
        yield from walk(child)


def transform(node: Node, fn: Callable[[Node], Node]) -> Node:
    """Return the tree rebuilt bottom-up, each node replaced by `fn(node)`."""
    kids = children(node)
    if kids:
        node = with_children(node, tuple(transform(child, fn) for child in kids))
    return fn(node)


# --- helpers for whoever builds trees -----------------------------------------------------

# The fields whose words come from the passage text; they share positions, so a phrase
# or NEAR may span both.
TEXT_FIELDS = ("exact", "stem")


def all_of(parts: list[Node]) -> Node:
    """Return the And of `parts`, the part itself if there is one, NOTHING if none."""
    kept = [p for p in parts if p != NOTHING]
    if not kept:
        return NOTHING
    return kept[0] if len(kept) == 1 else And(tuple(kept))
