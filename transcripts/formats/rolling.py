"""Rolling captions: emit each word once from cues that repeat the lines before them.

Live and automatic captions (YouTube, and the WebVTT yt-dlp saves from it) roll up like a
teleprompter: every cue shows the last one or two lines again and adds a partial new line,
and about every other cue is a ~67 ms "flush" cue that only repeats. Read naively, each word
appears two to four times. Here the cue texts are laid end to end and each cue contributes
only the words that go beyond what was already said; a word keeps the time of the cue in
which it first appeared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from transcripts.formats.cue_merging import Piece, merge_pieces
from transcripts.model import Utterance

# A file rolls when at least this share of its cues opens with a line of the cue before.
_ROLLING_SHARE = 0.5
_MIN_ROLLING_CUES = 3
# An overlap this long cannot be a coincidence, even when it ends inside the first line.
_SURE_OVERLAP_WORDS = 3
# How far back a cue may repeat text: three lines of about a dozen words, with room to spare.
_WINDOW_WORDS = 60


@dataclass(frozen=True)
class TimedLines:
    """One cue's clean text lines with its times."""

    start_ms: int
    end_ms: int
    lines: tuple[str, ...]


@dataclass
class RolledUp:
    """The de-duplicated speech of a rolling file, with word counts for the report."""

    utterances: list[Utterance]
    naive_words: int
    kept_words: int

    @property
    def removed_words(self) -> int:
        """Return how many words were repeats."""
        return self.naive_words - self.kept_words


@dataclass
class _Fragment:
    """The words a cue added, timed from that cue."""

    start_ms: int
    end_ms: int
    words: list[str] = field(default_factory=list)


def is_rolling(cues: Sequence[TimedLines]) -> bool:
    """Return whether most cues open by repeating a line of the cue before them."""
    eligible = repeats = 0
    previous: tuple[str, ...] = ()
    for cue in cues:
        lines = tuple(line for line in cue.lines if line)
        if not lines:
            continue
        if previous:
            eligible += 1
            repeats += lines[0] in previous
        previous = lines
    return eligible >= _MIN_ROLLING_CUES and repeats >= _ROLLING_SHARE * eligible


def roll_up(cues: Sequence[TimedLines]) -> RolledUp:
    """Return the speech of rolling cues with every repeated word removed."""
    fragments: list[_Fragment] = []
    said: list[str] = []  # every word kept so far, in order
    naive = 0
    for cue in cues:
        lines = [line.split() for line in cue.lines if line]
        words = [word for line in lines for word in line]
        naive += len(words)
        if not words:
            continue  # a flush cue of blank lines
        tail = said[-_WINDOW_WORDS:]
        repeated, grown = _overlap(tail, words, first_line=len(lines[0]))
        if repeated == 0 and len(words) > _SURE_OVERLAP_WORDS and _contains(tail, words):
            continue  # an overlapping segment showing a screen already read
        if grown:
            # The last word was cut mid-way ("res" before "respuestas."): keep the whole word.
            said[-1] = words[repeated - 1]
            last = next(f for f in reversed(fragments) if f.words)
            last.words[-1] = words[repeated - 1]
        new = words[repeated:]
        if new:
            fragments.append(_Fragment(cue.start_ms, cue.end_ms, new))
            said.extend(new)
        elif fragments:
            fragments[-1].end_ms = max(fragments[-1].end_ms, cue.end_ms)
    pieces = [Piece(" ".join(f.words), None, f.start_ms, f.end_ms) for f in fragments]
    return RolledUp(merge_pieces(pieces), naive_words=naive, kept_words=len(said))


def _overlap(tail: list[str], words: list[str], *, first_line: int) -> tuple[int, bool]:
    """Return how many leading cue words repeat the end of the tail, and if its last grew."""
    for count in range(min(len(tail), len(words)), 0, -1):
        if tail[len(tail) - count : -1] != words[: count - 1]:
            continue
        old, new = tail[-1], words[count - 1]
        if old != new and not (new.startswith(old) and len(new) > len(old)):
            continue
        # A one-word overlap inside a fresh first line is a coincidence ("the" ... "the").
        if count >= min(first_line, _SURE_OVERLAP_WORDS) or count == len(words):
            return count, old != new
    return 0, False


def _contains(tail: list[str], words: list[str]) -> bool:
    """Return whether the words occur together somewhere in the tail."""
    size = len(words)
    return any(tail[start : start + size] == words for start in range(len(tail) - size + 1))
