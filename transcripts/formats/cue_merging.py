"""Pieces of timed speech (word or phrase segments) joined into sentence-sized utterances."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from transcripts.model import Utterance

# A sentence ends at . ! ? … (or their CJK forms), perhaps followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]]*$")
# Unpunctuated ASR gives no sentence ends at all: cap an utterance at this many words.
_MAX_WORDS = 60
# Pieces that attach to the previous word: punctuation and English contractions ("'s", "n't").
_NO_SPACE_BEFORE = re.compile(
    r"^(?:[,.;:!?%)\]}…。，、！？]|['’](?:s|t|re|ll|ve|d|m)\b|n['’]t\b)", re.I
)
_NO_SPACE_AFTER = ("(", "[", "{", "“", "‘", "¿", "¡")
# Scripts written without spaces between words: word segments join with no space.
_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3000, 0x30FF),  # CJK punctuation, Hiragana, Katakana
    (0x3400, 0x9FFF),  # CJK ideographs
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
)


@dataclass(frozen=True)
class Piece:
    """One segment of speech as a source gave it: often a single word."""

    text: str
    speaker: str | None
    start_ms: int | None
    end_ms: int | None
    # Read from a label in the text: the turn opened here, or the label no rule accepted.
    opens_turn: bool = False
    unread_label: str | None = None


def merge_pieces(pieces: Iterable[Piece], *, max_words: int = _MAX_WORDS) -> list[Utterance]:
    """Join consecutive pieces of one speaker into utterances of about a sentence."""
    utterances: list[Utterance] = []
    run: list[Piece] = []
    words = 0
    for piece in pieces:
        if run and (
            piece.speaker != run[0].speaker
            or piece.opens_turn
            or piece.unread_label != run[0].unread_label
            or _SENTENCE_END.search(run[-1].text.rstrip())
            or words >= max_words
        ):
            utterances.append(_utterance(run))
            run, words = [], 0
        run.append(piece)
        words += len(piece.text.split())
    if run:
        utterances.append(_utterance(run))
    return utterances


def join_text(text: str, piece: str) -> str:
    """Append a piece of speech, adding a space only where the language wants one."""
    if not text or text[-1].isspace() or piece[:1].isspace():
        return text + piece  # Whisper-style bodies bring their own leading space.
    if _NO_SPACE_BEFORE.match(piece) or text.endswith(_NO_SPACE_AFTER):
        return text + piece
    if _unspaced(text[-1]) and _unspaced(piece[0]):
        return text + piece
    return text + " " + piece


def _utterance(run: list[Piece]) -> Utterance:
    """Build one utterance from a run of pieces, with natural spacing."""
    text = ""
    for piece in run:
        text = join_text(text, piece.text)
    starts = [p.start_ms for p in run if p.start_ms is not None]
    ends = [p.end_ms for p in run if p.end_ms is not None]
    return Utterance(
        text=" ".join(text.split()),
        speaker=run[0].speaker,
        start_ms=starts[0] if starts else None,
        end_ms=max(ends) if ends else None,
        unread_label=run[0].unread_label,
        opens_turn=run[0].opens_turn,
    )


def _unspaced(char: str) -> bool:
    """Return whether a character belongs to a script written without word spaces."""
    code = ord(char)
    return any(low <= code <= high for low, high in _UNSPACED_RANGES)
