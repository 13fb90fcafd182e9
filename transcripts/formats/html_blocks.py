"""An HTML page as a flat run of blocks: headings, and paragraphs with a speaker label and time.

Pages mark speakers and times in many ways; each one read here is named where it is read.
Play buttons and timestamps are decorations: their time is kept, their text is not speech.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

from transcripts.formats.html_nodes import (
    BLOCK_TAGS,
    all_inside,
    anchor_marks,
    has_text,
    italic_kind,
    join_text,
    node_text,
)
from transcripts.formats.html_times import attribute_time, take_decorations
from transcripts.inline_times import leading_ms, split_leading, split_trailing, time_alone, to_ms
from transcripts.labels import is_marked_label, is_plain_name, line_label, new_voice
from transcripts.name_variants import is_record_label
from transcripts.records import is_collective, is_question_lead, strip_reference
from transcripts.speakers import NOT_NAME_WORDS, doubtful_label

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
# Blocks read as one paragraph unless they hold other blocks.
_LEAF_TAGS = frozenset("p dt dd li pre td th caption summary h5 h6 legend".split())
_SPEAKER_CLASSES = frozenset({"speaker", "speaker-name", "speakername", "name", "spk", "voice"})
_LABEL_TAGS = frozenset({"strong", "b", "cite"})


@dataclass(frozen=True)
class Block:
    """One line of the page: a heading (level 1-4) or a paragraph (level 0)."""

    text: str
    level: int = 0
    label: str | None = None
    start_ms: int | None = None
    # A label read from plain `Name: text`, and the text as it was before the split,
    # for pages whose other labels show this one to be a sentence ("Klar: ...").
    plain: bool = False
    unsplit: str = ""
    # Anchor names and ids in the paragraph, digits folded ("st_o3" -> "st_o#"): where a
    # record marks each contribution's start.
    marks: frozenset[str] = frozenset()
    # Kinds of furniture taken out of the paragraph (a question number, a reference).
    dropped: tuple[str, ...] = ()
    # All its text is link text: navigation, when it says "Next Section".
    linked: bool = False
    # Where its text is in italics: "whole" (an editor's note, a record's procedure:
    # "The House divided."), "lead" ("<i>Question put</i>, That ..."), or "".
    italic: str = ""
    # A new voice nobody named: opened by `>>`, or by a label no rule read ("" for `>>`).
    unread: str | None = None


def iter_blocks(root: Tag | BeautifulSoup) -> Iterator[Block]:
    """Yield the blocks of an element in document order."""
    inline: list[PageElement] = []
    for child in list(root.children):
        if isinstance(child, Tag) and (child.name in BLOCK_TAGS or _holds_blocks(child)):
            yield from _flush(inline)
            inline = []
            if child.name in HEADINGS:
                yield _heading(child)
            elif child.name in _LEAF_TAGS and not _holds_blocks(child):
                lines = _labelled_lines(child)
                if lines:
                    for line in lines:
                        yield from _flush(line)
                else:
                    yield from _flush([child], leaf=child)
            elif child.name == "tr" and all(c.name == "th" for c in child.find_all(["td", "th"])):
                continue  # a header row ("Time | Speaker | Text") is not speech
            elif child.name == "tr" and (row := _row(child)) is not None:
                yield row
            else:
                yield from iter_blocks(child)
        elif isinstance(child, (Tag, NavigableString)):
            inline.append(child)
    yield from _flush(inline)


def _labelled_lines(leaf: Tag) -> list[list[PageElement]] | None:
    """Split `<p><b>Ana:</b> Hi.<br><b>Bo:</b> Hello.</p>` at its breaks, if lines are labelled."""
    lines: list[list[PageElement]] = [[]]
    for child in leaf.children:
        if isinstance(child, Tag) and child.name == "br":
            lines.append([])
        else:
            lines[-1].append(child)
    lines = [line for line in lines if any(has_text(node) for node in line)]
    if len(lines) < 2:
        return None
    labelled = 0
    for line in lines:
        plain = line_label(join_text(line).strip(), 0, "html")
        if _structural_label(line)[0] is not None or plain is not None:
            labelled += 1
    return lines if labelled >= 2 else None


def _row(row: Tag) -> Block | None:
    """Read a table row of time, speaker and text cells, in any order; None if it is not one."""
    cells = [c for c in row.children if isinstance(c, Tag) and c.name in ("td", "th")]
    if len(cells) < 2 or all(all_inside([c], "a") for c in cells if has_text(c)):
        return None  # a row of links is a menu: its cells are read one by one
    label = start_ms = None
    texts: list[str] = []
    for cell in cells:
        found, _ = take_decorations(cell)
        text = node_text(cell)
        time = time_alone(text)
        name = text.rstrip(":").strip()
        if time and start_ms is None:
            start_ms = to_ms(time)
        elif label is None and not texts and (_has_speaker_class(cell) or is_plain_name(name)):
            label = name
        elif text:
            texts.append(text)
        start_ms = found if start_ms is None else start_ms
    if not texts or (label is None and start_ms is None):
        return None
    text = " ".join(texts)
    # Without a time cell, "Price | 12 EUR" may be a fact table: trust the label as a plain one.
    plain = label is not None and start_ms is None
    unsplit = f"{label} {text}" if plain else ""
    return Block(text=text, label=label, start_ms=start_ms, plain=plain, unsplit=unsplit)


def _holds_blocks(tag: Tag) -> bool:
    """Return whether an element contains block elements (then it is a container)."""
    return any(isinstance(d, Tag) and d.name in BLOCK_TAGS for d in tag.descendants)


def _heading(tag: Tag) -> Block:
    """Read a heading, with a time from a timestamp inside or around its title."""
    start_ms, _ = take_decorations(tag)
    title = node_text(tag)
    # The time styles every format shares: `[12:34] – Title`, `Title (12:34)`.
    leading, title = split_leading(title, separator=True)
    trailing, title = split_trailing(title)
    for timecode in (leading, trailing):
        start_ms = to_ms(timecode) if start_ms is None else start_ms
    return Block(text=title, level=HEADINGS[tag.name or "h2"], start_ms=start_ms)


def _flush(nodes: list[PageElement], *, leaf: Tag | None = None) -> Iterator[Block]:
    """Yield the paragraph a leaf block or a run of inline nodes makes, if it says anything."""
    if not any(has_text(node) for node in nodes):
        return
    start_ms = attribute_time(leaf) if leaf is not None else None
    kept: list[PageElement] = []
    for node in nodes:
        if isinstance(node, Tag):
            found, gone = take_decorations(node, remove_self=leaf is None)
            start_ms = found if start_ms is None else start_ms
            if gone:
                continue
        kept.append(node)
    children = list(leaf.children) if leaf is not None else kept
    lead = next((c for c in children if has_text(c)), None)
    if isinstance(lead, NavigableString) and (lead_time := time_alone(lead)) is not None:
        # `[05:40] <b>Name</b>: text`: the time comes before the label's markup.
        start_ms = to_ms(lead_time) if start_ms is None else start_ms
        children = children[children.index(lead) + 1 :]
    label, rest = None, ""
    dropped: list[str] = []
    if (
        leaf is not None
        and _has_speaker_class(leaf)
        and is_marked_label(node_text(leaf).rstrip(":"))
    ):
        # trs2html and similar: `<p class="speaker">Name</p>` names the paragraphs after it.
        label = node_text(leaf).rstrip(":").strip()
    else:
        label, rest = _structural_label(children)
        lead = next((c for c in children if has_text(c)), None)
        if label is None and isinstance(lead, NavigableString) and is_question_lead(lead):
            # Hansard: `1. <b>Name (Seat) (Party):</b>` - the order paper's number, not speech.
            label, rest = _structural_label(children[children.index(lead) + 1 :])
            dropped += ["question number"] if label is not None else []
    if label is not None:
        rest, referenced = strip_reference(rest)
        dropped += ["question reference"] if referenced else []
    text = rest if label is not None else join_text(children)
    marks = anchor_marks([leaf] if leaf is not None else kept)
    linked = all_inside(children, "a")
    italic = "" if label is not None else italic_kind(children)
    # A leading `[12:34]`, or a paragraph that is only a timecode, times what follows.
    alone = time_alone(text)
    text_ms, text = (to_ms(alone), "") if alone is not None else leading_ms(text, separator=True)
    start_ms = text_ms if start_ms is None else start_ms
    # A label written as text: read by the label grammar every format shares.
    plain = line_label(text.strip(), 0, "html") if label is None else None
    voiced, spoken = new_voice(text.strip()) if label is None else (False, text)
    unread = doubtful_label(spoken) if label is None and plain is None else None
    if plain is not None:
        yield Block(
            text=plain[2],
            label=plain[0],
            start_ms=start_ms if start_ms is not None else plain[1],
            plain=True,
            unsplit=text.strip(),
            marks=marks,
        )
    elif unread is not None or voiced:
        # `>>` with no name, or a label no rule read: a new voice, whose is not known.
        yield Block(text=spoken.strip(), start_ms=start_ms, marks=marks, unread=unread or "")
    elif text or label is not None or start_ms is not None:
        yield Block(
            text=text.strip(),
            label=label,
            start_ms=start_ms,
            marks=marks,
            dropped=tuple(dropped),
            linked=linked,
            italic=italic,
        )


def _structural_label(children: list[PageElement]) -> tuple[str | None, str]:
    """Find `<strong>Name:</strong> text`, `<b>Name</b>: text` or `<cite>Name:</cite>`."""
    first = next((c for c in children if has_text(c)), None)
    if not isinstance(first, Tag):
        return None, ""
    if first.name not in _LABEL_TAGS and not _has_speaker_class(first):
        # `<span><strong>Name:</strong></span>`: look one level into a lone wrapper.
        inner = [c for c in first.children if has_text(c)]
        if not (len(inner) == 1 and isinstance(inner[0], Tag) and inner[0].name in _LABEL_TAGS):
            return None, ""
    candidate = node_text(first)
    rest_nodes = children[children.index(first) + 1 :]
    rest = join_text(rest_nodes)
    # The colon may sit inside the bold (`**Name:**`) or just after it (`**Name**:`).
    if not candidate.endswith(":") and rest.startswith(":"):
        candidate, rest = candidate + ":", rest[1:].lstrip()
    marked = candidate.endswith(":") or first.name == "cite" or _has_speaker_class(first)
    name = candidate.rstrip(":").strip()
    _, name = split_trailing(name)  # `<b>Ana (12:34):</b>`: the name before its time
    # A record's labels (`Office (Mr Name):`, `Name (Seat) (Party):`, `The Office:`) too.
    named = bool(name) and name.split()[0].lower().rstrip(":'’") not in NOT_NAME_WORDS
    record = marked and named and (is_record_label(name) or is_collective(name))
    if not (marked and name and (is_marked_label(name) or record)):
        return None, ""
    # Bold is also emphasis ("<b>Key points:</b>"): unless the markup says "speaker",
    # want a name, a shouted label (HOST) or a single word (interviewer).
    if first.name == "cite" or _has_speaker_class(first) or is_plain_name(name) or record:
        return name, rest
    if name.isupper() or len(name.split()) == 1:
        return name, rest
    return None, ""


def _has_speaker_class(tag: Tag) -> bool:
    """Return whether an element's class names a speaker label."""
    classes = tag.get("class") or []
    return any(str(c).lower() in _SPEAKER_CLASSES for c in classes)
