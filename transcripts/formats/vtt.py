"""The WebVTT reader: cue blocks, `<v>` voice spans and labels in cue text into utterances.

The reader splits the file into blocks itself rather than through webvtt-py, because real
files break the grammar in ways a strict parser rejects or silently mangles: padding lines
of spaces, missing or repeated `WEBVTT` headers, unpadded timestamps, and rolling captions
whose cues repeat each other (see `transcripts.formats.rolling`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from transcripts.credits import drop_credits, title_cards
from transcripts.cue_speakers import CueSpeakers
from transcripts.errors import EmptyTranscriptError, ParseError
from transcripts.formats.rolling import TimedLines, is_rolling, roll_up
from transcripts.model import Document, Utterance
from transcripts.speakers import clean_label
from transcripts.timecodes import parse_timecode
from transcripts.wording import plural

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Hours optional and fields unpadded ("0:0:13.54"), as Teams writes; a comma for the dot,
# as SubRip converters leave behind.
_TIMING_LINE = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3})\s*-->"
    r"\s*(?P<end>(?:\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3})(?:\s|$)"
)
_HEADER = re.compile(r"^\ufeff?WEBVTT(?=[\s\-–—:]|$)(?P<title>.*)$")
_KEYWORD_BLOCK = re.compile(r"^(?:NOTE|STYLE|REGION)(?:\s|$)")
# HLS segments map their local cue times onto the stream's 90 kHz MPEG-TS clock.
_TIMESTAMP_MAP = re.compile(
    r"^X-TIMESTAMP-MAP\s*=\s*(?=.*LOCAL:(?P<local>[\d:.]+))(?=.*MPEGTS:(?P<mpegts>\d+))"
)
_MPEGTS_PER_MS = 90
# A cue starting this much earlier than the one before means joined recordings, not disorder.
_TIME_RESET_MS = 60_000
# `<v Name>`, `<v.loud Name>`; the closing `</v>` is optional and Podcasting 2.0
# files put the span only at speaker changes.
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*(?:\s+(?P<name>[^>]*))?>")
_RUBY_TEXT = re.compile(r"<rt>.*?</rt>", re.DOTALL)  # the reading aid, not a second word
_TAG = re.compile(r"<[^>\n]*>")


@dataclass
class _Cue:
    """A cue as written: times and raw text with markup."""

    start_ms: int
    end_ms: int
    raw: list[str] = field(default_factory=list)


@dataclass
class _Parsed:
    """What the block pass found: cues, header facts and counts for the report."""

    cues: list[_Cue] = field(default_factory=list)
    header: bool = False
    title: str | None = None
    language: str | None = None
    embedded_headers: int = 0
    mapped_segments: int = 0
    ignored_blocks: int = 0


def read_vtt(text: str) -> Document:
    """Read WebVTT text into a Document of cues with speakers."""
    # Tolerate CRLF and lone CR (Windows and old Mac exports) by splitting on all three.
    parsed = _parse(_LINE_BREAK.split(text))
    warnings: list[str] = []
    if not parsed.header:
        # Excerpts, yt-dlp joins and careless exporters drop the header; the cues are WebVTT.
        warnings.append("the file has no WEBVTT header; it was read as WebVTT anyway")
    if parsed.embedded_headers:
        warnings.append(
            f"skipped {plural(parsed.embedded_headers, 'WEBVTT header')} in the middle of the "
            "file (several caption files joined into one)"
        )
    if parsed.mapped_segments:
        warnings.append(
            f"placed the cues of {plural(parsed.mapped_segments, 'HLS segment')} on the "
            "stream's clock using their X-TIMESTAMP-MAP headers"
        )
    if parsed.ignored_blocks:
        warnings.append(
            f"ignored {plural(parsed.ignored_blocks, 'block')} of text without cue timings"
        )
    cues, resets = _ordered(parsed.cues)
    if resets:
        warnings.append(
            f"cue times jump back {plural(resets, 'time')}; the cues were kept in file order"
        )
    items, more = _utterances(cues)
    warnings += more
    if not items:
        raise EmptyTranscriptError("the WebVTT file has no cue with any text")
    return Document(
        format="vtt",
        items=tuple(items),
        unit="cue",
        title=parsed.title,
        language=parsed.language,
        warnings=tuple(warnings),
    )


def _parse(lines: list[str]) -> _Parsed:
    """Split the lines into blocks and read headers, comments and cues from them."""
    parsed = _Parsed()
    offset_ms = 0
    for number, block, soft in _blocks(lines):
        first = block[0].strip()
        header = _HEADER.match(first)
        if header is not None:
            if parsed.cues or parsed.header:
                parsed.embedded_headers += 1
            else:
                parsed.header = True
                parsed.title = header["title"].strip().lstrip("-–—:").strip() or None
            offset_ms, mapped = _read_metadata(block[1:], parsed, offset_ms)
            parsed.mapped_segments += mapped
            rest = _from_timing(block)
            if not rest:
                continue
            number, block = number + len(block) - len(rest), rest
        elif _KEYWORD_BLOCK.match(first):
            continue  # NOTE, STYLE and REGION blocks are not speech
        if not any("-->" in line for line in block):
            if soft and parsed.cues:
                # A line of spaces inside cue text is not a cue's end: the text goes on.
                parsed.cues[-1].raw.extend(["", *block])
            else:
                parsed.ignored_blocks += 1
            continue
        timed = False  # lines before the first timing line identify the cue ("1", "intro-1")
        for index, line in enumerate(block):
            if "-->" in line:
                start_ms, end_ms = _timings(line, number + index)
                start_ms, end_ms = max(0, start_ms + offset_ms), max(0, end_ms + offset_ms)
                parsed.cues.append(_Cue(start_ms, end_ms))
                timed = True
            elif timed:
                parsed.cues[-1].raw.append(line)
    return parsed


def _blocks(lines: list[str]) -> list[tuple[int, list[str], bool]]:
    """Return (first line number, lines, after spaces only) for each run of non-blank lines."""
    blocks: list[tuple[int, list[str], bool]] = []
    current: list[str] = []
    start = 0
    # Netflix pads between blocks with lines of spaces; they separate blocks like empty ones.
    soft = False
    saw_empty = False
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                start, soft = number, not saw_empty and bool(blocks)
            current.append(line)
            continue
        if current:
            blocks.append((start, current, soft))
            current, saw_empty = [], False
        saw_empty = saw_empty or not line
    if current:
        blocks.append((start, current, soft))
    return blocks


def _from_timing(block: list[str]) -> list[str]:
    """Return a header block's lines from its first timing line (a header with no gap)."""
    for index, line in enumerate(block):
        if "-->" in line:
            return block[index:]
    return []


def _read_metadata(lines: list[str], parsed: _Parsed, offset_ms: int) -> tuple[int, int]:
    """Read `Language:` and `X-TIMESTAMP-MAP` header lines; return the new time offset."""
    for line in lines:
        if "-->" in line:
            break
        key, _, value = line.partition(":")
        if key.strip().lower() == "language" and value.strip() and parsed.language is None:
            parsed.language = value.strip()
        mapping = _TIMESTAMP_MAP.match(line.strip())
        if mapping is not None:
            try:
                local_ms = parse_timecode(mapping["local"])
            except ValueError:
                continue  # a map we cannot read leaves the times as written
            return int(mapping["mpegts"]) // _MPEGTS_PER_MS - local_ms, 1
    return offset_ms, 0


def _timings(line: str, number: int) -> tuple[int, int]:
    """Return a timing line's start and end, or raise a ParseError naming the line."""
    match = _TIMING_LINE.match(line)
    try:
        if match is None:
            raise ValueError("no timings")
        return parse_timecode(match["start"]), parse_timecode(match["end"])
    except ValueError as exc:
        raise ParseError(
            "malformed cue timings (expected like 00:01:02.500 --> 00:01:05.000)",
            format="vtt",
            line=number,
            snippet=line.strip()[:80],
        ) from exc


def _ordered(cues: list[_Cue]) -> tuple[list[_Cue], int]:
    """Order cues by start unless the times restart; return them and the number of restarts."""
    resets = sum(
        1
        for before, after in zip(cues, cues[1:], strict=False)
        if after.start_ms < before.start_ms - _TIME_RESET_MS
    )
    # Overlapping voices (Teams) may be written out of order; a restart means joined files.
    return (cues if resets else sorted(cues, key=lambda cue: cue.start_ms)), resets


def _utterances(cues: list[_Cue]) -> tuple[list[Utterance], list[str]]:
    """Turn cues into utterances, de-duplicating rolling captions and reading speakers."""
    cues, warnings = drop_credits(cues, lambda cue: " ".join(_clean_lines("\n".join(cue.raw))))
    timed = [TimedLines(c.start_ms, c.end_ms, tuple(_clean_lines("\n".join(c.raw)))) for c in cues]
    if is_rolling(timed):
        rolled = roll_up(timed)
        removed, kept = rolled.removed_words, rolled.kept_words
        warnings.append(
            f"removed {removed:,} {'word' if removed == 1 else 'words'} repeated by rolling "
            f"captions (each of the {len(timed):,} cues shows the lines before it again); "
            f"kept {kept:,} {'word' if kept == 1 else 'words'} once each"
        )
        return rolled.utterances, warnings
    speakers = CueSpeakers(carried_by="no voice span")
    items: list[Utterance] = []
    for cue in cues:
        for voice, raw in _split_voices("\n".join(cue.raw)):
            lines = _clean_lines(raw)
            if voice is not None:
                items.extend(speakers.voiced(voice, lines, cue.start_ms, cue.end_ms))
            else:
                items.extend(speakers.unvoiced(lines, cue.start_ms, cue.end_ms))
    warnings += speakers.warnings()
    warnings += title_cards(items)
    return items, warnings


def _split_voices(raw: str) -> list[tuple[str | None, str]]:
    """Split raw cue text at voice spans into (speaker or None, raw text) pieces."""
    pieces: list[tuple[str | None, str]] = []
    voice: str | None = None
    position = 0
    for match in _VOICE.finditer(raw):
        pieces.append((voice, raw[position : match.start()]))
        voice = clean_label(html.unescape(match["name"] or "")) or None
        position = match.end()
    pieces.append((voice, raw[position:]))
    if len(pieces) > 1 and all(line in "-–—" for line in _clean_lines(pieces[0][1])):
        pieces.pop(0)  # nothing was said before the first span but perhaps a dialogue dash
    return pieces


def _clean_lines(raw: str) -> list[str]:
    """Return the non-empty lines of cue text without tags or entities, spaces collapsed."""
    raw = _RUBY_TEXT.sub("", raw)
    # Tags go without a space: inline timestamps sit inside words ("im<00:01.148><c>po</c>").
    lines = (" ".join(html.unescape(_TAG.sub("", line)).split()) for line in raw.split("\n"))
    return [line for line in lines if line]
