"""AWS Transcribe's JSON: `results.audio_segments`, or `results.items` with speaker labels.

Amazon writes times as strings of seconds ("12.34"). Each item is a word
(`"type": "pronunciation"`) or a punctuation mark without times; diarised output names
the speaker in `results.speaker_labels.segments[].items` and, in newer output, on each
item too. Newer output also gives `audio_segments`: the speech cut into segments with
their own transcript and speaker. `results.transcripts` repeats the whole text unlabelled,
so it is read only when nothing else is there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transcripts.formats.cue_merging import Piece
from transcripts.formats.json_reading import Reading, mapping, objects, speaker_id
from transcripts.formats.json_times import seconds_to_ms


def is_aws_transcribe(root: Any) -> bool:
    """Return whether a value is an AWS Transcribe job's output."""
    results = mapping(mapping(root).get("results"))
    return bool(
        objects(results.get("items"))
        or objects(results.get("audio_segments"))
        or ("transcripts" in results and "speaker_labels" in results)
        or (objects(results.get("transcripts")) and "jobName" in mapping(root))
    )


def read_aws_transcribe(root: Mapping[str, Any]) -> Reading:
    """Read audio segments when present, else words and punctuation with their speakers."""
    results = mapping(root.get("results"))
    segments = objects(results.get("audio_segments"))
    if segments:
        reading = Reading(shape="AWS Transcribe audio segments", unit="audio segment",
                          total=len(segments))  # fmt: skip
        for segment in segments:
            text = segment.get("transcript")
            if isinstance(text, str) and text.strip():
                reading.pieces.append(_piece(text, segment, segment.get("speaker_label")))
    elif objects(results.get("items")):
        reading = _items(results)
    else:
        whole = [t.get("transcript") for t in objects(results.get("transcripts"))]
        reading = Reading(shape="AWS Transcribe transcript", unit="transcript", total=len(whole))
        reading.pieces = [Piece(t, None, None, None) for t in whole if isinstance(t, str) and t]
        reading.warnings.append("AWS Transcribe gave only the whole transcript: no times")
    reading.why_empty = "every transcript is empty"
    reading.warnings.insert(0, f"read as {reading.shape}, times in seconds")
    return reading


def _items(results: Mapping[str, Any]) -> Reading:
    """Read words and punctuation, each word's speaker from the item or the speaker labels."""
    items = objects(results.get("items"))
    reading = Reading(shape="AWS Transcribe items", unit="item", total=len(items))
    by_start = _speakers_by_start(results)
    speaker: str | None = None
    for item in items:
        content = next((a.get("content") for a in objects(item.get("alternatives"))), None)
        if not isinstance(content, str) or not content.strip():
            continue
        if item.get("type") == "punctuation":
            # Punctuation has no times and belongs to the word before it.
            reading.pieces.append(Piece(content, speaker, None, None))
            continue
        label = item.get("speaker_label", item.get("channel_label"))
        speaker = speaker_id(label) or by_start.get(str(item.get("start_time"))) or speaker
        reading.pieces.append(_piece(content, item, speaker))
    return reading


def _speakers_by_start(results: Mapping[str, Any]) -> dict[str, str]:
    """Map each word's start time (as written) to the speaker label AWS gave it."""
    found: dict[str, str] = {}
    for labels_key in ("speaker_labels", "channel_labels"):
        labels = mapping(results.get(labels_key))
        groups = objects(labels.get("segments")) + objects(labels.get("channels"))
        for group in groups:
            group_label = speaker_id(group.get("speaker_label", group.get("channel_label")))
            for item in objects(group.get("items")):
                label = speaker_id(item.get("speaker_label", item.get("channel_label")))
                if (label or group_label) and "start_time" in item:
                    found.setdefault(str(item["start_time"]), label or group_label or "")
    return found


def _piece(text: str, entry: Mapping[str, Any], speaker: Any) -> Piece:
    """Return a piece with its speaker id as written and its times in ms."""
    return Piece(
        text,
        speaker_id(speaker),
        seconds_to_ms(entry.get("start_time")),
        seconds_to_ms(entry.get("end_time")),
    )
