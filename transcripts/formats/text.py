"""The plain-text and Markdown reader: `Name: text` paragraphs, headings and front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from transcripts.credits import edge_credits, footer_report, tool_footer
from transcripts.errors import EmptyTranscriptError, TranscriptError
from transcripts.formats.front_matter import Preamble, front_matter
from transcripts.formats.markdown import MarkdownPage, read_markdown
from transcripts.furniture import (
    field_block_lines,
    field_people,
    initials_table,
    line_furniture,
    page_lines,
    role_line,
)
from transcripts.inline_times import split_trailing, time_alone, to_ms
from transcripts.label_review import Block, settle_speakers
from transcripts.labels import leading_time, line_label, ms_at, new_voice
from transcripts.model import Document, Heading, Utterance
from transcripts.preamble import preamble_line, title_line
from transcripts.site_lines import site_line_kind
from transcripts.speakers import doubtful_label, is_name_like, split_marker

HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
# A paragraph set whole in bold or italics, maybe as a list item: `1. __Why glass?__`.
_EMPHASISED = re.compile(r"^(?:(?:[-*+]|\d{1,3}[.)])\s+)?(\*\*|__|\*|_)(?=\S)[^*_]+(?<=\S)\1$")
# A transcript needs this many labelled paragraphs before its unlabelled opening is a preface.
_MIN_LABELLED = 3
# Text after a break marker short enough to be its title ("**Break:** Listener mail").
_MAX_BREAK_TITLE_WORDS = 8


@dataclass
class _Paragraph:
    """A paragraph being collected, line by line."""

    speaker: str | None
    start_ms: int | None
    labelled: bool = False
    after: str | None = None
    marker: bool = False  # opened by a non-speech marker, whose time is not the next speech's
    unread_label: str | None = None  # opened, or carried on from, a label no rule accepted
    lines: list[str] = field(default_factory=list)


@dataclass
class _Reading:
    """What the reader has found so far in one file."""

    markdown: bool
    found: list[Block | Heading | tuple[int, str]] = field(default_factory=list)
    markers: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    last_marker: str | None = None  # the non-speech marker nothing has been said after yet
    furniture: dict[str, list[str]] = field(default_factory=dict)  # kind -> lines left out
    initials: dict[str, str] = field(default_factory=dict)  # from an attendee table


def read_text(text: str, *, format: str) -> Document:
    """Read plain text or Markdown into a Document of speaker paragraphs."""
    reading = _Reading(markdown=format == "md")
    lines = _LINE_BREAK.split(text)
    preamble, first = front_matter(lines)
    if preamble.broken is not None:
        reading.furniture["front matter"] = preamble.lines[1:-1]
        reading.warnings.append(
            f"the front matter is not valid YAML ({preamble.broken}): none of it was read "
            "as metadata, and none of it as speech"
        )
    reading.initials = initials_table(lines)
    page: MarkdownPage | None = None
    if reading.markdown:
        page = read_markdown(lines, first, lambda line: _is_label(line, format))
        lines = page.lines
    for index, kind in sorted(page_lines(lines, lambda line: _is_label(line, format)).items()):
        if index >= first:
            reading.furniture.setdefault(kind, []).append(lines[index].strip())
            lines[index] = ""  # what the page put around the speech is no part of it
    for index, kind in sorted(_lone_furniture(lines, first, format).items()):
        reading.furniture.setdefault(kind, []).append(lines[index].strip())
        lines[index] = ""  # "Subtitles by …", "Share this:": no part of the speech
    first = title_line(lines, first, preamble.meta, format, _structural)
    fields = field_block_lines(lines)
    preamble.people += field_people(list(fields.values()))
    speaker: str | None = None
    unread: str | None = None  # the unread label the current turn opened with, if any
    paragraph: _Paragraph | None = None
    pending_ms: int | None = None  # a timestamp alone on its line times the next paragraph

    def flush() -> None:
        nonlocal paragraph, pending_ms
        if paragraph is not None:
            words = raw_words = " ".join(" ".join(paragraph.lines).split())
            if reading.markdown:
                words = _inline_markdown(words)
            if words:
                block = Block(words, paragraph.speaker, paragraph.start_ms, paragraph.labelled)
                block.after = paragraph.after
                block.unread_label = paragraph.unread_label
                block.emphasised = reading.markdown and _EMPHASISED.match(raw_words) is not None
                reading.found.append(block)
                reading.last_marker = None
            elif not paragraph.marker:
                pending_ms = paragraph.start_ms  # a label alone on its line times what follows
        paragraph = None

    for number, raw in enumerate(lines[first:], start=first + 1):
        line = raw.strip()
        if page is not None and number - 1 in page.starts:
            flush()  # a new paragraph, list item or quote: Markdown's blocks are its paragraphs
        if page is not None and number - 1 in page.furniture:
            flush()
            kind, source = page.furniture[number - 1]
            reading.furniture.setdefault(kind, []).append(source)
            continue
        if not line and page is not None and number - 1 in page.inside:
            continue  # a paragraph's line left with no text (`*<span>`) does not end it
        if not line or RULE.match(line):
            flush()
            continue
        if page is not None:
            heading = page.headings.get(number - 1)
        elif not reading.found and (found := HEADING.match(line)) is not None:
            heading = len(found["level"]), found["title"]
        else:
            heading = None
        if heading:
            flush()
            reading.found.append(heading)
            continue
        if not reading.found and paragraph is None and preamble_line(line, preamble.meta):
            continue
        if (tool := tool_footer(line)) is not None:
            flush()
            reading.warnings.append(footer_report(tool))
            continue
        kind = "interview details" if number - 1 in fields else line_furniture(line)
        if kind is None and role_line(line, is_name_like):
            kind = "meeting roles"
        if kind is not None:
            flush()
            reading.furniture.setdefault(kind, []).append(line)
            continue
        start_ms, line = leading_time(line, number, format)
        if start_ms is None and (alone := to_ms(time_alone(line))) is not None:
            start_ms, line = alone, ""  # `0:03` on a line of its own times what follows
        start_ms = start_ms if start_ms is not None else pending_ms
        if not line:
            flush()
            pending_ms = start_ms
            continue
        marker = split_marker(line)
        if marker is not None:
            flush()
            speaker, unread, pending_ms = None, None, None  # nobody's until labelled
            paragraph = _marker(reading, marker, start_ms, number, format)
            continue
        labelled = line_label(line, number, format)
        voiced, spoken = new_voice(line)
        label = doubtful_label(spoken) if labelled is None else None
        if labelled is not None:
            flush()
            speaker, label_ms, line = labelled
            unread = None
            later_ms, line = leading_time(line, number, format)
            start_ms = next((ms for ms in (start_ms, label_ms, later_ms) if ms is not None), None)
            paragraph = _Paragraph(speaker, start_ms, labelled=True, after=reading.last_marker)
        elif label is not None:
            # Shaped like a label but not read as one: a new turn, and nobody's. The line
            # is kept whole, label and all, so nothing the source says is lost.
            flush()
            speaker, unread = None, label
            paragraph = _Paragraph(None, start_ms, labelled=True, unread_label=label)
        elif voiced:
            # `>>` with no name: someone else speaks from here, and whose voice is unknown.
            flush()
            speaker, unread, line = None, None, spoken
            paragraph = _Paragraph(None, start_ms)
        elif paragraph is None or start_ms is not None:
            flush()
            paragraph = _Paragraph(speaker, start_ms, unread_label=unread)
        pending_ms = None
        if line:
            paragraph.lines.append(line)
    flush()
    return _document(format, reading, preamble)


def _marker(
    reading: _Reading, marker: tuple[str, str, str], start_ms: int | None, number: int, format: str
) -> _Paragraph | None:
    """Read a `**Break:**` or `**Jingle:**` marker; return a paragraph for any text it carries.

    A break marker starts a new section of the source, titled by the short text after it
    or "After the break"; a sound marker only notes that nobody is speaking.
    """
    kind, name, rest = marker
    marker_ms, rest = leading_time(rest, number, format)
    if marker_ms is None:
        marker_ms, rest = _trailing_time(rest, number, format)  # "**Break:** Mail \[07:15\]"
    start_ms = start_ms if start_ms is not None else marker_ms
    reading.markers.setdefault(kind, []).append(name)
    if kind == "break":
        title = f"After the {name.lower()}"
        short = rest and len(rest.split()) <= _MAX_BREAK_TITLE_WORDS and rest[-1] not in ".?!…"
        if short:
            title, rest = _inline_markdown(rest) if reading.markdown else rest, ""
        reading.found.append(Heading(title, start_ms))
    reading.last_marker = name
    paragraph = _Paragraph(None, start_ms, after=name, marker=True)
    if rest:
        paragraph.lines.append(rest)
    return paragraph


def _trailing_time(text: str, number: int, format: str) -> tuple[int | None, str]:
    """Split a trailing `[07:15]` from a marker's text into milliseconds and the rest."""
    timecode, rest = split_trailing(text)
    if timecode is None:
        return None, text
    return ms_at(timecode, text, number, format), rest


