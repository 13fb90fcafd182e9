"""The quote checker: paste a quote as printed or remembered, get the verbatim passages.

Candidate passages come from the index (`quote_candidates`); they are ranked by word
alignment in chunks (`quote_align`: tolerating changed, reordered and run-together
words) and by how much of the quote's rarer vocabulary the matched span holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from archive.errors import QueryError
from archive.query.budget import SEARCH_TIME_BUDGET_S, TIME_BUDGET_NOTE, deadline, expired
from archive.query.cost import EXPENSIVE_PHRASE_WORDS
from archive.query.filters import build_filter
from archive.research.quote_align import (
    ELLIPSIS,
    DiffOp,
    Word,
    align_fragments,
    alignment_score,
    extend_end,
    extend_start,
    matched_span,
    word_diff,
)
from archive.research.quote_candidates import (
    Window,
    candidate_windows,
    overlap,
    quote_words,
    word_weights,
)
from archive.search.results import passage_source, permalink
from archive.search.run import with_reader

if TYPE_CHECKING:
    from archive.engines.base import Reader
    from archive.search.service import SearchService
    from archive.store.folder import Archive

MAX_QUOTE_CHARS = 2000
MAX_LIMIT = 50
ALIGNED = 30  # windows worth the full alignment, after a cheap vocabulary check
MIN_ALIGNED = 5  # ...however long the quote
MAX_CELLS = 1_000_000  # alignment cells (quote words x passage words): about a second
MIN_SCORE = 0.2  # below this a "match" shares only a word or two with the quote
CLOSE_SCORE = 0.6  # below this even the best match is only loosely like the quote
ALIGN_WEIGHT = 0.75  # the rest of the score is the rare-vocabulary overlap


@dataclass(frozen=True)
class QuoteMatch:
    """One passage (or two adjacent ones) that the quote most likely comes from."""

    passage_id: str
    episode_id: str
    episode_title: str
    show: str | None
    date: str | None
    speaker: str | None
    start_ms: int | None
    end_ms: int | None
    score: float
    text: str
    diff: tuple[DiffOp, ...]
    matched_text: str
    passage_ids: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        """Return the permalink path of the (first) passage."""
        return permalink(self.passage_id)

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's match JSON, then the extras."""
        return {
            "passage_id": self.passage_id,
            "episode_id": self.episode_id,
            "speaker": self.speaker,
            "start_ms": self.start_ms,
            "score": round(self.score, 4),
            "text": self.text,
            "diff": [op.to_dict() for op in self.diff],
            "episode_title": self.episode_title,
            "show": self.show,
            "date": self.date,
            "end_ms": self.end_ms,
            "matched_text": self.matched_text,
            "passage_ids": list(self.passage_ids or (self.passage_id,)),
            "url": self.url,
        }


