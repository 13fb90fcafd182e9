"""Format detection: judge a source by its content, and by its name only to break a tie."""

from __future__ import annotations

import re
from pathlib import PurePath

from transcripts.errors import EmptyTranscriptError, ParseError, UnknownFormatError
from transcripts.formats.decoding import decode, looks_binary_text
from transcripts.formats.html import looks_like_html
from transcripts.formats.json_text import JsonNestingError, load_json
from transcripts.formats.podcast_json import looks_like_podcast_json

# One timing line is enough: prose never contains "00:00:01.000 --> 00:00:04.000".
_TIMING = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{1,2}(?P<sep>[.,])\d{1,3}\s*-->\s*\S")
_HEADING = re.compile(r"^#{1,6}\s+\S")
_BOLD_LABEL = re.compile(r"^(\*\*|__)[^*_\n]{1,60}(?::\1|\1\s*:)")
_MARKUP_START = re.compile(r"<(?:!doctype|\?xml|[a-z][a-z0-9]*[\s/>])", re.IGNORECASE)
_CLOSING_TAG = re.compile(r"</[a-z][a-z0-9]*\s*>", re.IGNORECASE)
_EXTENSIONS = {
    ".vtt": "vtt",
    ".webvtt": "vtt",
    ".srt": "srt",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".text": "txt",
}
_SCAN_LINES = 200


def format_from_name(filename: str) -> str | None:
    """Return the format a file name suggests, or None."""
    return _EXTENSIONS.get(PurePath(filename).suffix.lower()) if filename else None


def detect_text_format(text: str, filename: str = "") -> str:
    """Return the format of already decoded text (see `detect_format`)."""
    by_name = format_from_name(filename)
    if looks_binary_text(text):
        raise UnknownFormatError(
            f"{filename or 'the data'} looks like binary data, not a transcript"
        )
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("WEBVTT"):
        return "vtt"
    _reject_unsupported(stripped, filename)
    lines = stripped.splitlines()[:_SCAN_LINES]
    timing = next((m for m in map(_TIMING.match, lines) if m), None)
    if timing is None and by_name in ("vtt", "srt") and any("-->" in line for line in lines):
        # A caption file whose timings are all broken is still a caption file: its reader
        # says which line is wrong, where plain text would keep the arrows as speech.
        return by_name
    if timing is not None:
        if by_name in ("vtt", "srt"):
            return by_name
        # SubRip writes "00:00:01,000"; WebVTT writes "00:00:01.000".
        return "srt" if timing["sep"] == "," else "vtt"
    if _looks_like_markdown(lines):
        return "md"
    if by_name in ("md", "txt"):
        return by_name
    return "txt"


def _looks_like_markdown(lines: list[str]) -> bool:
    """Return whether text has Markdown's tell-tales: front matter, headings or bold labels."""
    if lines and lines[0].strip() == "---" and any(line.strip() == "---" for line in lines[1:]):
        return True
    return any(_HEADING.match(line) or _BOLD_LABEL.match(line) for line in lines)


def _reject_unsupported(text: str, filename: str) -> None:
    """Raise a helpful error for markup and JSON that are not transcripts we can read."""
    name = filename or "the data"
    head = text[:2048]
    if _MARKUP_START.match(head) and (_CLOSING_TAG.search(head) or head[:2] in ("<!", "<?")):
        raise UnknownFormatError(
            f"{name} looks like XML or markup but not an HTML page; "
            "save the transcript as HTML, WebVTT, SubRip, Markdown or plain text"
        )
    if text[:1] in "{[":
        try:
            load_json(text, format="json")
        except JsonNestingError:
            raise  # as good as JSON: reading it as prose would index a wall of brackets
        except ParseError:
            return
        raise UnknownFormatError(
            f"{name} is JSON but not a transcript: a Podcasting 2.0 transcript has a "
            '"segments" list (a chapters file goes with --chapters)'
        )


def detect_format(data: bytes, filename: str = "") -> str:
    """Return the format name of a source, judged from its content first, then its name."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n"):
        raise EmptyTranscriptError(f"{filename or 'the file'} is empty")
    # JSON and HTML are sniffed on the bytes: they may be UTF-16 without a BOM, or
    # declare their own charset.
    if looks_like_podcast_json(data):
        return "json"
    if looks_like_html(data):
        return "html"
    text, _encoding, _warnings = decode(data)
    return detect_text_format(text, filename)
