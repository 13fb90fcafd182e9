"""Lists of timed utterances: AssemblyAI, plain `[{start, end, speaker, text}]`, sentence lists.

AssemblyAI writes `{"utterances": [{"speaker": "A", "start": 0, "end": 4200, "text"}]}`
in milliseconds. Many small tools write a bare list of utterances in seconds, milliseconds
or timecode strings, and say which only through a field name (`start_ms`) if at all.
Sentence lists (Council Data Project, some editors) give each sentence a `speaker_index`
or `speaker` number into a `speakers` list, or a name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from transcripts.formats.cue_merging import Piece
from transcripts.formats.json_reading import Reading, first, objects, speaker_id
from transcripts.formats.json_segments import speaker_map
from transcripts.formats.json_times import Unit, to_ms, unit_of
from transcripts.wording import plural

TEXT_KEYS = ("text", "transcript", "body", "content", "sentence")
SPEAKER_KEYS = ("speaker_name", "speakerName", "speaker", "speaker_label", "speakerLabel",
                "speaker_index", "speakerIndex", "speaker_id", "speakerId")  # fmt: skip
# Start keys, their end keys, and the unit the name gives (None: judge by the numbers).
TIME_KEYS: tuple[tuple[str, tuple[str, ...], Unit | None], ...] = (
    ("start_ms", ("end_ms",), "ms"),
    ("startMs", ("endMs",), "ms"),
    ("start_time", ("end_time", "stop_time"), None),
    ("startTime", ("endTime",), None),
    ("start", ("end", "stop"), None),
)  # fmt: skip


def is_assemblyai(root: Any) -> bool:
    """Return whether a value is AssemblyAI's transcript: a top-level `utterances` list."""
    return isinstance(root, Mapping) and _has_text(objects(root.get("utterances")))


def read_assemblyai(root: Mapping[str, Any]) -> Reading:
    """Read AssemblyAI's utterances, whose times are milliseconds."""
    entries = objects(root.get("utterances"))
    language = root.get("language_code")
    reading = read_timed(entries, shape="AssemblyAI utterances", unit_name="utterance", unit="ms")
    reading.language = language if isinstance(language, str) and language else None
    return reading


def is_sentence_list(root: Any) -> bool:
    """Return whether a value is a `sentences` list of objects with text."""
    return isinstance(root, Mapping) and _has_text(objects(root.get("sentences")))


def read_sentence_list(root: Mapping[str, Any]) -> Reading:
    """Read sentences whose speaker is a name, or an index into a `speakers` list."""
    entries = objects(root.get("sentences"))
    speakers = _speakers_by_index(root.get("speakers"))
    return read_timed(entries, shape="a sentence list", unit_name="sentence", speakers=speakers)


def _speakers_by_index(value: Any) -> dict[str, str]:
    """Return the names of a `speakers` list by position (or by their ids), or of a map."""
    if not isinstance(value, list):
        return speaker_map(value)
    if any(isinstance(entry, Mapping) and "id" in entry for entry in value):
        return speaker_map(value)  # `[{"id": 7, "name": ...}]`: sentences point at the id
    names: dict[str, str] = {}
    for index, entry in enumerate(value):
        name = speaker_id(entry.get("name") if isinstance(entry, Mapping) else entry)
        if name is not None:
            names[str(index)] = name
    return names


def is_timed_list(root: Any) -> bool:
    """Return whether a value is a bare list of objects with text and a start time."""
    entries = objects(root)
    return _has_text(entries) and any(_time_keys(entries))


def read_timed_list(root: list[Any]) -> Reading:
    """Read a bare list of timed utterances, judging the unit of bare numbers by structure."""
    return read_timed(objects(root), shape="a list of timed utterances", unit_name="utterance")


def read_timed(
    entries: Sequence[Mapping[str, Any]],
    *,
    shape: str,
    unit_name: str,
    unit: Unit | None = None,
    speakers: Mapping[str, str] | None = None,
) -> Reading:
    """Read timed entries with text into pieces; `unit` None judges it by the numbers."""
    start_key, end_key, named_unit = next(_time_keys(entries), ("start", "end", None))
    starts = [entry.get(start_key) for entry in entries]
    ends = [entry.get(end_key) for entry in entries]
    judged = unit_of(starts, ends)
    # A shape that names its unit is believed unless its numbers have fractions.
    chosen = unit or named_unit or judged
    if chosen == "ms" and judged == "s" and any(_fractional(v) for v in (*starts, *ends)):
        chosen = "s"
    reading = Reading(shape=shape, unit=unit_name, total=len(entries), why_empty="no text")
    no_text = bad_times = 0
    for entry, start, end in zip(entries, starts, ends, strict=True):
        text = first(entry, *TEXT_KEYS)
        if not isinstance(text, str) or not text.strip():
            no_text += 1
            continue
        # `"speaker_name": null` beside `"speaker_index": 3`: the first key with a value.
        label = speaker_id(next((entry[k] for k in SPEAKER_KEYS if entry.get(k) is not None), None))
        if label is not None and speakers:
            label = speakers.get(label, label)
        start_ms, end_ms = to_ms(start, chosen), to_ms(end, chosen)
        bad_times += (start is not None and start_ms is None) + (end is not None and end_ms is None)
        reading.pieces.append(Piece(text, label, start_ms, end_ms))
    reading.warnings.append(f"read as {shape}, times in {_UNIT_NAMES[chosen]}")
    if no_text:
        reading.warnings.append(
            f"skipped {no_text} of {plural(len(entries), unit_name)} with no text"
        )
    if bad_times:
        reading.warnings.append(f"ignored {plural(bad_times, 'time')} that could not be read")
    return reading


_UNIT_NAMES = {"s": "seconds", "ms": "milliseconds"}


def _has_text(entries: Sequence[Mapping[str, Any]]) -> bool:
    """Return whether some entry has a text field."""
    return any(isinstance(first(entry, *TEXT_KEYS), str) for entry in entries)


def _time_keys(entries: Sequence[Mapping[str, Any]]) -> Iterator[tuple[str, str, Unit | None]]:
    """Yield the start and end keys (and their unit) the entries use, best first."""
    for start_key, end_keys, unit in TIME_KEYS:
        if any(start_key in entry for entry in entries):
            used = [key for key in end_keys if any(key in entry for entry in entries)]
            yield start_key, (used or end_keys)[0], unit


def _fractional(value: Any) -> bool:
    """Return whether a value is a number with a fraction (milliseconds rarely have one)."""
    return isinstance(value, float) and not value.is_integer()
