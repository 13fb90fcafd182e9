"""Podcasting 2.0 JSON transcripts and chapters, and the near-miss shapes seen in the wild.

The spec shape is `{"version", "segments": [{"speaker", "startTime", "endTime", "body"}]}`,
often one word per segment. Podwhisperer-style files use `speakerLabel`/`start`/`end`/`text`
with a `speakers` map from labels to names. Both become sentence-sized cues by one speaker.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from transcripts.errors import EmptyTranscriptError, ParseError
from transcripts.formats.cue_merging import Piece, merge_pieces
from transcripts.formats.decoding import decode_marked_text, sniff_text
from transcripts.formats.json_text import load_json
from transcripts.model import Document, Heading
from transcripts.timecodes import parse_timecode
from transcripts.wording import plural

FORMAT = "json"
# JSON text opens with a bracket or whitespace.
_JSON_STARTS = frozenset({b"{", b"[", b" ", b"\t", b"\r", b"\n"})


def looks_like_podcast_json(data: bytes) -> bool:
    """Return whether bytes look like a JSON transcript with a segments array."""
    head = _decode_head(data[:65536])
    stripped = head.lstrip()
    if stripped.startswith("{"):
        return '"segments"' in head
    # Some tools write the bare segments array.
    return stripped.startswith("[") and bool(re.search(r'"(?:startTime|speakerLabel|body)"', head))


def read_podcast_json(data: bytes, *, filename: str = "") -> Document:
    """Read a Podcasting 2.0 JSON transcript (or its podwhisperer near-miss) into cues."""
    text, encoding, warnings = _decode(data)
    root = _load(text)
    what = filename or "this JSON transcript"
    if isinstance(root, list):
        # Tolerate a bare segments array: the same segments without the envelope.
        segments: Any = root
        root = {}
        warnings.append('the file is a bare array of segments, without {"segments": ...}')
    elif isinstance(root, dict):
        segments = root.get("segments")
        if segments is None and "chapters" in root:
            raise ParseError(
                "this is a chapters file, not a transcript; pass it with --chapters",
                format=FORMAT,
            )
    else:
        raise ParseError(f"expected a JSON object, found {type(root).__name__}", format=FORMAT)
    if not isinstance(segments, list):
        raise ParseError('expected a "segments" array', format=FORMAT)
    if not segments:
        raise EmptyTranscriptError(f"{what} has no segments; there is no speech to index")

    reader = _SegmentReader(_speaker_map(root.get("speakers")))
    for segment in segments:
        reader.add(segment)
    if not reader.cues:
        raise EmptyTranscriptError(reader.no_text_message(what, len(segments)))
    utterances = merge_pieces(reader.cues)
    warnings.extend(reader.warnings(len(segments)))
    if len(utterances) < len(reader.cues):
        merged = plural(len(reader.cues), "segment")
        warnings.append(
            f"merged {merged} into {plural(len(utterances), 'utterance')} by speaker and sentence"
        )
    language = root.get("language") if isinstance(root.get("language"), str) else None
    return Document(
        format=FORMAT,
        items=tuple(utterances),
        unit="cue",
        encoding=encoding,
        language=language or None,
        warnings=tuple(warnings),
    )


def read_chapters(data: bytes) -> list[Heading]:
    """Read a Podcasting 2.0 chapters file into headings, in time order."""
    text, _, _ = _decode(data)
    root = _load(text)
    # Tolerate a bare array of chapters, as some editors export.
    chapters = root if isinstance(root, list) else None
    if isinstance(root, dict):
        chapters = root.get("chapters")
    if not isinstance(chapters, list):
        raise ParseError('expected a "chapters" array', format=FORMAT)
    found: list[Heading] = []
    for chapter in chapters:
        if not isinstance(chapter, dict) or chapter.get("toc") is False:
            continue  # "toc": false marks an image or link change, not a section.
        title = chapter.get("title")
        start_ms = _seconds_to_ms(chapter.get("startTime"))
        if isinstance(title, str) and title.strip() and start_ms is not None:
            found.append(Heading(title=" ".join(title.split()), start_ms=start_ms))
    # Hand-edited files are sometimes out of order; a stable sort keeps ties as written.
    return sorted(found, key=lambda heading: heading.start_ms or 0)


# --- decoding and loading -------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    """Return the text, its encoding and any warning about how it was guessed."""
    # JSON should be BOM-less UTF-8, but Windows tools add a UTF-8 BOM or write UTF-16.
    marked = decode_marked_text(data, format=FORMAT)
    if marked is not None:
        return *marked, []
    # Some Windows tools write UTF-16 without a BOM: an ASCII first character beside a NUL.
    unmarked = _unmarked_utf16(data)
    if unmarked is not None:
        try:
            return data.decode(unmarked), unmarked, [f"read as {unmarked} (no byte-order mark)"]
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:8192]:
        raise ParseError("this looks like a binary file, not JSON text", format=FORMAT)
    # Windows editors still save cp1252; JSON should be UTF-8 but the text is recoverable.
    text = data.decode("cp1252", errors="replace")
    return text, "cp1252", ["the file is not UTF-8; it was read as cp1252"]


def _unmarked_utf16(data: bytes) -> str | None:
    """Return the UTF-16 byte order of JSON text without a BOM, judged by its first character."""
    if len(data) < 2 or len(data) % 2:
        return None
    if data[0] == 0 and data[1:2] in _JSON_STARTS:
        return "utf-16-be"
    if data[1] == 0 and data[0:1] in _JSON_STARTS:
        return "utf-16-le"
    return None


def _decode_head(data: bytes) -> str:
    """Decode the start of a file leniently, for sniffing only."""
    return sniff_text(data, _unmarked_utf16(data[: len(data) - len(data) % 2]) or "utf-8")


def _load(text: str) -> Any:
    """Parse JSON text, turning its errors into a ParseError with line and snippet."""
    return load_json(text, format=FORMAT)


# --- segments -------------------------------------------------------------------------


def _speaker_map(value: Any) -> dict[str, str]:
    """Return the label-to-name map of a `speakers` object, tolerating `{"name": ...}` values."""
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
        label = _first(segment, "speaker", "speakerLabel")
        if (
            isinstance(label, (str, int, float))
            and not isinstance(label, bool)
            and str(label).strip()
        ):
            self.speaker = self._resolve(" ".join(str(label).split()))
        elif self.speaker is not None:
            self.carried += 1  # Some tools name the speaker only where it changes.
        # Zero-length word segments (startTime == endTime) are kept: they still carry words.
        start_ms = self._time(_first(segment, "startTime", "start"))
        end_ms = self._time(_first(segment, "endTime", "end"))
        body = _first(segment, "body", "text")
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
        ms = _seconds_to_ms(value)
        if ms is None:
            self.bad_times += 1
        return ms

    def no_text_message(self, what: str, total: int) -> str:
        """Explain why a file with segments has nothing to index."""
        why = 'every "body" is empty' if self.has_body_key else 'no "body" field'
        return (
            f"{what} has {total} segments but none carries any text ({why}); "
            "this transcript cannot be indexed"
        )

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


def _first(segment: Mapping[str, Any], *keys: str) -> Any:
    """Return the value of the first key present."""
    return next((segment[key] for key in keys if key in segment), None)


def _seconds_to_ms(value: Any) -> int | None:
    """Return float seconds (or a numeric string or timecode) as int ms; None if unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            seconds = float(value)
        except ValueError:
            try:
                return parse_timecode(value)
            except ValueError:
                return None
    elif isinstance(value, (int, float)):
        seconds = float(value)
    else:
        return None
    # round() absorbs float noise such as 3.8200000000000003.
    ms = seconds * 1000
    return round(ms) if math.isfinite(ms) and ms >= 0 else None
