"""The text of page nodes, and the hints it carries: links, italics, anchors.

Shared by the block, row and label readers so that all see text the same way.
"""

from __future__ import annotations

import re

from bs4 import Comment, NavigableString, PageElement, Tag

# Elements that start a new line of text; anything else is inline.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend "
    "li main nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)


def anchor_marks(nodes: list[PageElement]) -> frozenset[str]:
    """Return the names of the anchors in nodes and a leaf's own id, digits folded."""
    found: list[str] = []
    for node in nodes:
        if not isinstance(node, Tag):
            continue
        found += [str(node["id"])] if node.get("id") else []
        for anchor in [node] if node.name == "a" else node.find_all("a"):
            found += [str(anchor[key]) for key in ("name", "id") if anchor.get(key)]
    return frozenset(re.sub(r"\d+", "#", value) for value in found)


def strings(nodes: list[PageElement]) -> list[NavigableString]:
    """Return the visible pieces of text in nodes, in order."""
    return [
        string
        for node in nodes
        for string in ([node] if isinstance(node, NavigableString) else node.find_all(string=True))
        if not isinstance(string, Comment) and string.strip()
    ]


def all_inside(nodes: list[PageElement], tag: str) -> bool:
    """Return whether every piece of visible text in nodes is inside a link (`a`) or a tag."""
    texts = strings(nodes)
    attrs = {"href": True} if tag == "a" else {}
    return bool(texts) and all(string.find_parent(tag, attrs=attrs) for string in texts)


def italic_kind(nodes: list[PageElement]) -> str:
    """Return "whole" when all the text is in italics, "lead" when it starts so, else ""."""
    inside = [bool(s.find_parent(["i", "em"])) for s in strings(nodes)]
    if inside and all(inside):
        return "whole"
    return "lead" if inside and inside[0] else ""


def has_text(node: PageElement) -> bool:
    """Return whether a node holds visible text."""
    if isinstance(node, Comment):
        return False
    if isinstance(node, NavigableString):
        return bool(node.strip())
    return isinstance(node, Tag) and bool(node.get_text(strip=True))


def node_text(tag: Tag) -> str:
    """Return an element's text with `<br>` as a space and whitespace collapsed."""
    return join_text(list(tag.children))


def join_text(nodes: list[PageElement]) -> str:
    """Return the text of nodes with `<br>` as a space and whitespace collapsed."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            parts.append(str(node))
        elif isinstance(node, Tag):
            if node.name == "br":
                parts.append(" ")
            else:
                parts.append(" " if node.name in BLOCK_TAGS else "")
                parts.extend(
                    " " if isinstance(s, Tag) else str(s)
                    for s in node.descendants
                    if (isinstance(s, NavigableString) and not isinstance(s, Comment))
                    or (isinstance(s, Tag) and s.name == "br")
                )
    return " ".join("".join(parts).split())
