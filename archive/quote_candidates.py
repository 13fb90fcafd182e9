"""Candidates for the quote checker: words as the index reads them, and passage windows.

Candidates come from the real index, an OR of the quote's exact and stemmed words, so
BM25 weighs the rare words; each is also tried joined with the passage before and after
it when the same speaker said them, since a quote may run across a passage break.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from archive.analysis import analyse
from archive.index import SCHEMA
from archive.quote_align import Word, tokenize
from archive.time_budget import collect_within, expired

CANDIDATES = 50  # passages fetched from the index


@dataclass
class Window:
    """One passage, or two adjacent ones of the same speaker, read as one text."""

    docs: list[dict[str, Any]]
    text: str
    words: list[Word]
    owner: list[int]  # for each word, the index in `docs` of the passage it comes from


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    stems = analyse(SCHEMA["stem"].analyzer, word)
    return stems[0] if stems else word


def quote_words(text: str, offset: int = 0) -> list[Word]:
    """Return the words of `text` folded like the index's exact field, with offsets."""
    return tokenize(text, SCHEMA["exact"].analyzer, _stem, offset)


def _candidates(
    searcher: Searcher, words: list[Word], restrict: wq.Query | None
) -> tuple[list[dict], bool]:
    terms = {("exact", w.norm) for w in words} | {("stem", w.stem) for w in words}
    q = wq.Or([wq.Term(field, text) for field, text in sorted(terms)])
    # Within the deadline of the quote check (archive.quote): the best found in time.
    results, cut = collect_within(searcher, q, restrict, None, limit=CANDIDATES)
    return [hit.fields() for hit in results], cut


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


def _window(docs: list[dict[str, Any]]) -> Window:
    text, words, owner = "", [], []
    for index, doc in enumerate(docs):
        if text:
            text += " "
        found = quote_words(doc.get("text", ""), len(text))
        text += doc.get("text", "")
        words += found
        owner += [index] * len(found)
    return Window(docs, text, words, owner)


def candidate_windows(
    searcher: Searcher, words: list[Word], restrict: wq.Query | None
) -> tuple[list[Window], bool]:
    """Return the passages the index finds for these words, alone and with neighbours.

    And whether the search's deadline cut the list short.
    """
    seen: set[tuple[str, ...]] = set()
    windows = []
    docs, cut = _candidates(searcher, words, restrict)
    for doc in docs:
        if windows and expired():
            # The best candidates come first: those found in time, without neighbours.
            return windows, True
        before, after = _neighbour(searcher, doc, -1), _neighbour(searcher, doc, 1)
        for group in ([doc], [before, doc] if before else None, [doc, after] if after else None):
            key = tuple(d["passage_id"] for d in group or ())
            if group and key not in seen:
                seen.add(key)
                windows.append(_window(group))
    return windows, cut


def word_weights(searcher: Searcher, words: list[Word]) -> dict[str, float]:
    """Return an inverse document frequency per quote word: rare words count more."""
    total = max(1, searcher.doc_count())
    return {
        w.norm: math.log(1 + total / (1 + searcher.doc_frequency("exact", w.norm))) for w in words
    }


def overlap(words: list[Word], window: list[Word], weights: dict[str, float]) -> float:
    """Return the weighted share of the quote's words found among `window`."""
    have = {w.norm for w in window}
    total = sum(weights[w.norm] for w in words)
    return sum(weights[w.norm] for w in words if w.norm in have) / total if total else 0.0
