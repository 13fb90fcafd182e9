"""Candidates for the quote checker: words as the index reads them, and passage windows.

Candidates come from the real index, an OR of the quote's exact and stemmed words, so
BM25 weighs the rare words; each is also tried joined with the passage before and after
it when the same speaker said them, since a quote may run across a passage break.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from archive.engines.base import Reader, SearchRequest
from archive.query.budget import expired
from archive.query.tree import Node, Or, Term
from archive.query.words import field_tokens, stem
from archive.research.quote_align import Word
from transcripts.stage_directions import spoken_text

CANDIDATES = 50  # passages fetched from the index


@dataclass
class Window:
    """One passage, or two adjacent ones of the same speaker, read as one text."""

    docs: list[dict[str, Any]]
    text: str
    words: list[Word]
    owner: list[int]  # for each word, the index in `docs` of the passage it comes from


def quote_words(text: str, offset: int = 0) -> list[Word]:
    """Return the words of `text` folded like the index's exact field, with offsets.

    Stage directions (`[laughs]`) are no words, in a quote as in a passage: nobody said them.
    """
    return [
        Word(word, stem(word), offset + start, offset + end)
        for word, start, end in field_tokens(spoken_text(text))
    ]


def _candidates(
    reader: Reader, words: list[Word], restrict: Node | None
) -> tuple[list[dict], bool]:
    terms = {("exact", w.norm) for w in words} | {("stem", w.stem) for w in words}
    q = Or(tuple(Term(field, text) for field, text in sorted(terms)))
    # Within the deadline of the quote check (archive.research.quote): the best found in time.
    ranked = reader.search(SearchRequest(q, restrict, limit=CANDIDATES, count=False, terms=False))
    return [dict(hit.stored) for hit in ranked.hits], ranked.cut


def _neighbour(reader: Reader, doc: dict[str, Any], step: int) -> dict[str, Any] | None:
    """Return the passage `step` places away in the same episode, if the same speaker said it."""
    order = doc.get("order")
    if order is None or not doc.get("speaker_name"):
        return None
    found = reader.passage_at(doc["episode_id"], order + step)
    if found is None:
        return None
    # Same speaker next to each other: the same turn, split at a paragraph or cue.
    return dict(found) if found.get("speaker_name") == doc.get("speaker_name") else None


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
    reader: Reader, words: list[Word], restrict: Node | None
) -> tuple[list[Window], bool]:
    """Return the passages the index finds for these words, alone and with neighbours.

    And whether the search's deadline cut the list short.
    """
    seen: set[tuple[str, ...]] = set()
    windows = []
    docs, cut = _candidates(reader, words, restrict)
    for doc in docs:
        if windows and expired():
            # The best candidates come first: those found in time, without neighbours.
            return windows, True
        before, after = _neighbour(reader, doc, -1), _neighbour(reader, doc, 1)
        for group in ([doc], [before, doc] if before else None, [doc, after] if after else None):
            key = tuple(d["passage_id"] for d in group or ())
            if group and key not in seen:
                seen.add(key)
                windows.append(_window(group))
    return windows, cut


def word_weights(reader: Reader, words: list[Word]) -> dict[str, float]:
    """Return an inverse document frequency per quote word: rare words count more."""
    total = max(1, reader.doc_count())
    return {
        w.norm: math.log(1 + total / (1 + reader.doc_frequency("exact", w.norm))) for w in words
    }


def overlap(words: list[Word], window: list[Word], weights: dict[str, float]) -> float:
    """Return the weighted share of the quote's words found among `window`."""
    have = {w.norm for w in window}
    total = sum(weights[w.norm] for w in words)
    return sum(weights[w.norm] for w in words if w.norm in have) / total if total else 0.0
