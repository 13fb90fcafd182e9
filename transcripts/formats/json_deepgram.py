"""Deepgram's JSON: `results.utterances`, or a channel's paragraphs, words or transcript.

Deepgram writes times in seconds and diarised speakers as integers (`"speaker": 0`). With
`utterances=true` it adds `results.utterances`, the speech already cut at speaker changes;
otherwise `results.channels[].alternatives[0]` holds `paragraphs` (sentences by speaker),
`words` (each with a speaker when diarised) and the whole `transcript`. The paragraphs'
own `transcript` writes "Speaker 0:" labels into the text, so it is never read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transcripts.formats.cue_merging import Piece
from transcripts.formats.json_reading import Reading, first, mapping, objects, speaker_id
from transcripts.formats.json_times import seconds_to_ms


def is_deepgram(root: Any) -> bool:
    """Return whether a value is Deepgram's response: `results` with channels or utterances."""
    results = mapping(mapping(root).get("results"))
    return bool(objects(results.get("utterances")) or _alternatives(results))


def read_deepgram(root: Mapping[str, Any]) -> Reading:
    """Read the most structured speech Deepgram gave: utterances, paragraphs, words, text."""
    results = mapping(root.get("results"))
    utterances = objects(results.get("utterances"))
    alternatives = _alternatives(results)
    language = next(
        (c.get("detected_language") for c in objects(results.get("channels"))
         if isinstance(c.get("detected_language"), str)),
        None,
    )  # fmt: skip
    if utterances:
        reading = _timed(utterances, "utterance", "transcript")
    else:
        best = alternatives[0]
        paragraphs = objects(mapping(best.get("paragraphs")).get("paragraphs"))
        if paragraphs:
            reading = _paragraphs(paragraphs)
        elif objects(best.get("words")):
            reading = _timed(objects(best.get("words")), "word", "punctuated_word", "word")
        else:
            text = best.get("transcript")
            pieces = [Piece(text, None, None, None)] if isinstance(text, str) else []
            reading = Reading(shape="", unit="transcript", total=1, pieces=pieces)
            reading.warnings.append("Deepgram gave only the whole transcript: no times")
        if len(objects(results.get("channels"))) > 1:
            reading.warnings.append("read the first of several channels only")
    reading.shape = "Deepgram results"
    reading.why_empty = "every transcript is empty"
    reading.language = language
    reading.warnings.insert(0, f"read as Deepgram {reading.unit}s, times in seconds")
    return reading


def _alternatives(results: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Return the alternatives of the first channel: the best one comes first."""
    channels = objects(results.get("channels"))
    return objects(channels[0].get("alternatives")) if channels else []


def _timed(entries: list[Mapping[str, Any]], unit: str, *text_keys: str) -> Reading:
    """Read utterances or words: text, an integer speaker, start and end in seconds."""
    reading = Reading(shape="", unit=unit, total=len(entries))
    for entry in entries:
        text = first(entry, *text_keys)
        if isinstance(text, str) and text.strip():
            reading.pieces.append(_piece(text, entry))
    return reading


def _paragraphs(paragraphs: list[Mapping[str, Any]]) -> Reading:
    """Read paragraphs of sentences, each paragraph by one speaker."""
    reading = Reading(shape="", unit="paragraph", total=len(paragraphs))
    for paragraph in paragraphs:
        for sentence in objects(paragraph.get("sentences")):
            text = sentence.get("text")
            if isinstance(text, str) and text.strip():
                reading.pieces.append(_piece(text, sentence, speaker=paragraph.get("speaker")))
    return reading


def _piece(text: str, entry: Mapping[str, Any], speaker: Any = None) -> Piece:
    """Return a piece of speech with its speaker id as written and its times in ms."""
    label = speaker_id(entry.get("speaker", speaker))
    return Piece(text, label, seconds_to_ms(entry.get("start")), seconds_to_ms(entry.get("end")))
