"""Carry passage ids over to a corrected transcript, the way ParlParse carries speech ids.

When a transcript is re-imported with corrections, every passage that survives keeps its
id, so permalinks and citations keep working. The method follows ParlParse's
`gidmatching.py`: first a sequence alignment of the old and new passages on their
normalised text (identical passages in the same order), then, inside each gap the
alignment leaves, fuzzy matching of the remaining passages by word similarity (a typo
fixed, a word added, a paragraph split in two). Passages still unmatched are compared
once more across the whole episode with a stricter bar (a passage moved, or one removed
in an earlier revision and now restored). New passages get new numbers, counting on from
the highest number ever issued for the episode: a number is never issued twice.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from transcripts.model import Passage

# Within a gap: how alike two passages' words must be to count as one passage corrected.
# A paragraph split in two halves scores about 0.67 against the whole; unrelated passages
# of ordinary English share stop words and score about 0.2-0.35.
GAP_THRESHOLD = 0.55
# Outside the gaps (a moved or restored passage) the bar is higher: order no longer helps.
GLOBAL_THRESHOLD = 0.8
# Consecutive new passages whose words together are this like one old passage: a split.
SPLIT_THRESHOLD = 0.9

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_words(text: str) -> tuple[str, ...]:
    """Return a text's words, case-folded and without accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return tuple(_WORD.findall(stripped.casefold()))


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Return how alike two word lists are, from 0 (nothing shared) to 1 (the same)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def passage_number(passage_id: str) -> int | None:
    """Return the number after the last dot of a passage id (`ep.12` -> 12), if any."""
    _, dot, tail = passage_id.rpartition(".")
    return int(tail) if dot and tail.isdigit() else None


