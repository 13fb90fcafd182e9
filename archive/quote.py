"""The quote checker: paste a quote as printed or remembered, get the verbatim passages.

Candidates come from the real index (an OR of the quote's exact and stemmed words, so
BM25 weighs the rare words); each candidate is also tried joined with the next passage
of the same speaker, since a quote may run across a passage break. Candidates are then
ranked by word alignment in chunks (tolerating changed, reordered and run-together
words) and by how much of the quote's rarer vocabulary the matched span holds.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from archive.analysis import analyse
from archive.errors import QueryError
from archive.index import SCHEMA
from archive.query import build_filter
from archive.quote_align import (
    ELLIPSIS,
    DiffOp,
    Word,
    align_fragments,
    alignment_score,
    extend_end,
    extend_start,
    matched_span,
    tokenize,
    word_diff,
)
from archive.search import SearchService, open_reader_index
from archive.store import Archive

MAX_QUOTE_CHARS = 2000
MAX_LIMIT = 50
CANDIDATES = 50  # passages fetched from the index
ALIGNED = 30  # windows worth the full alignment, after a cheap vocabulary check
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
        return f"/p/{self.passage_id}"

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


@dataclass
class _Window:
    """One passage, or two adjacent ones of the same speaker, read as one text."""

    docs: list[dict[str, Any]]
    text: str
    words: list[Word]
    owner: list[int]  # for each word, the index in `docs` of the passage it comes from


# --- reading the quote -------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    stems = analyse(SCHEMA["stem"].analyzer, word)
    return stems[0] if stems else word


def _words(text: str, offset: int = 0) -> list[Word]:
    return tokenize(text, SCHEMA["exact"].analyzer, _stem, offset)


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


# --- the index ---------------------------------------------------------------------------


@contextmanager
def _searcher(source: Searcher | SearchService | Archive) -> Iterator[Searcher]:
    """Yield a searcher: the caller's, the service's shared one, or a fresh one."""
    if isinstance(source, Searcher):
        yield source
        return
    if isinstance(source, SearchService):
        lock, current = getattr(source, "_lock", None), getattr(source, "_current", None)
        if lock is not None and current is not None:
            # Reuse the service's refreshed searcher: opening one costs up to a second on
            # a large archive (STYLE.md); its lock keeps Whoosh single-threaded.
            with lock:
                yield current()
            return
        source = source.archive
    ix = open_reader_index(source)
    try:
        with ix.searcher() as searcher:
            yield searcher
    finally:
        ix.close()


def _candidates(searcher: Searcher, words: list[Word], restrict: wq.Query | None) -> list[dict]:
    terms = {("exact", w.norm) for w in words} | {("stem", w.stem) for w in words}
    q = wq.Or([wq.Term(field, text) for field, text in sorted(terms)])
    return [hit.fields() for hit in searcher.search(q, limit=CANDIDATES, filter=restrict)]


def _neighbour(searcher: Searcher, doc: dict[str, Any], step: int) -> dict[str, Any] | None:
    """Return the passage `step` places away in the same episode, if the same speaker said it."""
    order = doc.get("order")
    if order is None or not doc.get("speaker_name"):
        return None
    q = wq.And(
        [
            wq.Term("episode_id", doc["episode_id"]),
            wq.NumericRange("order", order + step, order + step),
        ]
    )
    for hit in searcher.search(q, limit=1, scored=False):
        fields = hit.fields()
        # Same speaker next to each other: the same turn, split at a paragraph or cue.
        return fields if fields.get("speaker_name") == doc.get("speaker_name") else None
    return None


def _window(docs: list[dict[str, Any]]) -> _Window:
    text, words, owner = "", [], []
    for index, doc in enumerate(docs):
        if text:
            text += " "
        found = _words(doc.get("text", ""), len(text))
        text += doc.get("text", "")
        words += found
        owner += [index] * len(found)
    return _Window(docs, text, words, owner)


def _windows(searcher: Searcher, docs: list[dict[str, Any]]) -> list[_Window]:
    seen: set[tuple[str, ...]] = set()
    windows = []
    for doc in docs:
        before, after = _neighbour(searcher, doc, -1), _neighbour(searcher, doc, 1)
        for group in ([doc], [before, doc] if before else None, [doc, after] if after else None):
            key = tuple(d["passage_id"] for d in group or ())
            if group and key not in seen:
                seen.add(key)
                windows.append(_window(group))
    return windows


def _weights(searcher: Searcher, words: list[Word]) -> dict[str, float]:
    """Return an inverse document frequency per quote word: rare words count more."""
    total = max(1, searcher.doc_count())
    return {
        w.norm: math.log(1 + total / (1 + searcher.doc_frequency("exact", w.norm))) for w in words
    }


def _overlap(words: list[Word], window: list[Word], weights: dict[str, float]) -> float:
    """Return the weighted share of the quote's words found among `window`."""
    have = {w.norm for w in window}
    total = sum(weights[w.norm] for w in words)
    return sum(weights[w.norm] for w in words if w.norm in have) / total if total else 0.0


# --- ranking -----------------------------------------------------------------------------


def _match(
    window: _Window,
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
    ) * _overlap(words, near, weights)
    docs = window.docs[window.owner[lo] : window.owner[hi - 1] + 1]
    first, last = docs[0], docs[-1]
    start = extend_start(window.text, window.words[lo].start)
    end = extend_end(window.text, window.words[hi - 1].end)
    return QuoteMatch(
        passage_id=first["passage_id"],
        episode_id=first["episode_id"],
        episode_title=first.get("episode_title") or first["episode_id"],
        show=first.get("show_name"),
        date=first.get("date_str"),
        speaker=first.get("speaker_name"),
        start_ms=first.get("start_ms"),
        end_ms=last.get("end_ms"),
        score=score,
        text=" ".join(d.get("text", "") for d in docs),
        diff=tuple(word_diff(quote, words, window.text, window.words, lo, hi)),
        matched_text=window.text[start:end],
        passage_ids=tuple(d["passage_id"] for d in docs),
    )


def check_quote(
    source: Searcher | SearchService | Archive,
    text: str,
    *,
    limit: int = 5,
    speaker: str | None = None,
    show: str | None = None,
) -> QuoteResults:
    """Find the passages a pasted quote most likely comes from, closest first, with diffs."""
    _check_text(text)
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit!r}")
    words = _words(text)
    if not words:
        raise QueryError("the quote has no words to look for, only punctuation")
    fragments = _fragments(text, words)
    notes = []
    if len(fragments) > 1:
        notes.append(f"Read the quote as {len(fragments)} fragments separated by ellipses.")
    restrict = build_filter(speaker=speaker, show=show)
    with _searcher(source) as searcher:
        weights = _weights(searcher, words)
        windows = _windows(searcher, _candidates(searcher, words, restrict))
        # The full alignment is quadratic: only the windows richest in the quote's
        # vocabulary get it.
        windows.sort(key=lambda w: -_overlap(words, w.words, weights))
        found = [_match(w, text, words, fragments, weights) for w in windows[:ALIGNED]]
    ranked = sorted(
        (m for m in found if m is not None and m.score >= MIN_SCORE),
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
    if not matches:
        notes.append("No passage shares enough words with the quote to be its source.")
    elif matches[0].score < CLOSE_SCORE:
        notes.append("Nothing was said quite like this; these are the nearest passages.")
    return QuoteResults(query=text, matches=tuple(matches), notes=tuple(notes))
