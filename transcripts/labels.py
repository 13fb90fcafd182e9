"""The label grammar: speaker labels and timestamps at the start of a line of speech.

One grammar for every format: a reader hands over a block's text (a line of a text or
Markdown file, a caption cue, an HTML paragraph, a JSON segment's text) and learns
whether it opens with a label, whose, at what time, and what is said after it. A label
shape learned here is read in VTT, SRT, HTML, Markdown, plain text and JSON alike.

Shapes: `Name: text` and everything `transcripts.speakers.split_label` reads (titles,
offices, seats, full-width colons), `>> NAME: text` (broadcast captions), `Name (12:34):`,
`[Name] 12:34:56`, `**[00:21] SPEAKER_01:** text`, `*Name (1:00:05)*`, and a time alone
after the label (`Speaker 1: 00:12:03`).
"""

from __future__ import annotations

import re

from transcripts.errors import ParseError
from transcripts.inline_times import TIME, split_leading
from transcripts.speakers import NOT_NAME_WORDS, is_name_like, split_label
from transcripts.timecodes import parse_timecode

# `Alice (12:34): text`, or Otter's and Descript's `Speaker 1  0:03` on a line of its own.
_LABEL_WITH_TIME = re.compile(
    rf"^(?P<name>[^\[\]():\d*_#][^\[\]():]{{0,59}}?)\s+[\[(]?(?P<ts>{TIME})[\])]?"
    r"(?:\s*:\s*(?P<rest>.*))?$"
)
# Zoom's `[Ana Ruiz] 12:34:56` and `[Speaker 1] [00:12]`: a bracketed name, then the time.
_BRACKET_LABEL = re.compile(
    rf"^\[(?P<name>[^\[\]]{{1,60}})\]\s*[\[(]?(?P<ts>{TIME})[\])]?\s*:?\s*(?P<rest>.*)$"
)
# A label wrapped whole in emphasis with its time: `**[00:21] SPEAKER_01:** text`,
# `*Joan Whitfield (0:00:04)*`, `__Ana (12:03):__ text`.
_WRAPPED = re.compile(r"^(?P<mark>\*\*|__|\*|_)(?P<inner>[^*\n]{1,80}?)(?P=mark)\s*(?P<rest>.*)$")
# A time standing alone after a label: Otter's and Rev's `Speaker 1: 00:12:03`.
_BARE_TIME = re.compile(rf"^(?P<ts>{TIME})$")
# `>>` (or `&gt;&gt;` left encoded) opening a line: broadcast captions' change of speaker.
CHEVRONS = re.compile(r"^(?:>>|&gt;&gt;)(?!>)\s*")
# Lower-case words a name may hold: "Ana de la Cruz", "Ludwig van Beethoven".
_PARTICLES = frozenset("al bin da de del della der di du el la le van von y zu".split())


def ms_at(timecode: str, line: str, number: int, format: str) -> int:
    """Parse a timecode found at a line, or raise a ParseError that points at it."""
    try:
        return parse_timecode(timecode)
    except ValueError as exc:
        raise ParseError(str(exc), format=format, line=number, snippet=line[:80]) from exc


def leading_time(line: str, number: int, format: str) -> tuple[int | None, str]:
    """Split a leading `[12:34]` or `(12:34)` from a line into milliseconds and the rest.

    The time styles are `transcripts.inline_times`'s; one nobody could mean (`[12:75]`)
    is a ParseError that points at its line.
    """
    timecode, rest = split_leading(line)
    if timecode is None:
        return None, line
    return ms_at(timecode, line, number, format), rest


def line_label(line: str, number: int, format: str) -> tuple[str, int | None, str] | None:
    """Return (speaker, start, text) when a line opens with a speaker label.

    The label may carry its time before or after the name, in brackets or bare after
    the colon, may be wrapped whole in bold or italics with that time, and may follow the
    `>>` that broadcast captions open a new voice with.
    """
    line = CHEVRONS.sub("", line, count=1)
    found = _plain_label(line, number, format)
    if found is None and (wrapped := _WRAPPED.match(line)) is not None:
        inner_ms, inner = leading_time(wrapped["inner"].strip(), number, format)
        inside = _plain_label(inner if inner.endswith(":") else inner + ":", number, format)
        inside = inside or _plain_label(inner, number, format)
        if inside is not None and not inside[2]:
            start = inner_ms if inner_ms is not None else inside[1]
            found = inside[0], start, wrapped["rest"].strip()
    if found is None:
        return None
    speaker, start_ms, rest = found
    bare = _BARE_TIME.match(rest)
    if start_ms is None and bare is not None:
        return speaker, ms_at(bare["ts"], line, number, format), ""
    return found


def _plain_label(line: str, number: int, format: str) -> tuple[str, int | None, str] | None:
    """Return (speaker, start, text) for a label without wrapping emphasis."""
    found = split_label(line)
    if found is not None:
        return found[0], None, found[1]
    match = _LABEL_WITH_TIME.match(line) or _BRACKET_LABEL.match(line)
    if match is not None and is_name_like(match["name"]):
        return (
            " ".join(match["name"].split()),
            ms_at(match["ts"], line, number, format),
            (match["rest"] or "").strip(),
        )
    return None


def new_voice(line: str) -> tuple[bool, str]:
    """Split the `>>` that says a new voice speaks from a line: (whether it had one, rest)."""
    rest = CHEVRONS.sub("", line, count=1)
    return rest != line, rest


def is_marked_label(name: str) -> bool:
    """Return whether text the source marks as a label (set in bold, a `cite`, a speaker
    class, a table's speaker cell) is short enough to be a name."""
    words = name.split()
    return (
        0 < len(words) <= 6
        and len(name) <= 60
        and any(ch.isalpha() for ch in name)
        and not name.endswith(("?", "!"))
        and words[0].lower().rstrip(":'’") not in NOT_NAME_WORDS
    )


def is_plain_name(label: str) -> bool:
    """Return whether marked label text reads as a person's name, not a phrase set in bold:
    up to four capitalised words (particles and numbers aside)."""
    words = label.split()
    if not words or len(words) > 4 or len(label) > 40 or label.strip().lower() in NOT_NAME_WORDS:
        return False
    if words[0].lower() in NOT_NAME_WORDS or words[0].lower() in _PARTICLES:
        return False
    if not any(ch.isalpha() for ch in label):
        return False
    for word in words:
        first = word.lstrip("(\"'“‘")[:1]
        if word.lower() in _PARTICLES or word.isdigit():
            continue  # "Ana de la Cruz", "Speaker 2"
        if not first.isalpha():
            return False
        # Caseless scripts (Khmer, Chinese) have no capital to look for.
        if first.islower() or not all(ch.isalnum() or ch in "-'’.()" for ch in word):
            return False
    return True
