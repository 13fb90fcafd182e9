"""Format readers and format detection: source bytes into a `Document`."""

from __future__ import annotations

from transcripts.errors import EmptyTranscriptError, UnknownFormatError
from transcripts.formats.decoding import decode, looks_binary_text
from transcripts.formats.detect import detect_format, detect_text_format
from transcripts.formats.srt import read_srt
from transcripts.formats.text import read_text
from transcripts.formats.vtt import read_vtt
from transcripts.model import Document

FORMATS = ("vtt", "srt", "md", "txt")

# Names people type for the formats we read.
_ALIASES = {
    "webvtt": "vtt",
    "subrip": "srt",
    "markdown": "md",
    "text": "txt",
    "plain": "txt",
}

__all__ = ["FORMATS", "detect_format", "read_document"]


def read_document(data: bytes, *, filename: str = "", format: str | None = None) -> Document:
    """Read a source file's bytes into a Document."""
    text, encoding, warnings = decode(data)
    if looks_binary_text(text):
        raise UnknownFormatError(
            f"{filename or 'the data'} looks like binary data, not a transcript"
        )
    if format is None:
        format = detect_text_format(text, filename)
    else:
        format = _ALIASES.get(format.lower(), format.lower())
        if format not in FORMATS:
            raise UnknownFormatError(
                f"format {format!r} is not supported; choose one of {', '.join(FORMATS)}"
            )
    if not text.strip():
        raise EmptyTranscriptError(f"{filename or 'the file'} is empty")
    if format == "vtt":
        document = read_vtt(text)
    elif format == "srt":
        document = read_srt(text)
    else:
        document = read_text(text, format=format)
    return Document(
        format=document.format,
        items=document.items,
        unit=document.unit,
        encoding=encoding,
        title=document.title,
        date=document.date,
        language=document.language,
        warnings=warnings + document.warnings,
    )
