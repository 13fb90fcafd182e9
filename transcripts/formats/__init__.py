"""Format readers and format detection: source bytes into a `Document`."""

from __future__ import annotations

from dataclasses import replace

from transcripts.errors import EmptyTranscriptError, UnknownFormatError
from transcripts.formats.decoding import decode, looks_binary_text
from transcripts.formats.detect import detect_format
from transcripts.formats.html import read_html
from transcripts.formats.podcast_json import read_chapters, read_podcast_json
from transcripts.formats.srt import read_srt
from transcripts.formats.text import read_text
from transcripts.formats.vtt import read_vtt
from transcripts.model import Document

FORMATS = ("vtt", "srt", "json", "html", "md", "txt")

# Names people type for the formats we read.
_ALIASES = {
    "webvtt": "vtt",
    "subrip": "srt",
    "markdown": "md",
    "text": "txt",
    "plain": "txt",
    "htm": "html",
    "podcast-json": "json",
}

__all__ = ["FORMATS", "detect_format", "read_chapters", "read_document"]


def read_document(data: bytes, *, filename: str = "", format: str | None = None) -> Document:
    """Read a source file's bytes into a Document, detecting the format unless given."""
    format = detect_format(data, filename) if format is None else normalise_format(format)
    # HTML and JSON declare or sniff their own encodings, so they take the raw bytes.
    if format == "html":
        return read_html(data, filename=filename)
    if format == "json":
        return read_podcast_json(data, filename=filename)
    text, encoding, warnings = decode(data)
    if looks_binary_text(text):
        raise UnknownFormatError(
            f"{filename or 'the data'} looks like binary data, not a transcript"
        )
    if not text.strip():
        raise EmptyTranscriptError(f"{filename or 'the file'} is empty")
    if format == "vtt":
        document = read_vtt(text)
    elif format == "srt":
        document = read_srt(text)
    else:
        document = read_text(text, format=format)
    return replace(document, encoding=encoding, warnings=warnings + document.warnings)


def normalise_format(name: str) -> str:
    """Return the canonical name of a format a person typed, or raise UnknownFormatError."""
    format = _ALIASES.get(name.lower(), name.lower())
    if format not in FORMATS:
        raise UnknownFormatError(
            f"format {name!r} is not supported; choose one of {', '.join(FORMATS)}"
        )
    return format
