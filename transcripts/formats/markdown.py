"""Markdown's structure, read by markdown-it-py (CommonMark), as lines of text.

The text reader finds labels, times, furniture and turns in lines; this module turns a
Markdown file into those lines, one for each line of the source, so line numbers stay
the source's. What CommonMark says is markup goes: list and blockquote markers, link
targets, backslash escapes, entities, presentational HTML, link reference definitions.
What the shared label rules read stays, normalised: emphasis as `*`, strong as `**`, so
`__Ana (12:03):__` and `**Ana (12:03):**` read alike. Headings, ATX or setext, are
handed over apart, with their level.

A code block, fenced or indented, is kept as plain text, line by line and uninterpreted:
no transcript is a program, but plain-text transcripts are pasted into fences and saved
with every paragraph indented, and dropping a code block would drop the whole interview.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Presentational HTML inside Markdown (`<span style=…>`, `</div>`): markup, never speech.
# Only these elements: other angle brackets ("<labelled by year>", a hostile `<img …>`
# quoted in a transcript) are text and stay, shown escaped.
PRESENTATIONAL_TAG = re.compile(
    r"</?(?:span|div|font|mark|br|p|center|small|big|sup|sub|u|b|i|em|strong|section|article)"
    r"(?:\s[^<>]{0,300})?/?>",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--.*?-->")
# A line of nothing but list and blockquote markers (an empty item, a bare `>`).
_MARKERS_ONLY = re.compile(r"^(?:\s*(?:>|[-*+]|\d{1,9}[.)]))*\s*$")
_MARKS = {"strong_open": "**", "strong_close": "**", "em_open": "*", "em_close": "*"}
_LEAVES = {"paragraph_open", "heading_open", "fence", "code_block", "html_block", "hr"}

# CommonMark as specified: no tables, no autolinked bare URLs, no typographic quotes.
_PARSER = MarkdownIt("commonmark")


@dataclass
class MarkdownPage:
    """A Markdown file as the text reader's lines, and what its structure says about them."""

    lines: list[str]  # one per source line: its text, or "" where it holds no text
    headings: dict[int, tuple[int, str]] = field(default_factory=dict)  # line -> level, title
    starts: set[int] = field(default_factory=set)  # lines that open a new block
    furniture: dict[int, tuple[str, str]] = field(default_factory=dict)  # line -> kind, source
    inside: set[int] = field(default_factory=set)  # lines within a block, after its first


@dataclass
class _Segment:
    """One line of an inline run: its text, and whether all of it was a link or an image."""

    parts: list[tuple[str, str]] = field(default_factory=list)  # (text, "text"/"open"/"close")
    linked: bool = False
    imaged: bool = False
    plain: bool = False  # some text outside any link

    @property
    def text(self) -> str:
        return "".join(part for part, _ in self.parts).strip()


def read_markdown(
    source: Sequence[str], first: int, is_label: Callable[[str], bool]
) -> MarkdownPage:
    """Read Markdown lines (front matter ending before `first`) into a MarkdownPage."""
    lines = ["" if index < first else line for index, line in enumerate(source)]
    page = MarkdownPage([""] * len(lines))
    covered = [False] * len(lines)
    tokens = _PARSER.parse("\n".join(lines))
    item: str | None = None  # the marker of a list item whose first block is next
    depth = 0  # how many blockquotes the token is in
    for position, token in enumerate(tokens):
        depth += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if token.type == "list_item_open":
            item = f"{token.info}{token.markup} "
        if token.type not in _LEAVES or token.map is None:
            continue
        start, end = token.map
        covered[start:end] = [True] * (end - start)
        page.starts.add(start)
        page.inside.update(range(start + 1, end))
        if token.type == "paragraph_open":
            _put(page, source, start, _segments(tokens[position + 1].children or []), item)
            if depth >= 2 and source[start].lstrip().startswith(">>") and page.lines[start]:
                # `>> NAME: text`, `>> text`: broadcast captions' change of voice, written
                # as CommonMark's nested quote. The chevrons stay for the label grammar.
                page.lines[start] = ">> " + page.lines[start]
        elif token.type == "heading_open":
            _heading(page, source, token, tokens[position + 1], is_label)
        elif token.type in ("fence", "code_block"):
            opening = start + 1 if token.type == "fence" else start
            for index, text in zip(range(opening, end), _content_lines(token), strict=False):
                page.lines[index] = text.strip()
        elif token.type == "html_block":
            _html_block(page, source, token)
        item = None
    for index in range(first, len(lines)):
        # CommonMark keeps link reference definitions out of the token stream: what no
        # block holds, but for container markers, is one. It is never speech.
        if not covered[index] and not _MARKERS_ONLY.match(lines[index]):
            page.furniture[index] = ("link definition", lines[index].strip())
    return page


