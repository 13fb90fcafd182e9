"""Court-argument JSON in Oyez's shape: sections of turns, each turn's text in blocks.

`transcript.sections[].turns[]` gives each turn a `speaker` object (its `name`, roles,
pictures and links: only the name says who speaks) and `text_blocks[]` with `text`,
`start` and `stop` in seconds. Titles, media links and speaker metadata are not speech.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transcripts.formats.cue_merging import Piece
from transcripts.formats.json_reading import Reading, mapping, objects, speaker_id
from transcripts.formats.json_times import seconds_to_ms


def is_court_argument(root: Any) -> bool:
    """Return whether a value holds sections of turns with text blocks."""
    return bool(_turns(root))


def read_court_argument(root: Mapping[str, Any]) -> Reading:
    """Read every text block of every turn, by the turn's speaker."""
    turns = _turns(root)
    reading = Reading(shape="court-argument turns", unit="turn", total=len(turns),
                      why_empty="every text block is empty")  # fmt: skip
    unnamed = 0
    for turn in turns:
        person = turn.get("speaker")
        label = speaker_id(mapping(person).get("name")) or speaker_id(
            mapping(person).get("identifier")
        )
        unnamed += label is None
        for block in objects(turn.get("text_blocks")):
            text = block.get("text")
            if isinstance(text, str) and text.strip():
                start, stop = seconds_to_ms(block.get("start")), seconds_to_ms(block.get("stop"))
                reading.pieces.append(Piece(text, label, start, stop))
    reading.warnings.append("read as court-argument sections and turns, times in seconds")
    if unnamed:
        reading.warnings.append(f"{unnamed} of {len(turns)} turns name no speaker")
    return reading


def _turns(root: Any) -> list[Mapping[str, Any]]:
    """Return the turns of every section, from `transcript.sections` or top-level `sections`."""
    holder = mapping(root)
    transcript = mapping(holder.get("transcript")) or holder
    return [
        turn
        for section in objects(transcript.get("sections"))
        for turn in objects(section.get("turns"))
        if "text_blocks" in turn
    ]
