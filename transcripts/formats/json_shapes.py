"""The JSON transcript shapes we read, each recognised by its structure, never its name.

Each entry pairs a test of the parsed value with the reader for that shape. The first
whose test passes reads the file, so the more specific shapes come first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transcripts.formats.json_aws import is_aws_transcribe, read_aws_transcribe
from transcripts.formats.json_court import is_court_argument, read_court_argument
from transcripts.formats.json_deepgram import is_deepgram, read_deepgram
from transcripts.formats.json_lists import (
    is_assemblyai,
    is_sentence_list,
    is_timed_list,
    read_assemblyai,
    read_sentence_list,
    read_timed_list,
)
from transcripts.formats.json_reading import Reading
from transcripts.formats.json_segments import is_segments, read_segments

Shape = tuple[str, Callable[[Any], bool], Callable[[Any], Reading]]

SHAPES: tuple[Shape, ...] = (
    ("Podcasting 2.0 or Whisper segments", is_segments, read_segments),
    ("AssemblyAI utterances", is_assemblyai, read_assemblyai),
    ("Deepgram results", is_deepgram, read_deepgram),
    ("AWS Transcribe results", is_aws_transcribe, read_aws_transcribe),
    ("court-argument sections and turns (Oyez)", is_court_argument, read_court_argument),
    ("sentences with a speaker index", is_sentence_list, read_sentence_list),
    ("a list of timed utterances", is_timed_list, read_timed_list),
)


def find_shape(root: Any) -> Shape | None:
    """Return the shape a parsed JSON value has, or None when it is no transcript we read."""
    return next((shape for shape in SHAPES if shape[1](root)), None)


def shape_names() -> str:
    """Return the shapes we read, for a message to someone holding another kind of JSON."""
    return "; ".join(name for name, _, _ in SHAPES)
