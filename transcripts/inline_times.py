"""Times written into a transcript's text: `[12:34]`, `(1:02:03)`, `**[00:21]**`, `0:03` alone.

One set of rules for every format: a line of a text or Markdown file, a caption cue's
line, an HTML paragraph or heading, a JSON segment's text. Where a time opens the text
it is the time the words are spoken; a time alone is the time of what follows; a time
closing a heading or a marker (`## Mail (07:15)`) is when that part starts. A format's own
times (cue timings, `data-start`, a segment's `start`) are read by its reader and win.

What a time is, once found, is `transcripts.timecodes`'s: these rules only say where one
is written. A time nobody could mean (`[12:75]`) is left to the caller: text readers
raise a ParseError that points at it, the others keep the text as it was.
"""

from __future__ import annotations

import re

from transcripts.timecodes import parse_timecode

# A time as labels write it: `12:34`, `1:02:03`, `00:12:34.500`.
TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# Inside brackets, or standing alone, hand-made pages leave seconds unpadded (`1:2:7`).
_LOOSE = r"(?:\d{1,2}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
# `[12:34]`, `(12:34)`, `\[12:34\]` (Markdown's escapes left in text), `[ 12:34 ]`,
# perhaps set in bold or italics whole: `**[00:21]**`, `_(1:00:05)_`.
_BRACKETED = rf"(?P<mark>\*\*|__|\*|_)?\\?[\[(]\s*(?P<ts>{_LOOSE})\s*\\?[\])](?(mark)(?P=mark))"
LEADING = re.compile(rf"^\s*{_BRACKETED}\s*(?P<rest>.*)$", re.DOTALL)
# A dash after a leading time only separates it from the words (`[12:34] – Thanks`), as
# web pages write it; in text and cues a dash opening the words marks a new voice.
_SEPARATOR = re.compile(r"^[-–—]\s*")
_TRAILING = re.compile(rf"\s*{_BRACKETED}\s*$")
# A time and nothing else: bracketed or bare (`0:03` on a line of its own, as YouTube's
# transcript panel copies out).
_ALONE = re.compile(rf"^\s*(?:{_BRACKETED}|(?P<bare>{_LOOSE}))\s*$")


def split_leading(text: str, *, separator: bool = False) -> tuple[str | None, str]:
    """Split a time opening the text from it: (the timecode as written, or None, the rest).

    With `separator`, a dash right after the time goes with it.
    """
    match = LEADING.match(text)
    if match is None:
        return None, text
    rest = match["rest"].strip()
    return match["ts"], _SEPARATOR.sub("", rest, count=1) if separator else rest


def split_trailing(text: str) -> tuple[str | None, str]:
    """Split a time closing the text (`Listener mail [07:15]`) from it: (timecode, the rest)."""
    match = _TRAILING.search(text)
    if match is None or not text[: match.start()].strip():
        return None, text
    return match["ts"], text[: match.start()].strip()


def time_alone(text: str) -> str | None:
    """Return the timecode when the text is a time and nothing else (`[02:00]`, `0:03`)."""
    match = _ALONE.match(text)
    if match is None:
        return None
    return match["ts"] or match["bare"]


def to_ms(timecode: str | None) -> int | None:
    """Return a timecode found in text as milliseconds, or None when it names no moment."""
    if timecode is None:
        return None
    try:
        return parse_timecode(timecode)
    except ValueError:
        return None


def leading_ms(text: str, *, separator: bool = False) -> tuple[int | None, str]:
    """Split a readable time opening the text into milliseconds and the rest.

    An unreadable one (`[12:75]`) is no time: the text is returned as it was.
    """
    timecode, rest = split_leading(text, separator=separator)
    ms = to_ms(timecode)
    return (ms, rest) if ms is not None else (None, text)
