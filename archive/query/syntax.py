"""The query syntax as Verbatim has always read it, into the query tree (archive.query.tree).

The syntax is Whoosh's default query language as archive.query_parser configured it
(no single quotes, boosts, ranges or `*:*`; fuzzy words and NEAR added), and the tree
this module builds is the one that parser built, node for node, quirks included, so that
the move off the Whoosh parser changes no search. It reads in the same stages:

1. a tokenizer tries each token pattern in turn at every position; text between
   tokens becomes words;
2. brackets nest the tokens into groups (recursively); unclosed groups are flattened;
3. fuzziness (`~2`) attaches to the word before it, wildcard characters join the text
   around them, a field name applies to the token after it;
4. operators fold their operands into groups, one operator at a time in precedence
   order (NEAR, NOT, AND, OR, ANDNOT, ANDMAYBE, REQUIRE), left to right;
5. groups become tree nodes, and the tree is normalised (`normalise`).

Where the old parser raised, `SyntaxFailure` is raised, and the caller searches for the
plain words instead. Imports no engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from archive.query import tree as qt
from archive.query.normalise import field_of
from archive.query.words import exact_words, fold, stem, stemmed_words

# The index's fields, by how their query text is analysed (archive.index.SCHEMA).
STEMMED_FIELDS = frozenset({"stem"})
FOLDED_FIELDS = frozenset({"exact", "speaker", "show", "section", "episode"})
ID_FIELDS = frozenset(
    {"passage_id", "episode_id", "speaker_name", "speaker_id", "show_name", "show_key", "year"}
)
# Stored-only, column and numeric fields: the old parser failed (or, for the numeric
# ones, built engine-specific terms) on them; they are reached only by the quirk of a
# line break inside quotes (see the report of the port), and read as a failure here.
UNSEARCHABLE_FIELDS = frozenset(
    {
        "order",
        "text",
        "speaker_written",
        "episode_title",
        "audio_url",
        "section_id",
        "section_title",
        "date",
        "date_str",
        "newest",
        "oldest",
        "start_ms",
        "end_ms",
        # Whoosh's pairs of common words (archive.query.common_words): an index structure
        # that phrases use, never a field to search by name.
        "pairs",
    }
)
SCHEMA_FIELDS = STEMMED_FIELDS | FOLDED_FIELDS | ID_FIELDS | UNSEARCHABLE_FIELDS
# Positions are comparable only within the passage text's fields.
TEXT_FIELDS = ("exact", "stem")
DEFAULT_FIELD = "stem"
NEAR_WORDS = 10
_QMARKS = "?\u055e\u061f\u1367"

# Token patterns, in the order they are tried at each position (Whoosh's priorities).
_TOKENS: list[tuple[str, re.Pattern[str]]] = [
    ("andnot", re.compile(r"(?<=\s)ANDNOT(?=\s)")),
    ("andmaybe", re.compile(r"(?<=\s)ANDMAYBE(?=\s)")),
    ("fieldname", re.compile(r"(?P<text>\w+|[*]):")),
    ("wild", re.compile(f"(?P<text>[*{_QMARKS}])")),
    ("phrase", re.compile(r'"(?P<text>.*?)"(~(?P<slop>[0-9]+))?')),
    ("open", re.compile(r"[(]")),
    ("close", re.compile(r"[)]")),
    ("fuzziness", re.compile(r"(?<=\S)~(?P<maxdist>[0-9])?(/(?P<prefix>[1-9][0-9]*))?")),
    ("near", re.compile(r"(?<=\s)NEAR(?:/(?P<n>\d+))?(?=\s)")),
    ("not", re.compile(r"(^|(?<=(\s|[()])))NOT(?=\s)")),
    ("and", re.compile(r"(?<=\s)AND(?=\s)")),
    ("or", re.compile(r"(?<=\s)OR(?=\s)")),
    ("require", re.compile(r"(^|(?<=\s))REQUIRE(?=\s)")),
    ("ws", re.compile(r"\s+")),
]
# Operators by precedence, and whether each is infix; each makes a group of its name.
_OPERATORS = [
    ("near", True),
    ("not", False),
    ("and", True),
    ("or", True),
    ("andnot", True),
    ("andmaybe", True),
    ("require", True),
]
_TEXT_KINDS = frozenset({"word", "wild", "prefix", "fuzzy", "phrase"})
_MERGING = frozenset({"and", "or"})


class SyntaxFailure(Exception):
    """The text cannot be read as query syntax (the old parser raised here)."""


class Syn:
    """One node of the syntax before it becomes the tree: a token, or a group of nodes."""

    def __init__(self, kind: str, text: str = "", **attrs: object) -> None:
        self.kind = kind
        self.text = text
        self.field: str | None = None
        self.original = text
        self.slop = NEAR_WORDS
        self.maxdist = 1
        self.prefix = 0
        self.group: str | None = None  # for groups: "and", "or", "near", "not", ...
        self.nodes: list[Syn] = []
        self.__dict__.update(attrs)

    def is_text(self) -> bool:
        """Return True for the nodes that search for text (words, patterns, phrases)."""
        return self.kind in _TEXT_KINDS

    def set_field(self, name: str) -> None:
        """Give this node (or every node in this group) a field, unless it has one."""
        if self.kind == "group":
            for node in self.nodes:
                node.set_field(name)
        elif (self.is_text() or self.kind == "fieldname") and self.field is None:
            self.field = name


def _group(kind: str, nodes: list[Syn] | None = None) -> Syn:
    return Syn("group", group=kind, nodes=nodes or [])


def _to_word(node: Syn) -> Syn:
    return Syn("word", node.original)


def _token(kind: str, match: re.Match[str]) -> Syn:
    if kind in ("fieldname", "wild"):
        return Syn(kind, match.group("text"), original=match.group(0))
    if kind == "phrase":
        slop = match.group("slop")
        return Syn("phrase", match.group("text"), slop=max(1, int(slop)) if slop else 1)
    if kind == "fuzziness":
        maxdist, prefix = match.group("maxdist"), match.group("prefix")
        return Syn(
            kind,
            original=match.group(0),
            maxdist=int(maxdist) if maxdist else 1,
            prefix=int(prefix) if prefix else 0,
        )
    if kind == "near":
        n = match.group("n")
        return Syn("op", "near", slop=max(1, min(int(n) if n else NEAR_WORDS, 50)))
    if kind in ("open", "close", "ws"):
        return Syn(kind)
    return Syn("op", kind)


def tokenize(text: str) -> list[Syn]:
    """Split text into tokens; the text between tokens becomes words."""
    out: list[Syn] = []
    pos = prev = 0
    while pos < len(text):
        for kind, pattern in _TOKENS:
            match = pattern.match(text, pos)
            if match:
                if prev < pos:
                    out.append(Syn("word", text[prev:pos]))
                out.append(_token(kind, match))
                prev = pos = match.end()
                break
        else:
            pos += 1
    if prev < len(text):
        out.append(Syn("word", text[prev:]))
    return out


def nest(tokens: list[Syn]) -> Syn:
    """Nest tokens into groups at brackets; unclosed groups are flattened at the end."""
    stack = [_group("and")]
    for node in tokens:
        if node.kind == "open":
            stack.append(_group("and"))
        elif node.kind == "close":
            if len(stack) > 1:
                last = stack.pop()
                stack[-1].nodes.append(last)
        else:
            stack[-1].nodes.append(node)
    top = stack[0]
    for level in stack[1:]:
        top.nodes.extend(level.nodes)
    if len(top.nodes) == 1 and top.nodes[0].kind == "group":
        top = top.nodes[0]
    return top


def _fuzzy(group: Syn) -> Syn:
    out = _group(group.group or "and")
    nodes, i = group.nodes, 0
    while i < len(nodes):
        node = nodes[i]
        if i < len(nodes) - 1 and node.kind == "word" and nodes[i + 1].kind == "fuzziness":
            after = nodes[i + 1]
            node = Syn("fuzzy", node.text, field=node.field, maxdist=after.maxdist)
            node.prefix = after.prefix
            i += 1
        if node.kind == "fuzziness":
            node = _to_word(node)
        if node.kind == "group":
            node = _fuzzy(node)
        out.nodes.append(node)
        i += 1
    return out


def _wildcards(group: Syn) -> None:
    nodes, i = group.nodes, 0
    while i < len(nodes):
        node = nodes[i]
        if node.kind == "wild":
            if i < len(nodes) - 1 and nodes[i + 1].is_text():
                node.text += nodes.pop(i + 1).text
            if i > 0 and nodes[i - 1].is_text():
                node.text = nodes.pop(i - 1).text + node.text
            else:
                i += 1
        else:
            if node.kind == "group":
                _wildcards(node)
            i += 1
    for node in nodes:
        text = node.text
        if node.kind == "wild" and len(text) > 1 and not any(q in text for q in _QMARKS):
            if text.find("*") == len(text) - 1:
                node.kind, node.text = "prefix", text[:-1]


def _fieldnames(group: Syn) -> Syn:
    known = _group(group.group or "and")
    unknown: Syn | None = None
    for node in group.nodes:
        if node.kind == "fieldname" and node.text not in SCHEMA_FIELDS:
            unknown = node
            continue
        if unknown is not None:
            if node.is_text():
                node.text = unknown.original + node.text
            else:
                known.nodes.append(_to_word(unknown))
            unknown = None
        known.nodes.append(node)
    if unknown is not None:
        known.nodes.append(_to_word(unknown))
    out: list[Syn] = []
    nodes, i = known.nodes, len(known.nodes)
    while i > 0:
        i -= 1
        node = nodes[i]
        if node.kind == "fieldname":
            node = _to_word(node)
        elif node.kind == "group":
            node = _fieldnames(node)
        if i > 0 and node.kind != "ws" and nodes[i - 1].kind == "fieldname":
            node.set_field(nodes[i - 1].text)
            i -= 1
        out.append(node)
    out.reverse()
    return _group(known.group or "and", out)


def _drop_whitespace(group: Syn) -> Syn:
    # Loops, not comprehensions, here and below: one stack frame per bracket keeps the
    # deepest brackets the length cap allows (about 500) within Python's recursion limit.
    kept: list[Syn] = []
    for node in group.nodes:
        if node.kind == "group":
            kept.append(_drop_whitespace(node))
        elif node.kind != "ws":
            kept.append(node)
    return _group(group.group or "and", kept)


def _fold_operators(group: Syn) -> Syn:
    nodes = group.nodes
    for name, infix in _OPERATORS:
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if node.kind != "op" or node.text != name:
                i += 1
            elif not infix:
                length = len(nodes)
                del nodes[i]
                if i < length - 1:
                    nodes[i] = _group(name, [nodes[i]])
            elif 0 < i < len(nodes) - 1:
                left, right = nodes[i - 1], nodes[i + 1]
                if name in _MERGING and left.kind == "group" and left.group == name:
                    left.nodes.append(right)
                    del nodes[i : i + 2]
                else:
                    nodes[i - 1 : i + 2] = [_group(name, [left, right])]
                    if name == "near":
                        nodes[i - 1].slop = node.slop
            else:
                del nodes[i]
                # A NEAR left dangling gives its distance to the NEAR just before it.
                if name == "near" and 0 < i <= len(nodes) and _is_near(nodes[i - 1]):
                    nodes[i - 1].slop = node.slop
    for node in nodes:
        if node.kind == "group":
            _fold_operators(node)
    return group


def _is_near(node: Syn) -> bool:
    return node.kind == "group" and node.group == "near"


def parse_syntax(text: str) -> Syn:
    """Return the syntax of (already rewritten) query text, operators folded."""
    group = _fuzzy(nest(tokenize(text)))
    _wildcards(group)
    return _fold_operators(_drop_whitespace(_fieldnames(group)))


# The old parser ran out of stack (and searched for the plain words instead) on NEARs
# nested more than 110 deep and NOTs more than 166 deep, measured from a shallow caller.
# These costs per level reproduce both limits with one budget.
_DEPTH_COST = {"near": 905, "not": 600}
_DEPTH_BUDGET = 100_000


def check_depth(root: Syn) -> None:
    """Raise SyntaxFailure for nesting deeper than the old parser could read."""
    stack = [(root, 0)]
    while stack:
        node, cost = stack.pop()
        cost += _DEPTH_COST.get(node.group or "", 0)
        if cost > _DEPTH_BUDGET:
            raise SyntaxFailure("nested too deep")
        stack.extend((child, cost) for child in node.nodes if child.kind == "group")


# --- the syntax as a tree ----------------------------------------------------------------


def _analyser(field: str, tokenized: bool) -> Callable[[str], list[str]]:
    if field in STEMMED_FIELDS:
        return stemmed_words if tokenized else lambda text: [stem(fold(text))]
    if field in FOLDED_FIELDS:
        return exact_words if tokenized else lambda text: [fold(text)]
    if field in ID_FIELDS:
        return lambda text: [text]
    raise SyntaxFailure(f"field {field!r} cannot be searched by words")


def _truthy(node: qt.Node | None) -> bool:
    # The old parser tested queries for truth, and an empty And or Or is false.
    return node is not None and not (isinstance(node, qt.And | qt.Or) and not node.children)


def _word(field: str, text: str) -> qt.Node | None:
    words = _analyser(field, True)(text)
    if len(words) > 1:
        return qt.Phrase(field, tuple(words))
    return qt.Term(field, words[0]) if words else None


def build(node: Syn) -> qt.Node | None:
    """Return the tree for one syntax node, as the old parser built it (not normalised)."""
    field = node.field or DEFAULT_FIELD
    if node.kind == "word":
        return _word(field, node.text)
    if node.kind == "phrase":
        return qt.Phrase(field, tuple(_analyser(field, True)(node.text)), node.slop)
    if node.kind in ("wild", "prefix", "fuzzy"):
        text = _analyser(field, False)(node.text)[0]
        if node.kind == "wild":
            return qt.Wildcard(field, text)
        if node.kind == "prefix":
            return qt.Prefix(field, text)
        return qt.Fuzzy(field, text, node.maxdist, node.prefix)
    if node.kind != "group":
        raise SyntaxFailure(f"{node.kind} {node.text!r} left over")
    kind, nodes = node.group, node.nodes
    if kind in ("and", "or"):
        built: list[qt.Node] = []
        for child in nodes:
            q = build(child)
            if q is not None:
                built.append(q)
        return qt.And(tuple(built)) if kind == "and" else qt.Or(tuple(built))
    if kind == "not":
        if not nodes:
            raise SyntaxFailure("NOT of nothing")
        child = build(nodes[0])
        return qt.Not(child) if _truthy(child) else None  # type: ignore[arg-type]
    if kind == "near":
        return _near(node)
    if len(nodes) != 2:
        raise SyntaxFailure(f"{kind} without two operands")
    a, b = build(nodes[0]), build(nodes[1])
    if a is None or b is None:
        return b if a is None and b is not None else (a if a is not None else qt.NOTHING)
    binary = {"andnot": qt.AndNot, "andmaybe": qt.AndMaybe, "require": qt.Require}[kind or ""]
    return binary(a, b)


def _near(node: Syn) -> qt.Node:
    operands: list[qt.Node] = []
    for child in node.nodes:
        q = build(child)
        if q is None:
            raise SyntaxFailure("NEAR of nothing")
        operands.append(q)
    kids = tuple(operands)
    # `speaker:x NEAR word` is read as speaker:x AND word: only passage text has positions.
    if all(field_of(leaf) in TEXT_FIELDS for q in kids for leaf in qt.leaves(q)):
        return qt.Near(kids, node.slop)
    return qt.And(kids)
