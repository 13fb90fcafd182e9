"""Speaker labels and timestamps at the start of plain-text and Markdown lines.

Also the second look a whole transcript allows: labels that turn out to name no one
(a tweet read on air under its account's name) and short labels for a full name used
elsewhere ("Jerod" for "Jerod Santo").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcripts.errors import ParseError
from transcripts.model import Heading, Utterance
from transcripts.speakers import is_name_like, merge_aliases, split_label
from transcripts.timecodes import parse_timecode

TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# `[12:34]`, `(1:02:03)`, `[00:12:34.500]` at the start of a line.
LEADING_TIME = re.compile(rf"^[\[(](?P<ts>{TIME})[\])]\s*(?P<rest>.*)$")
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
# A quotation read out whole: opens and closes with quote marks.
_QUOTED = re.compile(r"^[\"“‘'].*[\"”’']$", re.DOTALL)
# A one-off label read out after a jingle is a clip or a quote only if it is short.
_MAX_QUOTE_WORDS = 60


def ms_at(timecode: str, line: str, number: int, format: str) -> int:
    """Parse a timecode found at a line, or raise a ParseError that points at it."""
    try:
        return parse_timecode(timecode)
    except ValueError as exc:
        raise ParseError(str(exc), format=format, line=number, snippet=line[:80]) from exc


def leading_time(line: str, number: int, format: str) -> tuple[int | None, str]:
    """Split a leading `[12:34]` or `(12:34)` from a line into milliseconds and the rest."""
    match = LEADING_TIME.match(line)
    if match is None:
        return None, line
    return ms_at(match["ts"], line, number, format), match["rest"].strip()


def line_label(line: str, number: int, format: str) -> tuple[str, int | None, str] | None:
    """Return (speaker, start, text) when a line opens with a speaker label.

    The label may carry its time before or after the name, in brackets or bare after
    the colon, and may be wrapped whole in bold or italics with that time.
    """
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


@dataclass
class Block:
    """A paragraph read from the source, before the whole-file checks settle its speaker."""

    text: str
    speaker: str | None
    start_ms: int | None
    labelled: bool  # opened by a speaker label, so a new turn in the source
    after: str | None = None  # the non-speech marker it directly follows, if any
    unread_label: str | None = None  # a label-shaped opening no rule accepted (its turn's)
    emphasised: bool = False  # set whole in bold or italics in the source


def settle_speakers(
    found: list[Block | Heading], markers: dict[str, list[str]]
) -> tuple[list[Utterance | Heading], list[str]]:
    """Unattribute one-off labels that name no one, merge short labels; say what was done."""
    warnings = _marker_warnings(markers)
    turns: dict[str, int] = {}
    for block in found:
        if isinstance(block, Block) and block.labelled and block.speaker is not None:
            turns[block.speaker] = turns.get(block.speaker, 0) + 1
    regulars = [name for name, count in turns.items() if count >= 2]
    unnamed: dict[str, str] = {}
    for block in found:
        if not isinstance(block, Block) or not block.labelled or block.speaker is None:
            continue
        why = _pseudo_speaker(block, turns, regulars)
        if why is not None:
            unnamed[block.speaker] = why
    # A read-out quote or a clip is kept as unattributed text: who read it out is rarely
    # written down, and a quote pinned on the wrong person is worse for citing than none.
    for name, why in unnamed.items():
        warnings.append(
            f"kept the one-off label {name!r} as unattributed text, not a speaker: {why}"
        )
    labels = [
        b.speaker
        for b in found
        if isinstance(b, Block) and b.labelled and b.speaker and b.speaker not in unnamed
    ]
    aliases = merge_aliases(labels)
    warnings += [
        f"treated {label!r} as {name!r}" for label, name in aliases.items() if label != name
    ]
    items: list[Utterance | Heading] = []
    for block in found:
        if isinstance(block, Heading):
            items.append(block)
            continue
        speaker = None if block.speaker in unnamed else block.speaker
        speaker = aliases.get(speaker, speaker) if speaker is not None else None
        items.append(
            Utterance(
                block.text,
                speaker=speaker,
                start_ms=block.start_ms,
                unread_label=block.unread_label,
                opens_turn=block.labelled,
                emphasised=block.emphasised,
            )
        )
    return items, warnings


def _pseudo_speaker(block: Block, turns: dict[str, int], regulars: list[str]) -> str | None:
    """Return why a labelled block is not a person speaking, or None when it is.

    Only a label used once, in a conversation of at least two recurring speakers, and
    short: after a jingle or outro marker it is a clip or a quote played; wholly in quote
    marks it is something read out.
    """
    assert block.speaker is not None
    if turns[block.speaker] != 1 or len([r for r in regulars if r != block.speaker]) < 2:
        return None
    if len(block.text.split()) > _MAX_QUOTE_WORDS:
        return None
    if block.after is not None:
        return f"it is heard after the {block.after} marker"
    if _QUOTED.match(block.text):
        return "its text is a quotation"
    return None


def _marker_warnings(markers: dict[str, list[str]]) -> list[str]:
    """Say how many break and sound markers were read, and as what."""
    warnings = []
    breaks, sounds = markers.get("break", []), markers.get("sound", [])
    if breaks:
        names = ", ".join(dict.fromkeys(breaks))
        plural = "s" if len(breaks) > 1 else ""
        warnings.append(
            f"treated {len(breaks)} break marker{plural} ({names}) as section boundaries"
        )
    if sounds:
        names = ", ".join(dict.fromkeys(sounds))
        plural = "s" if len(sounds) > 1 else ""
        warnings.append(
            f"read {len(sounds)} non-speech label{plural} ({names}) as markers, not speakers; "
            "any text they carry is kept unattributed"
        )
    return warnings