def _document(format: str, reading: _Reading, preamble: Preamble) -> Document:
    """Build the Document, taking a leading `# Title` as the title when nothing else gave one."""
    meta = preamble.meta
    found: list[Block | Heading] = []
    for position, item in enumerate(reading.found):
        if isinstance(item, tuple):
            level, title = item
            leads = position == 0 and level == 1
            if leads and meta.get("title", title).casefold() == title.casefold():
                meta.setdefault("title", title)
                continue
            found.append(Heading(title))
        else:
            found.append(item)
    if not any(isinstance(item, Block) for item in found):
        raise EmptyTranscriptError("the file has no speech, only headings or metadata")
    found = _without_preface(found, reading)
    items, warnings = settle_speakers(found, reading.markers)
    if reading.initials:
        items, used = _named_initials(items, reading.initials)
        if used:
            shown = ", ".join(f"{short} = {name}" for short, name in list(used.items())[:4])
            more = ", …" if len(used) > 4 else ""
            warnings.append(
                f"read {len(used)} speakers' initials from the attendee table ({shown}{more})"
            )
    if reading.furniture:
        warnings.insert(0, furniture_report(reading.furniture))
    if preamble.ignored:
        keys = ", ".join(dict.fromkeys(preamble.ignored))
        warnings.insert(0, f"front matter keys not read as metadata: {keys}")
    return Document(
        format=format,
        items=tuple(items),
        unit="paragraph",
        title=meta.get("title") or None,
        date=meta.get("date") or None,
        language=meta.get("language") or None,
        warnings=tuple(reading.warnings + warnings),
        participants=tuple(preamble.people),
    )


