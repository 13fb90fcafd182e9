"""Word alignment for the quote checker: local alignment in chunks, spans and word diffs.

Pure functions over word lists; no index. A pasted quote is compared with what was said
word by word, after folding (the words of archive.query.words), so case, curly quotes,
dashes and punctuation never count as differences.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# "…", "...", ". . .", "[…]", "[...]" and "(...)" mark words left out between fragments.
ELLIPSIS = re.compile(r"[\[(]\s*(?:…|\.\s?\.\s?\.)\s*[\])]|…|\.\s?\.\s?\.(?:\s?\.)*")

MATCH = 2.0  # the same word
NEAR = 1.0  # the same stem: "remember" for "remembered" is close, not equal
MISMATCH = -1.0
GAP = -1.0
# A chunk after the first must hold two matched words: one stray "the" proves nothing.
MIN_EXTRA_CHUNK = 2 * MATCH
# Each extra chunk (reordered or run-together words) costs a little, so that the
# quote said in one piece always ranks above the same words said in pieces.
CHUNK_PENALTY = 1.0
MAX_CHUNKS = 6


@dataclass(frozen=True)
class Word:
    """One word: its folded form, its stem, and where it sits in its text."""

    norm: str
    stem: str
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """Quote words [q_lo, q_hi) aligned with source words [p_lo, p_hi)."""

    q_lo: int
    q_hi: int
    p_lo: int
    p_hi: int
    score: float


@dataclass(frozen=True)
class DiffOp:
    """One step of a word diff: what the quote has against what was said."""

    op: str  # "equal", "insert" (only in the quote), "delete" (said, dropped), "replace"
    quote: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        """Return the op as JSON."""
        return {"op": self.op, "quote": self.quote, "source": self.source}


def _pair(a: Word, b: Word) -> float:
    if a.norm == b.norm:
        return MATCH
    if a.stem == b.stem:
        return NEAR
    return MISMATCH


def local_align(q: Sequence[Word], p: Sequence[Word], used: Sequence[bool]) -> Chunk | None:
    """Return the best local alignment (word-level Smith-Waterman) of q inside p."""
    m, n = len(q), len(p)
    if not m or not n:
        return None
    rows = [[0.0] * (n + 1) for _ in range(m + 1)]
    best, bi, bj = 0.0, 0, 0
    for i in range(1, m + 1):
        qi, row, up = q[i - 1], rows[i], rows[i - 1]
        for j in range(1, n + 1):
            # Words already claimed by another chunk cannot match again.
            pair = MISMATCH if used[j - 1] else _pair(qi, p[j - 1])
            value = max(0.0, up[j - 1] + pair, up[j] + GAP, row[j - 1] + GAP)
            row[j] = value
            if value > best:
                best, bi, bj = value, i, j
    if best <= 0:
        return None
    i, j = bi, bj
    while i > 0 and j > 0 and rows[i][j] > 0:
        pair = MISMATCH if used[j - 1] else _pair(q[i - 1], p[j - 1])
        if rows[i][j] == rows[i - 1][j - 1] + pair:
            i, j = i - 1, j - 1
        elif rows[i][j] == rows[i - 1][j] + GAP:
            i -= 1
        else:
            j -= 1
    return Chunk(i, bi, j, bj, best)


def align_fragments(fragments: Sequence[Sequence[Word]], p: Sequence[Word]) -> list[Chunk]:
    """Align each fragment in chunks: best piece first, then what is left on either side.

    Chunks carry quote positions over all fragments, in the order the fragments came.
    """
    used = [False] * len(p)
    chunks: list[Chunk] = []
    base = 0
    for fragment in fragments:
        pending = [(0, len(fragment))]
        found = 0
        while pending and found < MAX_CHUNKS:
            lo, hi = pending.pop()
            chunk = local_align(fragment[lo:hi], p, used)
            if chunk is None or (found and chunk.score < MIN_EXTRA_CHUNK):
                continue
            found += 1
            for j in range(chunk.p_lo, chunk.p_hi):
                used[j] = True
            q_lo, q_hi = lo + chunk.q_lo, lo + chunk.q_hi
            chunks.append(Chunk(base + q_lo, base + q_hi, chunk.p_lo, chunk.p_hi, chunk.score))
            pending += [(lo, q_lo), (q_hi, hi)]
        base += len(fragment)
    return chunks


def alignment_score(chunks: Sequence[Chunk], fragments: int, quote_words: int) -> float:
    """Return 0..1: the chunks' score against a perfect one, less the cost of extra chunks."""
    if not quote_words:
        return 0.0
    extra = max(0, len(chunks) - fragments)
    total = sum(c.score for c in chunks) - CHUNK_PENALTY * extra
    return max(0.0, min(1.0, total / (MATCH * quote_words)))


def matched_span(chunks: Sequence[Chunk], quote_words: int, source_words: int) -> tuple[int, int]:
    """Return the source words [lo, hi) the quote covers, widened for a changed end word."""
    lo = min(c.p_lo for c in chunks)
    hi = max(c.p_hi for c in chunks)
    first = min(chunks, key=lambda c: c.q_lo)
    last = max(chunks, key=lambda c: c.q_hi)
    # One or two unmatched words at an end of the quote are most likely changed words,
    # so the words said there are taken in too, and the diff reads "changed".
    lead, trail = first.q_lo, quote_words - last.q_hi
    if 0 < lead <= 2 and first.p_lo == lo:
        lo = max(0, lo - lead)
    if 0 < trail <= 2 and last.p_hi == hi:
        hi = min(source_words, hi + trail)
    return lo, hi


def _slice(text: str, words: Sequence[Word], a: int, b: int, hi: int) -> str:
    """Return the verbatim text of words [a, b): up to the next word, or to the span end."""
    if a >= b:
        return ""
    end = words[b].start if b < hi else extend_end(text, words[b - 1].end)
    # An ellipsis in the quote separates fragments: it is not a word anyone said or dropped.
    return ELLIPSIS.sub(" ", text[words[a].start : end]).strip()


def extend_end(text: str, end: int) -> int:
    """Move an end offset past punctuation stuck to the last word ("sea." "sea,")."""
    while end < len(text) and not text[end].isspace():
        end += 1
    return end


def extend_start(text: str, start: int) -> int:
    """Move a start offset back over punctuation stuck to the first word (an opening quote)."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start


def word_diff(
    quote_text: str, q: Sequence[Word], source_text: str, p: Sequence[Word], lo: int, hi: int
) -> list[DiffOp]:
    """Return the word diff of the whole quote against the source words [lo, hi)."""
    span = p[lo:hi]
    matcher = difflib.SequenceMatcher(
        None, [w.norm for w in q], [w.norm for w in span], autojunk=False
    )
    ops = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        op = {"equal": "equal", "replace": "replace", "delete": "insert", "insert": "delete"}[tag]
        ops.append(
            DiffOp(
                op,
                _slice(quote_text, q, a1, a2, len(q)),
                _slice(source_text, span, b1, b2, len(span)),
            )
        )
    return ops