@dataclass(frozen=True)
class IdMatching:
    """The new passages with their ids, and what happened to every old id."""

    passages: tuple[Passage, ...]
    # Old id -> how it was carried: "same" (text unchanged) or "corrected".
    kept: dict[str, str]
    removed: tuple[str, ...]
    new: tuple[str, ...]
    # Ids retired in an earlier revision that this one brings back.
    restored: tuple[str, ...] = ()
    last_number: int = 0

    @property
    def corrected(self) -> tuple[str, ...]:
        """Return the ids whose passage text changed."""
        return tuple(pid for pid, how in self.kept.items() if how == "corrected")

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape: which ids were kept, corrected, restored, removed, new."""
        return {
            "kept": list(self.kept),
            "corrected": list(self.corrected),
            "restored": list(self.restored),
            "removed": list(self.removed),
            "new": list(self.new),
            "summary": self.summary(),
        }

    def summary(self) -> str:
        """Return the one-line report a correction adds to its warnings."""
        kept = len(self.kept)
        parts = [
            f"kept {kept} passage id{'' if kept == 1 else 's'}",
            f"{len(self.corrected)} lightly corrected",
            f"{len(self.removed)} passage{'' if len(self.removed) == 1 else 's'} removed",
            f"{len(self.new)} new",
        ]
        if self.restored:
            parts.insert(2, f"{len(self.restored)} restored")
        return ", ".join(parts)


def match_ids(
    previous: Sequence[Passage],
    new: Sequence[Passage],
    *,
    episode_id: str,
    last_number: int,
    retired: Sequence[Passage] = (),
) -> IdMatching:
    """Give the passages of a corrected transcript the ids of the passages they continue.

    `previous` are the passages of the revision being corrected, in order; `retired`
    are passages removed in earlier revisions (with their last text), which may come
    back; `last_number` is the highest passage number ever issued for the episode. The
    ids `new` arrives with are ignored.
    """
    old_words = [normalise_words(p.text) for p in previous]
    new_words = [normalise_words(p.text) for p in new]
    assigned: dict[int, int] = {}  # new index -> previous index

    # 1. Sequence alignment on whole passages: identical text, in the same order.
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    blocks = matcher.get_matching_blocks()
    for block in blocks:
        for k in range(block.size):
            assigned[block.b + k] = block.a + k

    # 2. Fuzzy matching inside each gap between the aligned blocks.
    a_end = b_end = 0
    for block in blocks:
        _match_gap(range(a_end, block.a), range(b_end, block.b), old_words, new_words, assigned)
        a_end, b_end = block.a + block.size, block.b + block.size

    # 3. Anything left, across the whole episode, including retired passages.
    candidates = [(i, old_words[i]) for i in range(len(previous)) if i not in assigned.values()]
    candidates += [(len(previous) + r, normalise_words(p.text)) for r, p in enumerate(retired)]
    pool = [*previous, *retired]
    leftovers = [j for j in range(len(new)) if j not in assigned]
    pairs = sorted(
        (
            (similarity(words, new_words[j]), -abs(i - j), i, j)
            for i, words in candidates
            for j in leftovers
        ),
        reverse=True,
    )
    used_old: set[int] = set()
    for score, _, i, j in pairs:
        if score < GLOBAL_THRESHOLD:
            break
        if i in used_old or j in assigned:
            continue
        assigned[j] = i
        used_old.add(i)

    # 4. Ids: carried where matched, fresh numbers (in reading order) elsewhere.
    kept: dict[str, str] = {}
    new_ids: list[str] = []
    restored: list[str] = []
    out: list[Passage] = []
    number = last_number
    for j, passage in enumerate(new):
        if j in assigned:
            source = pool[assigned[j]]
            pid = source.id
            kept[pid] = "same" if source.text == passage.text else "corrected"
            if assigned[j] >= len(previous):
                restored.append(pid)
        else:
            number += 1
            pid = f"{episode_id}.{number}"
            new_ids.append(pid)
        out.append(replace(passage, id=pid))
    live = {p.id for p in out}
    removed = tuple(p.id for p in previous if p.id not in live)
    return IdMatching(
        passages=tuple(out),
        kept=kept,
        removed=removed,
        new=tuple(new_ids),
        restored=tuple(restored),
        last_number=number,
    )


def _match_gap(
    old_range: range,
    new_range: range,
    old_words: Sequence[tuple[str, ...]],
    new_words: Sequence[tuple[str, ...]],
    assigned: dict[int, int],
) -> None:
    """Pair the most alike passages of one gap, best first, never crossing an earlier pair."""
    if not old_range or not new_range:
        return
    pieces = _match_splits(old_range, new_range, old_words, new_words, assigned)
    pairs = sorted(
        (
            (
                similarity(old_words[i], new_words[j]),
                -abs((i - old_range.start) - (j - new_range.start)),
                i,
                j,
            )
            for i in old_range
            for j in new_range
        ),
        reverse=True,
    )
    taken: list[tuple[int, int]] = []
    for score, _, i, j in pairs:
        if score < GAP_THRESHOLD:
            break
        if i in assigned.values() or j in assigned or j in pieces:
            continue
        if any(i == a or j == b or (i < a) != (j < b) for a, b in taken):
            continue  # used already, or out of order with a better pair
        taken.append((i, j))
        assigned[j] = i


def _match_splits(
    old_range: range,
    new_range: range,
    old_words: Sequence[tuple[str, ...]],
    new_words: Sequence[tuple[str, ...]],
    assigned: dict[int, int],
) -> set[int]:
    """Give a paragraph split in several passages its id on the first piece.

    Pairwise similarity would hand the id to whichever piece is longest; ParlParse keeps
    it on the first. Return the later pieces, which are new passages.
    """
    pieces: set[int] = set()
    for i in old_range:
        old = old_words[i]
        for j in new_range:
            if j in assigned or j in pieces:
                continue
            words = new_words[j]
            for k in range(j + 1, new_range.stop):
                if k in assigned or len(words) > len(old):
                    break
                words = words + new_words[k]
                if similarity(old, words) >= SPLIT_THRESHOLD:
                    assigned[j] = i
                    pieces.update(range(j + 1, k + 1))
                    break
            if i in assigned.values():
                break
    return pieces


@dataclass(frozen=True)
class WordChange:
    """One step of a word diff between two versions of a passage."""

    op: str  # "equal", "insert" (only in the new text), "delete" (only in the old), "replace"
    old: str
    new: str

    def to_dict(self) -> dict[str, str]:
        """Return the JSON shape."""
        return {"op": self.op, "old": self.old, "new": self.new}


def diff_words(old: str, new: str) -> tuple[WordChange, ...]:
    """Return the word diff from one version of a text to another, spaces kept out."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return tuple(
        WordChange(tag, " ".join(a[a1:a2]), " ".join(b[b1:b2]))
        for tag, a1, a2, b1, b2 in matcher.get_opcodes()
    )