def _without_preface(found: list[Block | Heading], reading: _Reading) -> list[Block | Heading]:
    """Leave out the unlabelled paragraphs a labelled transcript opens with before a heading.

    A page's summary or editor's note stands above the transcript, set off from it by the
    first heading; the speech, every word of it labelled, starts below. Where labels are
    few, or no heading sets the opening apart, it may be speech and stays.
    """
    blocks = [item for item in found if isinstance(item, Block)]
    if sum(block.labelled and block.speaker is not None for block in blocks) < _MIN_LABELLED:
        return found
    first_heading = next((i for i, item in enumerate(found) if isinstance(item, Heading)), None)
    if first_heading is None or first_heading == 0:
        return found
    opening = found[:first_heading]
    if not all(isinstance(item, Block) and item.speaker is None for item in opening):
        return found
    reading.furniture.setdefault("preface", []).extend(item.text for item in opening)
    return found[first_heading:]


def _lone_furniture(lines: list[str], first: int, format: str) -> dict[int, str]:
    """Return the lines, from `first`, that are furniture when they stand alone: a credit
    at the file's edges ("Subtitles by …"), a website's widget anywhere ("Share this:").

    Only a paragraph of one line that no other rule reads may be one: the end of a
    labelled or wrapped paragraph ("visit www.example.org") is someone speaking.
    """
    runs: list[list[int]] = [[]]
    for index in range(first, len(lines)):
        if lines[index].strip():
            runs[-1].append(index)
        elif runs[-1]:
            runs.append([])
    lone = [
        run[0] if len(run) == 1 and not _is_label(lines[run[0]], format) else None
        for run in runs
        if run
    ]
    # What the line-by-line rules read (bylines, Otter's footer) is theirs to report.
    free = [i if i is not None and line_furniture(lines[i]) is None else None for i in lone]
    free = [i if i is not None and tool_footer(lines[i]) is None else None for i in free]
    found = {i: kind for i in free if i is not None and (kind := site_line_kind(lines[i]))}
    for at in edge_credits([lines[i].strip() if i is not None else "" for i in free]):
        index = free[at]
        if index is not None:
            found.setdefault(index, "credit line")
    return found


def _structural(line: str) -> bool:
    """Return whether a line is a heading or a rule, as text and Markdown write them."""
    return HEADING.match(line) is not None or RULE.match(line) is not None


def _is_label(line: str, format: str) -> bool:
    """Return whether a line opens with a speaker label (any time in it aside)."""
    try:
        return line_label(line.strip(), 0, format) is not None
    except TranscriptError:
        return False


def _named_initials(
    items: list[Utterance | Heading], initials: dict[str, str]
) -> tuple[list[Utterance | Heading], dict[str, str]]:
    """Give utterances labelled with a table's initials the full name; return those used."""
    used: dict[str, str] = {}
    named: list[Utterance | Heading] = []
    for item in items:
        if isinstance(item, Utterance) and item.speaker in initials:
            used[item.speaker] = initials[item.speaker]
            item = replace(item, speaker=initials[item.speaker])
        named.append(item)
    return named, used


def furniture_report(furniture: dict[str, list[str]]) -> str:
    """Return the report line naming the page furniture left out of the speech."""
    count = sum(len(lines) for lines in furniture.values())
    kinds = ", ".join(furniture)
    shown = [lines[0] for lines in furniture.values()][:3]
    examples = "; ".join(f"'{line[:60]}{'…' if len(line) > 60 else ''}'" for line in shown)
    noun = "line" if count == 1 else "lines"
    return f"left out {count} {noun} of page furniture, not speech ({kinds}): {examples}"


def _inline_markdown(text: str) -> str:
    """Return a Markdown line, as `read_markdown` renders it, without bold and emphasis marks."""
    text = _MD_STRONG.sub(r"\2", text)
    return _MD_EMPHASIS.sub(r"\1", text)
