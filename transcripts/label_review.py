"""The second look a whole transcript allows at the labels its paragraphs opened with.

Labels that turn out to name no one (a tweet read on air under its account's name, a
one-off label after a jingle) are kept as unattributed text, and short labels for a full
name used elsewhere ("Jerod" for "Jerod Santo") are merged into it. Format-neutral: any
reader whose paragraphs carry labels hands them here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcripts.model import Heading, Utterance
from transcripts.speakers import merge_aliases

# A quotation read out whole: opens and closes with quote marks.
_QUOTED = re.compile(r"^[\"“‘'].*[\"”’']$", re.DOTALL)
# A one-off label read out after a jingle is a clip or a quote only if it is short.
_MAX_QUOTE_WORDS = 60


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
