"""Segment arrays: Podcasting 2.0, its podwhisperer near-miss, and Whisper's own JSON.

The spec shape is `{"version", "segments": [{"speaker", "startTime", "endTime", "body"}]}`,
often one word per segment. Podwhisperer-style files use `speakerLabel`/`start`/`end`/`text`
with a `speakers` map from labels to names; Whisper writes `start`/`end`/`text` without
speakers, and WhisperX adds a `speaker` id. Times are seconds in all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from transcripts.errors import ParseError
from transcripts.formats.cue_merging import Piece
from transcripts.formats.json_reading import Reading, first, speaker_id
from transcripts.formats.json_text import FORMAT
from transcripts.formats.json_times import seconds_to_ms
from transcripts.wording import plural

# Keys only Podcasting 2.0 and podwhisperer segments use: a bare array with them is segments.
_SEGMENT_KEYS = frozenset({"startTime", "speakerLabel", "body"})


def is_segments(root: Any) -> bool:
    """Return whether a JSON value is a segments transcript (or a bare array of segments)."""
    if isinstance(root, Mapping):
        # `"segments": null` beside chapters is a chapters file, told apart by the dispatcher.
        return "segments" in root and not (root["segments"] is None and "chapters" in root)
    return isinstance(root, list) and any(
        isinstance(item, Mapping) and _SEGMENT_KEYS & item.keys() for item in root
    )


def read_segments(root: Any) -> Reading:
    """Read a segments transcript into pieces, resolving labels through its speakers map."""
    warnings: list[str] = []
    if isinstance(root, list):
        # Tolerate a bare segments array: the same segments without the envelope.
        segments: Any = root
        root = {}
        warnings.append('the file is a bare array of segments, without {"segments": ...}')
    else:
        segments = root.get("segments")
    if not isinstance(segments, list):
        raise ParseError('expected a "segments" array', format=FORMAT)
    reader = _SegmentReader(speaker_map(root.get("speakers")))
    for segment in segments:
        reader.add(segment)
    language = root.get("language") if isinstance(root.get("language"), str) else None
    why = 'every "body" is empty' if reader.has_body_key else 'no "body" field'
    return Reading(
        shape="segments",
        unit="segment",
        total=len(segments),
        pieces=reader.cues,
        warnings=warnings + reader.warnings(len(segments)),
        language=language or None,
        why_empty=why,
    )


def speaker_map(value: Any) -> dict[str, str]:
    """Return the id-to-name map of a `speakers` object or list of `{"id", "name"}`."""
    if isinstance(value, list):
        # Some exports list the speakers as objects instead of a map.
        value = {
            str(entry.get("id")): entry
            for entry in value
            if isinstance(entry, Mapping) and speaker_id(entry.get("id")) is not None
        }
    if not isinstance(value, Mapping):
        return {}
    names: dict[str, str] = {}
    for label, entry in value.items():
        name = entry.get("name") if isinstance(entry, Mapping) else entry
        if isinstance(name, str) and name.strip():
            names[str(label)] = " ".join(name.split())
    return names


@dataclass
class _SegmentReader:
    """Read segments one by one, counting every quirk it forgives."""

    speakers: dict[str, str]
    cues: list[Piece] = field(default_factory=list)
    speaker: str | None = None
    near_miss: bool = False
    carried: int = 0
    resolved: int = 0
    unknown_labels: set[str] = field(default_factory=set)
    no_text: int = 0
    has_body_key: bool = False
    not_objects: int = 0
    bad_times: int = 0

    def add(self, segment: Any) -> None:
        """Take one segment: resolve its speaker, read its times, keep it if it has text."""
        if not isinstance(segment, Mapping):
            self.not_objects += 1
            return
        if "body" in segment or "text" in segment:
            self.has_body_key = True
        if any(key in segment for key in ("speakerLabel", "text", "start")):
            self.near_miss = True
        label = speaker_id(first(segment, "speaker", "speakerLabel"))
        if label is not None:
            self.speaker = self._resolve(label)
        elif self.speaker is not None:
            self.carried += 1  # Some tools name the speaker only where it changes.
        # Zero-length word segments (startTime == endTime) are kept: they still carry words.
        start_ms = self._time(first(segment, "startTime", "start"))
        end_ms = self._time(first(segment, "endTime", "end"))
        body = first(segment, "body", "text")
        if not isinstance(body, str) or not body.strip():
            self.no_text += 1
            return
        self.cues.append(Piece(body, self.speaker, start_ms, end_ms))

    def _resolve(self, label: str) -> str:
        """Return the name a label stands for; unknown labels stay as written."""
        if label in self.speakers:
            self.resolved += 1
            return self.speakers[label]
        if self.speakers:
            self.unknown_labels.add(label)
        return label

    def _time(self, value: Any) -> int | None:
        """Return a time in milliseconds, counting values that cannot be read."""
        if value is None:
            return None
        ms = seconds_to_ms(value)
        if ms is None:
            self.bad_times += 1
        return ms

    def warnings(self, total: int) -> list[str]:
        """Return a human sentence for each quirk forgiven."""
        found: list[str] = []
        if self.near_miss:
            found.append(
                "read the speakerLabel/start/end/text shape, not Podcasting 2.0's "
                "speaker/startTime/endTime/body"
            )
        if self.resolved:
            found.append("speaker labels resolved through the speakers map")
        if self.unknown_labels:
            found.append(
                "speaker labels not in the speakers map kept as written: "
                + ", ".join(sorted(self.unknown_labels))
            )
        if self.carried:
            found.append(
                f"gave {plural(self.carried, 'segment')} without a speaker to the previous speaker"
            )
        if self.no_text:
            found.append(f"skipped {self.no_text} of {plural(total, 'segment')} with no text")
        if self.not_objects:
            found.append(f"skipped {plural(self.not_objects, 'segment')} that are not JSON objects")
        if self.bad_times:
            found.append(
                f"ignored {plural(self.bad_times, 'time')} that are not numbers of seconds"
            )
        return found