@dataclass(frozen=True)
class QuoteResults:
    """The pasted quote, its closest passages (best first) and notes on how it was read."""

    query: str
    matches: tuple[QuoteMatch, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's quote JSON, with notes."""
        return {
            "query": self.query,
            "matches": [m.to_dict() for m in self.matches],
            "notes": list(self.notes),
        }


# --- reading the quote -------------------------------------------------------------------


def _fragments(text: str, words: list[Word]) -> list[list[Word]]:
    """Split the quote's words where an ellipsis marks words left out."""
    cuts = [m.start() for m in ELLIPSIS.finditer(text)]
    fragments: list[list[Word]] = []
    for word in words:
        index = sum(1 for cut in cuts if cut < word.start)
        while len(fragments) <= index:
            fragments.append([])
        fragments[index].append(word)
    return [f for f in fragments if f]


def _check_text(text: str) -> None:
    if not text or not text.strip():
        raise QueryError("paste a quote to check: the text is empty")
    if len(text) > MAX_QUOTE_CHARS:
        raise QueryError(
            f"the quote is {len(text):,} characters long; paste at most "
            f"{MAX_QUOTE_CHARS:,} characters (a paragraph or two) to check"
        )


# --- ranking -----------------------------------------------------------------------------


def _match(
    window: Window,
    quote: str,
    words: list[Word],
    fragments: list[list[Word]],
    weights: dict[str, float],
) -> QuoteMatch | None:
    chunks = align_fragments(fragments, window.words)
    if not chunks:
        return None
    lo, hi = matched_span(chunks, len(words), len(window.words))
    # Vocabulary is counted near the span only: a long passage must not score for
    # words it says three sentences away.
    near = window.words[max(0, lo - 3) : hi + 3]
    score = ALIGN_WEIGHT * alignment_score(chunks, len(fragments), len(words)) + (
        1 - ALIGN_WEIGHT
    ) * overlap(words, near, weights)
    docs = window.docs[window.owner[lo] : window.owner[hi - 1] + 1]
    first, last = docs[0], docs[-1]
    start = extend_start(window.text, window.words[lo].start)
    end = extend_end(window.text, window.words[hi - 1].end)
    # The match runs from the first passage's start to the last one's end.
    source = {**passage_source(first), "end_ms": last.get("end_ms")}
    return QuoteMatch(
        **source,
        score=score,
        text=" ".join(d.get("text", "") for d in docs),
        diff=tuple(word_diff(quote, words, window.text, window.words, lo, hi)),
        matched_text=window.text[start:end],
        passage_ids=tuple(d["passage_id"] for d in docs),
    )


def check_quote(
    source: Reader | SearchService | Archive,
    text: str,
    *,
    limit: int = 5,
    speaker: str | None = None,
    show: str | None = None,
    time_budget_s: float | None = SEARCH_TIME_BUDGET_S,
) -> QuoteResults:
    """Find the passages a pasted quote most likely comes from, closest first, with diffs.

    After `time_budget_s` it ranks what it found so far, with TIME_BUDGET_NOTE.
    """
    _check_text(text)
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit!r}")
    words = quote_words(text)
    if not words:
        raise QueryError("the quote has no words to look for, only punctuation")
    fragments = _fragments(text, words)
    notes = []
    if len(fragments) > 1:
        notes.append(f"Read the quote as {len(fragments)} fragments separated by ellipses.")
    restrict = build_filter(speaker=speaker, show=show)

    cut = False

    def align(reader: Reader) -> list[QuoteMatch | None]:
        nonlocal cut
        # A SearchService lends its shared, refreshed reader: opening one costs up to a
        # second on a large archive (STYLE.md), and the service keeps it single-threaded.
        with deadline(time_budget_s):
            weights = word_weights(reader, words)
            windows, cut = candidate_windows(reader, words, restrict)
            # The full alignment is quadratic: only the windows richest in the quote's
            # vocabulary get it, and a long quote against long passages gets fewer of them.
            windows.sort(key=lambda w: -overlap(words, w.words, weights))
            found, cells = [], 0
            for rank, window in enumerate(windows[:ALIGNED]):
                if rank >= MIN_ALIGNED and cells > MAX_CELLS:
                    break
                if rank and expired():
                    # The likeliest window is always aligned; the rest only in time.
                    cut = True
                    break
                cells += len(words) * len(window.words)
                found.append(_match(window, text, words, fragments, weights))
            return found

    ranked = sorted(
        (
            m
            # A long quote costs what a long phrase does: it runs apart (archive.search.service).
            for m in with_reader(source, align, expensive=len(words) > EXPENSIVE_PHRASE_WORDS)
            if m is not None and m.score >= MIN_SCORE
        ),
        key=lambda m: (-m.score, len(m.passage_ids), m.passage_id),
    )
    matches: list[QuoteMatch] = []
    taken: set[str] = set()
    for match in ranked:
        # A pair window that matched inside one passage repeats that passage: keep the best.
        if taken.isdisjoint(match.passage_ids):
            matches.append(match)
            taken.update(match.passage_ids)
        if len(matches) == limit:
            break
    if cut:
        notes.append(TIME_BUDGET_NOTE)
    if not matches:
        notes.append("No passage shares enough words with the quote to be its source.")
    elif matches[0].score < CLOSE_SCORE:
        notes.append("Nothing was said quite like this; these are the nearest passages.")
    return QuoteResults(query=text, matches=tuple(matches), notes=tuple(notes))
