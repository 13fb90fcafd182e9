"""The WebVTT reader: cues with `<v>` voice spans into utterances."""

from __future__ import annotations

import html
import io
import re

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from transcripts.errors import EmptyTranscriptError, ParseError
from transcripts.model import Document, Utterance
from transcripts.speakers import clean_label
from transcripts.timecodes import parse_timecode

_ARROW_LINE = re.compile(r"-->")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# webvtt-py's own tolerance: hours optional, fields unpadded ("0:0:13.54").
_TIMING_LINE = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3})\s*-->"
    r"\s*(?P<end>(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3})(?:\s|$)"
)
# `<v Name>`, `<v.loud Name>`; the closing `</v>` is optional and Podcasting 2.0
# files put the span only at speaker changes.
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*(?:\s+(?P<name>[^>]*))?>")
_TAG = re.compile(r"<[^>]*>")
_DIALOGUE_DASH = re.compile(r"^[-–—](?:\s+|$)|\s+[-–—]$")


def read_vtt(text: str) -> Document:
    """Read WebVTT text into a Document of cues with speakers."""
    warnings: list[str] = []
    # Tolerate CRLF and lone CR (Windows and old Mac exports) by splitting on all three.
    lines = _LINE_BREAK.split(text)
    _check_timings(lines)
    while lines and not lines[0].strip():
        lines.pop(0)  # blank lines before the header, as some exporters write
    if not lines or not lines[0].startswith("WEBVTT"):
        # Excerpts and careless exporters drop the header; the cues are still WebVTT.
        lines = ["WEBVTT", ""] + lines
        warnings.append("the file has no WEBVTT header; it was read as WebVTT anyway")
    try:
        captions = webvtt.from_buffer(io.StringIO("\n".join(lines)))
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise ParseError(str(exc) or "not a WebVTT file", format="vtt") from exc

    title, language = _header(captions.header_text, captions.metadata)
    items: list[Utterance] = []
    speaker: str | None = None
    carried = 0
    for caption in captions.captions:
        start_ms = caption.start_time.in_milliseconds()
        end_ms = caption.end_time.in_milliseconds()
        pieces = _split_voices(caption.raw_text)
        if pieces[0][0] is None and speaker is not None and pieces[0][1]:
            carried += 1
        for voice, words in pieces:
            if voice is not None:
                speaker = voice
            if words:
                items.append(Utterance(words, speaker=speaker, start_ms=start_ms, end_ms=end_ms))
    if not items:
        raise EmptyTranscriptError("the WebVTT file has no cue with any text")
    if carried:
        noun = "cue has" if carried == 1 else "cues have"
        warnings.append(f"{carried} {noun} no voice span and took the speaker of the cue before")
    return Document(
        format="vtt",
        items=tuple(items),
        unit="cue",
        title=title,
        language=language,
        warnings=tuple(warnings),
    )


def _check_timings(lines: list[str]) -> None:
    """Raise a ParseError for a cue timing line webvtt-py would silently drop."""
    for number, line in enumerate(lines, start=1):
        if not _ARROW_LINE.search(line) or line.startswith("NOTE"):
            continue
        match = _TIMING_LINE.match(line)
        try:
            if match is None:
                raise ValueError("no timings")
            for timecode in (match["start"], match["end"]):
                parse_timecode(timecode)
        except ValueError as exc:
            raise ParseError(
                "malformed cue timings (expected like 00:01:02.500 --> 00:01:05.000)",
                format="vtt",
                line=number,
                snippet=line.strip()[:80],
            ) from exc


def _header(header_text: str, metadata: list[str]) -> tuple[str | None, str | None]:
    """Return the title after `WEBVTT` and the `Language:` metadata, if any."""
    title = header_text.strip().lstrip("-–—:").strip() or None
    language = None
    for line in metadata:
        key, _, value = line.partition(":")
        if key.strip().lower() == "language" and value.strip():
            language = value.strip()
    return title, language


def _split_voices(raw: str) -> list[tuple[str | None, str]]:
    """Split cue text at voice spans into (speaker or None, clean text) pieces."""
    pieces: list[tuple[str | None, str]] = []
    voice: str | None = None
    position = 0
    for match in _VOICE.finditer(raw):
        pieces.append((voice, _clean_text(raw[position : match.start()])))
        voice = clean_label(html.unescape(match["name"] or "")) or None
        position = match.end()
    pieces.append((voice, _clean_text(raw[position:])))
    if len(pieces) > 1 and not pieces[0][1]:
        pieces.pop(0)  # nothing was said before the first span
    return pieces


def _clean_text(raw: str) -> str:
    """Return cue text without tags or entities, whitespace collapsed to single spaces."""
    # Tags go without a space: inline timestamps sit inside words ("im<00:01.148><c>po</c>").
    text = " ".join(html.unescape(_TAG.sub("", raw)).split())
    # Subtitlers mark each voice of a two-voice cue with a dash ("- <v A>Hi").
    return _DIALOGUE_DASH.sub("", text)
