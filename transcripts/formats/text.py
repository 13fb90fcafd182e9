"""The plain-text and Markdown reader: `Name: text` paragraphs, headings and front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transcripts.errors import EmptyTranscriptError, ParseError
from transcripts.model import Document, Heading, Utterance
from transcripts.speakers import is_name_like, split_label
from transcripts.timecodes import parse_timecode

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# `[12:34]`, `(1:02:03)`, `[00:12:34.500]` at the start of a line.
_LEADING_TIME = re.compile(rf"^[\[(](?P<ts>{_TIME})[\])]\s*(?P<rest>.*)$")
# `Alice (12:34): text`, or Otter's and Descript's `Speaker 1  0:03` on a line of its own.
_LABEL_WITH_TIME = re.compile(
    rf"^(?P<name>[^\[\]():\d*_#][^\[\]():]{{0,59}}?)\s+[\[(]?(?P<ts>{_TIME})[\])]?"
    r"(?:\s*:\s*(?P<rest>.*))?$"
)
_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
_PREAMBLE_KEYS = {"title": "title", "date": "date", "language": "language", "lang": "language"}
_MAX_TITLE_WORDS = 15
_OTHER_KEYS = {"show", "hosts", "guests", "author", "tags", "description", "episode", "url"}
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")


@dataclass
class _Paragraph:
    """A paragraph being collected, line by line."""

    speaker: str | None
    start_ms: int | None
    lines: list[str] = field(default_factory=list)


def read_text(text: str, *, format: str) -> Document:
    """Read plain text or Markdown into a Document of speaker paragraphs."""
    markdown = format == "md"
    lines = _LINE_BREAK.split(text)
    meta, first = _front_matter(lines)
    first = _title_line(lines, first, meta, format)
    items: list[Utterance | Heading | tuple[int, str]] = []
    speaker: str | None = None
    paragraph: _Paragraph | None = None
    pending_ms: int | None = None  # a timestamp alone on its line times the next paragraph

    def flush() -> None:
        nonlocal paragraph, pending_ms
        if paragraph is not None:
            words = " ".join(" ".join(paragraph.lines).split())
            if markdown:
                words = _inline_markdown(words)
            if words:
                items.append(
                    Utterance(words, speaker=paragraph.speaker, start_ms=paragraph.start_ms)
                )
            else:
                pending_ms = paragraph.start_ms  # a label alone on its line times what follows
        paragraph = None

    for number, raw in enumerate(lines[first:], start=first + 1):
        line = raw.strip()
        if markdown:
            line = _MD_ESCAPE.sub(
                r"\1", line.lstrip("> ").strip() if line.startswith(">") else line
            )
        if not line or _RULE.match(line):
            flush()
            continue
        heading = _HEADING.match(line) if markdown or not items else None
        if heading:
            flush()
            items.append((len(heading["level"]), _inline_markdown(heading["title"])))
            continue
        if not items and paragraph is None and _preamble(line, meta):
            continue
        start_ms, line = _leading_time(line, number, format)
        start_ms = start_ms if start_ms is not None else pending_ms
        if not line:
            flush()
            pending_ms = start_ms
            continue
        labelled = _label(line, number, format)
        if labelled is not None:
            flush()
            speaker, label_ms, line = labelled
            later_ms, line = _leading_time(line, number, format)
            start_ms = next((ms for ms in (start_ms, label_ms, later_ms) if ms is not None), None)
            paragraph = _Paragraph(speaker, start_ms)
        elif paragraph is None or start_ms is not None:
            flush()
            paragraph = _Paragraph(speaker, start_ms)
        pending_ms = None
        if line:
            paragraph.lines.append(line)
    flush()
    return _document(format, items, meta)


def _document(
    format: str, found: list[Utterance | Heading | tuple[int, str]], meta: dict[str, str]
) -> Document:
    """Build the Document, taking a leading `# Title` as the title when nothing else gave one."""
    items: list[Utterance | Heading] = []
    for position, item in enumerate(found):
        if isinstance(item, tuple):
            level, title = item
            leads = position == 0 and level == 1
            if leads and meta.get("title", title).casefold() == title.casefold():
                meta.setdefault("title", title)
                continue
            items.append(Heading(title))
        else:
            items.append(item)
    if not any(isinstance(item, Utterance) for item in items):
        raise EmptyTranscriptError("the file has no speech, only headings or metadata")
    return Document(
        format=format,
        items=tuple(items),
        unit="paragraph",
        title=meta.get("title") or None,
        date=meta.get("date") or None,
        language=meta.get("language") or None,
    )


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Return YAML-ish front matter between `---` lines and the index of the first line after."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    meta: dict[str, str] = {}
    for index in range(1, len(lines)):
        line = lines[index].strip()
        if line in ("---", "..."):
            return (meta, index + 1) if meta else ({}, 0)
        if not line or line.startswith(("#", "-")) or lines[index][:1].isspace():
            continue  # comments, YAML list items and continuation lines: not ours to read
        match = _FRONT_KEY.match(line)
        if match is None or not _is_front_key(match["key"]):
            return {}, 0  # prose between rules ("Ana: Hi."), not front matter
        key = _PREAMBLE_KEYS.get(match["key"].lower(), match["key"].lower())
        meta[key] = match["value"].strip().strip("'\"")
    return {}, 0


def _title_line(lines: list[str], first: int, meta: dict[str, str], format: str) -> int:
    """Take a short unpunctuated first line standing alone as the title; return where speech starts.

    Articles and show notes saved as text open with their headline (sometimes twice), and a
    headline like "ADVOCATE: The State of Democracy" must not become a speaker's first words.
    """
    nonblank = [i for i in range(first, len(lines)) if lines[i].strip()]
    if "title" in meta or not nonblank:
        return first
    index = nonblank[0]
    line = lines[index].strip()
    alone = index + 1 >= len(lines) or not lines[index + 1].strip()
    key = _FRONT_KEY.match(line)
    if (
        not alone
        or len(nonblank) < 2
        or len(line.split()) > _MAX_TITLE_WORDS
        or line[-1] in ".?!…:;,"
        or any(rule.match(line) for rule in (_HEADING, _LEADING_TIME, _RULE))
        or (key is not None and key["key"].lower() in _PREAMBLE_KEYS)
    ):
        return first
    labelled = _label(line, index + 1, format)
    # A timed label ("Speaker 1  0:03") is always speech; so is a label that recurs.
    if labelled is not None and (
        labelled[1] is not None or not _labelled_only_here(lines, line, format)
    ):
        return first
    meta["title"] = line.strip("= ").strip() if line.startswith("=") else line
    # Skip the blank lines and repeats of the headline that follow it.
    index += 1
    while index < len(lines) and lines[index].strip() in ("", line):
        index += 1
    return index


def _labelled_only_here(lines: list[str], line: str, format: str) -> bool:
    """Return whether no line but `line` (and its repeats) opens with a speaker label."""
    for other in lines:
        other = other.strip()
        if other and other != line and ":" in other and _label(other, 0, format) is not None:
            return False
    return True


def _is_front_key(key: str) -> bool:
    """Return whether a key looks like front matter: lowercase, or a key we read."""
    return key.islower() or key.lower() in _PREAMBLE_KEYS or key.lower() in _OTHER_KEYS


def _preamble(line: str, meta: dict[str, str]) -> bool:
    """Take a `Title:`, `Date:` or `Language:` line before any speech as metadata."""
    match = _FRONT_KEY.match(line)
    if match is None or match["key"].lower() not in _PREAMBLE_KEYS or not match["value"].strip():
        return False
    meta.setdefault(_PREAMBLE_KEYS[match["key"].lower()], match["value"].strip())
    return True


def _leading_time(line: str, number: int, format: str) -> tuple[int | None, str]:
    """Split a leading `[12:34]` or `(12:34)` from a line into milliseconds and the rest."""
    match = _LEADING_TIME.match(line)
    if match is None:
        return None, line
    return _ms(match["ts"], line, number, format), match["rest"].strip()


def _label(line: str, number: int, format: str) -> tuple[str, int | None, str] | None:
    """Return (speaker, start, text) when a line opens with a speaker label."""
    found = split_label(line)
    if found is not None:
        return found[0], None, found[1]
    match = _LABEL_WITH_TIME.match(line)
    if match is not None and is_name_like(match["name"]):
        return (
            " ".join(match["name"].split()),
            _ms(match["ts"], line, number, format),
            match["rest"] or "",
        )
    return None


def _ms(timecode: str, line: str, number: int, format: str) -> int:
    """Parse a timecode found at a line, or raise a ParseError that points at it."""
    try:
        return parse_timecode(timecode)
    except ValueError as exc:
        raise ParseError(str(exc), format=format, line=number, snippet=line[:80]) from exc


def _inline_markdown(text: str) -> str:
    """Return Markdown text without links, bold and emphasis markup."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    return _MD_EMPHASIS.sub(r"\1", text)