def _segments(children: list[Token], marks: bool = True) -> list[_Segment]:
    """Render an inline run as one segment per source line, emphasis kept as `*`/`**`."""
    segments = [_Segment()]
    in_link = 0
    for child in children:
        kind, segment = child.type, segments[-1]
        if kind in ("softbreak", "hardbreak"):
            segments.append(_Segment())
        elif kind in ("text", "code_inline"):
            segment.parts.append((child.content, "text"))
            if child.content.strip():
                segment.linked |= in_link > 0
                segment.plain |= in_link == 0
        elif kind in _MARKS and marks:
            segment.parts.append((_MARKS[kind], kind.rsplit("_", 1)[1]))
        elif kind == "link_open":
            in_link += 1
        elif kind == "link_close":
            in_link -= 1
        elif kind == "image":
            segment.imaged = True  # a picture's alt text describes it; nobody said it
        elif kind == "html_inline":
            html = child.content
            if not (PRESENTATIONAL_TAG.fullmatch(html) or html.startswith("<!--")):
                segment.parts.append((html, "text"))
                segment.plain |= in_link == 0
    _move_marks(segments)
    return segments


def _move_marks(segments: list[_Segment]) -> None:
    """Move the emphasis marks of a line with no text onto the lines they open and close.

    `*<span>` on a line of its own leaves a bare `*` once the tag goes; the emphasis it
    opens belongs to the next line, the one a `</span>*` closes to the line before.
    """
    for index, segment in enumerate(segments):
        if segment.plain or segment.linked or segment.imaged or not segment.parts:
            continue
        before = segments[index - 1] if index > 0 else None
        after = segments[index + 1] if index + 1 < len(segments) else None
        for part in segment.parts:
            if part[1] == "open" and after is not None:
                after.parts.insert(0, part)
            elif part[1] == "close" and before is not None:
                before.parts.append(part)
        segment.parts = []


def _put(
    page: MarkdownPage,
    source: Sequence[str],
    start: int,
    segments: list[_Segment],
    item: str | None = None,
) -> None:
    """Set a paragraph's lines from its segments; a line only of links is furniture.

    A list item keeps its marker, as the page shows it: `- GitHub: @ana` in a list of
    details is not a turn, and `1. **Why glass?**` is a numbered question.
    """
    for offset, segment in enumerate(segments):
        index = min(start + offset, len(page.lines) - 1)
        if segment.plain:
            text = f"{item}{segment.text}" if item and offset == 0 else segment.text
            page.lines[index] = f"{page.lines[index]} {text}" if page.lines[index] else text
        elif segment.linked:
            page.furniture[index] = ("link", source[index].strip())
        elif segment.imaged:
            page.furniture[index] = ("image", source[index].strip())


def _heading(
    page: MarkdownPage,
    source: Sequence[str],
    token: Token,
    inline: Token,
    is_label: Callable[[str], bool],
) -> None:
    """Hand over a heading; a setext one that is a labelled turn is a turn and a rule."""
    assert token.map is not None
    start = token.map[0]
    children = inline.children or []
    setext = token.markup in ("-", "=")
    lines = [segment.text for segment in _segments(children)]
    if setext and any(is_label(line) for line in lines):
        # Tolerated: `Ana: Thanks.` over a `---` rule is a turn and a break, however
        # CommonMark reads it; a heading never says who is speaking.
        _put(page, source, start, _segments(children))
        return
    title = " ".join(" ".join(segment.text for segment in _segments(children, False)).split())
    if title:
        level = int(token.tag[1])
        page.headings[start] = (level, title)
        page.lines[start] = f"{'#' * level} {title}"


def _html_block(page: MarkdownPage, source: Sequence[str], token: Token) -> None:
    """Keep an HTML block's text, line by line, without its presentational tags."""
    assert token.map is not None
    start, end = token.map
    if token.content.lstrip().startswith("<!--"):
        return  # a comment, however many lines it runs to, is markup
    for index, line in zip(range(start, end), _content_lines(token), strict=False):
        text = PRESENTATIONAL_TAG.sub("", _COMMENT.sub("", line)).strip()
        if text:
            inline = _PARSER.parseInline(text)[0].children or []
            _put(page, source, index, _segments(inline))


def _content_lines(token: Token) -> list[str]:
    """Return a block's raw content as lines (only `\\n` ends one, as in CommonMark)."""
    return token.content.removesuffix("\n").split("\n")
