"""The SubRip reader: numbered cues, with `Name:` at the start of a cue at speaker changes."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from transcripts.credits import drop_credits, title_cards
from transcripts.cue_speakers import CueSpeakers
from transcripts.errors import EmptyTranscriptError, ParseError
from transcripts.model import Document, Utterance
from transcripts.timecodes import parse_timecode

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A dot for the comma and unpadded fields are common hand-made slips; read them anyway.
_TIMING = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{1,2}(?:[,.]\d{1,3})?)\s*-->"
    r"\s*(?P<end>(?:\d+:)?\d{1,2}:\d{1,2}(?:[,.]\d{1,3})?)(?:\s.*)?$"
)
# `<i>`, `<font color=...>` and ASS overrides such as `{\an8}` are styling, not speech;
# only those tags go, so that speech in angle brackets ("<laughs>") is never lost.
_TAG = re.compile(r"</?(?:b|i|u|s|font)\b[^>\n]*>|\{\\[^}\n]*\}", re.IGNORECASE)


@dataclass
class _Cue:
    """A cue as written: times and raw text lines."""

    start_ms: int
    end_ms: int
    lines: list[str] = field(default_factory=list)


def read_srt(text: str) -> Document:
    """Read SubRip text into a Document of cues with speakers."""
    cues, warnings = drop_credits(_cues(text), lambda cue: " ".join(_clean(cue.lines)))
    speakers = CueSpeakers()
    items: list[Utterance] = []
    for cue in cues:
        items.extend(speakers.unvoiced(_clean(cue.lines), cue.start_ms, cue.end_ms))
    if not items:
        raise EmptyTranscriptError("the SubRip file has no cue with any text")
    warnings += speakers.warnings()
    warnings += title_cards(items)
    return Document(format="srt", items=tuple(items), unit="cue", warnings=tuple(warnings))


def _cues(text: str) -> list[_Cue]:
    """Split SubRip text into cues at their timing lines."""
    cues: list[_Cue] = []
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
            if cues and _is_sequence_number(cues[-1].lines):
                cues[-1].lines.pop()  # the next cue's number (from 0, 1 or any), not speech
            cues.append(_Cue(start_ms, end_ms))
        elif cues:
            cues[-1].lines.append(line)
    return cues


def _is_sequence_number(lines: list[str]) -> bool:
    """Return whether the last line read is the number of the cue that follows it."""
    if not lines or not lines[-1].strip().isdigit():
        return False
    # Numbers stand after a blank line; a cue that merely says "42" is followed by one.
    return len(lines) == 1 or not lines[-2].strip()


def _clean(lines: list[str]) -> list[str]:
    """Return the cue's lines without styling or entities, spaces collapsed."""
    cleaned = (" ".join(html.unescape(_TAG.sub("", line)).split()) for line in lines)
    return [line for line in cleaned if line]
