"""The SubRip reader: numbered cues, with `Name:` at the start of a cue at speaker changes."""

from __future__ import annotations

import html
import re

from transcripts.errors import EmptyTranscriptError, ParseError
from transcripts.model import Document, Utterance
from transcripts.speakers import split_label
from transcripts.timecodes import parse_timecode

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A dot for the comma and unpadded fields are common hand-made slips; read them anyway.
_TIMING = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{1,2}(?:[,.]\d{1,3})?)\s*-->"
    r"\s*(?P<end>(?:\d+:)?\d{1,2}:\d{1,2}(?:[,.]\d{1,3})?)(?:\s.*)?$"
)
# `<i>`, `<font color=...>` and ASS overrides such as `{\an8}` are styling, not speech.
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")


def read_srt(text: str) -> Document:
    """Read SubRip text into a Document of cues with speakers."""
    cues: list[tuple[int, int, list[str]]] = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if "-->" in line:
            match = _TIMING.match(line)
            if match is None:
                raise ParseError(
                    "malformed cue timings (expected like 00:01:02,500 --> 00:01:05,000)",
                    format="srt",
                    line=number,
                    snippet=line.strip()[:80],
                )
            try:
                start_ms, end_ms = (parse_timecode(match[k]) for k in ("start", "end"))
            except ValueError as exc:
                raise ParseError(str(exc), format="srt", line=number, snippet=line[:80]) from exc
            if cues and cues[-1][2] and cues[-1][2][-1].strip().isdigit():
                cues[-1][2].pop()  # the next cue's sequence number, not speech
            cues.append((start_ms, end_ms, []))
        elif cues:
            cues[-1][2].append(line)
    items: list[Utterance] = []
    speaker: str | None = None
    for start_ms, end_ms, lines in cues:
        words = " ".join(" ".join(_TAG.sub("", html.unescape(line)) for line in lines).split())
        labelled = split_label(words)
        if labelled is not None:
            speaker, words = labelled
        if words:
            items.append(Utterance(words, speaker=speaker, start_ms=start_ms, end_ms=end_ms))
    if not items:
        raise EmptyTranscriptError("the SubRip file has no cue with any text")
    return Document(format="srt", items=tuple(items), unit="cue")
