"""What a JSON shape reader hands back: timed pieces of speech with speaker ids, and notes.

Every shape (Podcasting 2.0 segments, AssemblyAI, Deepgram, AWS Transcribe, Oyez, plain
lists) is read into the same `Reading`; `podcast_json` turns it into a Document. Readers
only take the format apart: a speaker is handed on as the file writes it (a name, or an id
such as `A`, `spk_0` or `0`), and which labels name people is decided downstream.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from transcripts.formats.cue_merging import Piece


@dataclass
class Reading:
    """The speech one shape reader found, with a sentence for each quirk it forgave."""

    shape: str  # what the file was read as, for people: "AssemblyAI utterances"
    unit: str  # what one entry of the file is: "segment", "word", "utterance"
    total: int  # how many entries the file had
    pieces: list[Piece] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    language: str | None = None
    # Why nothing could be indexed, when no piece has text ("every "body" is empty").
    why_empty: str = ""


def speaker_id(value: Any) -> str | None:
    """Return a speaker as written (`"Ana Ruiz"`, `"SPEAKER_00"`, `3` as `"3"`), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Some writers store the integer id 2 as 2.0.
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def first(entry: Mapping[str, Any], *keys: str) -> Any:
    """Return the value of the first key present in an entry."""
    return next((entry[key] for key in keys if key in entry), None)


def mapping(value: Any) -> Mapping[str, Any]:
    """Return a JSON object, or an empty one in place of anything else."""
    return value if isinstance(value, Mapping) else {}


def objects(value: Any) -> list[Mapping[str, Any]]:
    """Return the JSON objects of an array, or none when it is not an array."""
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []
