"""JSON transcripts and Podcasting 2.0 chapters: decode, parse, and hand on to a shape reader.

Real tools write JSON transcripts in many shapes (see `json_shapes`). This module decodes
and parses the file once, finds the shape by its structure, and turns the shape reader's
timed pieces into sentence-sized cues by one speaker.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from transcripts.credits import drop_credits, footer_report, tool_footer
from transcripts.cue_speakers import CueSpeakers
from transcripts.errors import EmptyTranscriptError, ParseError
from transcripts.formats.cue_merging import Piece, merge_pieces
from transcripts.formats.json_shapes import find_shape, shape_names
from transcripts.formats.json_text import FORMAT, decode_head, decode_json, load_json
from transcripts.formats.json_times import seconds_to_ms
from transcripts.inline_times import leading_ms
from transcripts.labels import line_label
from transcripts.model import Document, Heading
from transcripts.wording import plural


def looks_like_podcast_json(data: bytes) -> bool:
    """Return whether bytes look like a JSON transcript with a segments array."""
    head = decode_head(data[:65536])
    stripped = head.lstrip()
    if stripped.startswith("{"):
        return '"segments"' in head
    # Some tools write the bare segments array.
    return stripped.startswith("[") and bool(re.search(r'"(?:startTime|speakerLabel|body)"', head))


def read_podcast_json(data: bytes, *, filename: str = "") -> Document:
    """Read a JSON transcript of any shape we know into cues."""
    text, encoding, warnings = decode_json(data)
    root = load_json(text)
    what = filename or "this JSON transcript"
    shape = find_shape(root)
    if shape is None:
        raise ParseError(_not_a_transcript(root), format=FORMAT)
    reading = shape[2](root)
    if not reading.total:
        raise EmptyTranscriptError(f"{what} has no {reading.unit}s; there is no speech to index")
    if not reading.pieces:
        raise EmptyTranscriptError(
            f"{what} has {plural(reading.total, reading.unit)} but none carries any text "
            f"({reading.why_empty or 'no text field'}); this transcript cannot be indexed"
        )
    pieces = _times_in_text(reading.pieces, warnings)
    warnings.extend(reading.warnings)
    if not any(piece.speaker for piece in pieces):
        pieces = _labels_in_text(pieces, warnings)
    utterances = merge_pieces(pieces)
    if len(utterances) < len(reading.pieces):
        merged = plural(len(reading.pieces), reading.unit)
        warnings.append(
            f"merged {merged} into {plural(len(utterances), 'utterance')} by speaker and sentence"
        )
    # A speech tool's footer, a subtitle site's credit: as in caption files, nobody said them.
    footers = [tool for u in utterances if (tool := tool_footer(u.text)) is not None]
    if footers:
        utterances = [u for u in utterances if tool_footer(u.text) is None]
        warnings.append(footer_report(footers[0], len(footers)))
    utterances, credits = drop_credits(utterances, lambda u: u.text, unit="utterance")
    warnings.extend(credits)
    if not utterances:
        raise EmptyTranscriptError(f"{what} has only credit lines; there is no speech to index")
    return Document(
        format=FORMAT,
        items=tuple(utterances),
        unit="cue",
        encoding=encoding,
        language=reading.language,
        warnings=tuple(warnings),
    )


def _times_in_text(pieces: list[Piece], warnings: list[str]) -> list[Piece]:
    """Take the times written at the start of segments' text (`[00:12:34] Hello.`) out of it.

    The styles are `transcripts.inline_times`'s. A segment's own start wins; the written
    time times a segment that has none, and a segment that is only a time times the next.
    """
    read: list[Piece] = []
    taken = 0
    pending: int | None = None
    for piece in pieces:
        written, text = leading_ms(piece.text.strip())
        if written is None:
            start_ms = piece.start_ms if piece.start_ms is not None else pending
            read.append(replace(piece, start_ms=start_ms) if start_ms != piece.start_ms else piece)
            pending = None
            continue
        taken += 1
        if not text:
            pending = piece.start_ms if piece.start_ms is not None else written
            continue
        start_ms = next(ms for ms in (piece.start_ms, pending, written) if ms is not None)
        read.append(replace(piece, text=text, start_ms=start_ms))
        pending = None
    if taken:
        warnings.append(f"took {plural(taken, 'time')} written into the text out of it")
    return read


def _labels_in_text(pieces: list[Piece], warnings: list[str]) -> list[Piece]:
    """Read the speaker labels written into the text of segments that name no speaker.

    Timed segments are read as caption cues are (`transcripts.cue_speakers`): a label's
    speaker carries on to the segments after it until the next label, and a segment that
    opens with a label no rule reads, or with `>>`, is nobody's.
    """
    if not any(line_label(piece.text.strip(), 0, FORMAT) for piece in pieces[:200]):
        return pieces
    speakers = CueSpeakers(carried_by="no speaker label")
    read: list[Piece] = []
    for piece in pieces:
        for said in speakers.unvoiced([piece.text.strip()], piece.start_ms or 0, 0):
            read.append(
                Piece(
                    said.text,
                    said.speaker,
                    piece.start_ms,
                    piece.end_ms,
                    opens_turn=said.opens_turn,
                    unread_label=said.unread_label,
                )
            )
    warnings.extend(speakers.warnings())
    return read


def json_transcript_shape(text: str) -> str | None:
    """Return the name of the transcript shape of JSON text, or None when it has none."""
    shape = find_shape(load_json(text))
    return shape[0] if shape is not None else None


def read_chapters(data: bytes) -> list[Heading]:
    """Read a Podcasting 2.0 chapters file into headings, in time order."""
    text, _, _ = decode_json(data)
    root = load_json(text)
    # Tolerate a bare array of chapters, as some editors export.
    chapters = root if isinstance(root, list) else None
    if isinstance(root, dict):
        chapters = root.get("chapters")
    if not isinstance(chapters, list):
        raise ParseError('expected a "chapters" array', format=FORMAT)
    found: list[Heading] = []
    for chapter in chapters:
        if not isinstance(chapter, dict) or chapter.get("toc") is False:
            continue  # "toc": false marks an image or link change, not a section.
        title = chapter.get("title")
        start_ms = seconds_to_ms(chapter.get("startTime"))
        if isinstance(title, str) and title.strip() and start_ms is not None:
            found.append(Heading(title=" ".join(title.split()), start_ms=start_ms))
    # Hand-edited files are sometimes out of order; a stable sort keeps ties as written.
    return sorted(found, key=lambda heading: heading.start_ms or 0)


def _not_a_transcript(root: Any) -> str:
    """Say why a parsed JSON value is no transcript we read, and what would be."""
    if isinstance(root, dict) and "chapters" in root:
        return "this is a chapters file, not a transcript; pass it with --chapters"
    if not isinstance(root, (dict, list)):
        return f"expected a JSON object, found {type(root).__name__}"
    return f'expected a "segments" array or another transcript shape we read ({shape_names()})'
