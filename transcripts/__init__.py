"""Transcripts: the model, the format readers, speaker turns and topic sections.

This package imports neither Flask nor Whoosh: it is pure text processing.
"""

from __future__ import annotations

from transcripts.errors import EmptyTranscriptError, ParseError, TranscriptError, UnknownFormatError
from transcripts.formats import FORMATS, detect_format, read_document
from transcripts.model import (
    Document,
    Episode,
    Heading,
    Participant,
    Passage,
    Section,
    Source,
    Turn,
    Utterance,
)
from transcripts.turns import build_episode

__all__ = [
    "FORMATS",
    "Document",
    "EmptyTranscriptError",
    "Episode",
    "Heading",
    "ParseError",
    "Participant",
    "Passage",
    "Section",
    "Source",
    "TranscriptError",
    "Turn",
    "UnknownFormatError",
    "Utterance",
    "build_episode",
    "detect_format",
    "read_document",
]
