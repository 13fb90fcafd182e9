"""A word, or two words, ranked and counted over doc-id arrays (numpy), Whoosh's scores exact.

Searching one common word visits every passage holding it: a Python call per posting to
score it (Whoosh's BM25F), another to record it for the total and the facets. At 1,000
episodes "said" is in 30,000 passages, and those calls were most of a search and most
of what a server worker spends. Here each segment's postings of a word are read once, a
block at a time, into arrays of document numbers and weights (kept with the segment
reader, so a word searched again costs nothing to read); the BM25F score of every match
is computed with the arrays (the same formula, in the same order of operations, so the
floats are Whoosh's to the last bit); the best are taken by sorting those arrays; the
total and the facets are counted with `bincount` over the facet columns' codes.

Only the queries whose meaning is exactly that are taken: one word, or two words that
must both be present (AND), scored by BM25F, ranked by relevance, no one-per-episode.
Everything else is Whoosh's own matching. Any surprise (another weighting, another
Whoosh, a posting format it does not know) falls back to Whoosh too.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh import scoring
from whoosh.codec import whoosh3
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from archive.engines.base import FACET_FIELDS
from archive.engines.whoosh import speedups
from archive.engines.whoosh.match_counts import MatchCounts, column_codes
from archive.query import budget as time_budget

# The text fields whose words are scored by BM25F.
BULK_FIELDS = frozenset({"exact", "stem"})
# The bytes of postings kept in a process (ids and weights, 8 bytes a posting), the least
# recently used dropped first: a word in a fifth of 1.36 M passages takes 2 MB.
MAX_BYTES_KEPT = 96 * 2**20
# byte -> the field length Whoosh decodes from it (`whoosh3.byte_to_length`).
_LENGTHS = np.array([float(whoosh3.byte_to_length(b)) for b in range(256)])

# (id of the segment reader, field, word) -> (the reader, weakly; ids; weights). The reader
# is checked on every hit: an id may be reused once its reader is gone.
_postings: OrderedDict[tuple[int, str, bytes], tuple[Any, Any, Any]] = OrderedDict()
_postings_bytes = 0
_postings_lock = threading.Lock()


@dataclass
class Bulk:
    """The best hits, ranked, and every match counted."""

    ranked: list[tuple[int, float]] = field(default_factory=list)
    counted: MatchCounts = field(default_factory=MatchCounts)


def plan(q: wq.Query) -> list[wq.Term] | None:
    """Return the words of a query this module answers (one, or two ANDed), or None."""
    if _plain_term(q):
        return [q]  # type: ignore[list-item]
    if type(q) is wq.And and q.boost == 1.0 and len(q.subqueries) == 2:
        terms = list(q.subqueries)
        if all(_plain_term(t) for t in terms) and terms[0] != terms[1]:
            return terms  # type: ignore[return-value]
    return None


def _plain_term(q: wq.Query) -> bool:
    return type(q) is wq.Term and q.boost == 1.0 and q.fieldname in BULK_FIELDS


def run(
    searcher: Searcher,
    terms: list[wq.Term],
    *,
    allowed: Mapping[int, Any] | None,
    limit: int,
    count: bool,
) -> Bulk | None:
    """Rank the best `limit` matches of the words and count them all; None to fall back.

    `allowed` holds a filter's documents per segment reader (filter_sets.leaf_ids), or
    None for no filter.
    """
    weighting = searcher.weighting
    if type(weighting) is not scoring.BM25F or weighting._field_B or not speedups.installed():
        return None
    scorers = []
    counted = MatchCounts(by_facet={name: Counter() for name in FACET_FIELDS})
    for term in terms:
        text = searcher.schema[term.fieldname].to_bytes(term.text)
        if not searcher.doc_frequency(term.fieldname, text):
            return Bulk(counted=counted)  # a word in no passage: nothing matches
        idf = searcher.idf(term.fieldname, text)
        avgfl = searcher.avg_field_length(term.fieldname) or 1
        scorers.append((term.fieldname, text, idf, avgfl))
    docnums: list[Any] = []
    scores: list[Any] = []
    for sub, offset in searcher.leaf_searchers():
        time_budget.check()
        reader = sub.reader()
        found = _segment(reader, scorers, weighting)
        if found is None:
            return None
        ids, score = found
        if allowed is not None and len(ids):
            keep = np.isin(ids, np.asarray(allowed.get(id(reader), ()), dtype=np.int32))
            ids, score = ids[keep], score[keep]
        if not len(ids):
            continue
        docnums.append(ids.astype(np.int64) + offset)
        scores.append(score)
        if count:
            _count(counted, reader, ids)
    if not docnums:
        return Bulk(counted=counted)
    all_docs = np.concatenate(docnums)
    all_scores = np.concatenate(scores)
    if len(all_docs) > limit:
        # The best `limit`, with every hit tied with the last of them; then in order.
        kth = np.partition(-all_scores, limit - 1)[limit - 1]
        near = -all_scores <= kth
        all_docs, all_scores = all_docs[near], all_scores[near]
    # By score, best first, ties by document number (Whoosh's collector does the same).
    order = np.lexsort((all_docs, -all_scores))[:limit]
    ranked = [(int(d), float(s)) for d, s in zip(all_docs[order], all_scores[order], strict=True)]
    return Bulk(ranked=ranked, counted=counted)


def _segment(
    reader: IndexReader, scorers: list[tuple[str, bytes, float, float]], weighting: Any
) -> tuple[Any, Any] | None:
    """Return the matching documents of one segment and their scores, or None."""
    matched: Any = None
    total: Any = None
    for fieldname, text, idf, avgfl in scorers:
        postings = _word_postings(reader, fieldname, text)
        if postings is None:
            return None
        ids, narrow = postings
        weights = narrow.astype(np.float64)
        lengths = _lengths(reader, fieldname)
        if lengths is None or (len(ids) and ids[-1] >= len(lengths)):
            return None
        fl = lengths[ids]
        if len(ids) and not fl.all():
            return None  # a match with no length: Whoosh would not score it either
        fl = _LENGTHS[fl]
        b, k1 = weighting.B, weighting.K1
        # scoring.bm25, the same operations in the same order.
        score = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * fl / avgfl)))
        if matched is None:
            matched, total = ids, score
        else:
            both, at_a, at_b = np.intersect1d(matched, ids, assume_unique=True, return_indices=True)
            matched, total = both, total[at_a] + score[at_b]
    return matched, total


def _word_postings(reader: IndexReader, fieldname: str, text: bytes) -> tuple[Any, Any] | None:
    """Return a word's live documents and weights in a segment, read once and kept."""
    global _postings_bytes
    key = (id(reader), fieldname, text)
    with _postings_lock:
        kept = _postings.get(key)
        if kept is not None and kept[0]() is reader:
            _postings.move_to_end(key)
            return kept[1], kept[2]
    found: tuple[Any, Any] | None
    if (fieldname, text) not in reader:
        found = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    else:
        found = _read(reader, fieldname, text)
    if found is None:
        return None
    with _postings_lock:
        old = _postings.pop(key, None)
        if old is not None:
            _postings_bytes -= old[1].nbytes + old[2].nbytes
        _postings[key] = (weakref.ref(reader), *found)
        _postings_bytes += found[0].nbytes + found[1].nbytes
        while _postings_bytes > MAX_BYTES_KEPT and len(_postings) > 1:
            _, (_, ids, weights) = _postings.popitem(last=False)
            _postings_bytes -= ids.nbytes + weights.nbytes
    return found


def _read(reader: IndexReader, fieldname: str, text: bytes) -> tuple[Any, Any] | None:
    matcher = reader.postings(fieldname, text)
    if type(matcher) is FilterMatcher:
        # A segment with deletions wraps its postings in a filter of them, one call per
        # posting; the deletions are taken out of the arrays below instead.
        matcher = matcher.child
    if type(matcher) is not whoosh3.W3LeafMatcher:
        return None
    ids: list[Any] = []
    weights: list[Any] = []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.append(np.asarray(matcher._ids, dtype=np.int32))
        # Whoosh keeps weights as 32-bit floats; they widen exactly when scored.
        weights.append(np.asarray(matcher._weights, dtype=np.float32))
        matcher._next_block()
    if not ids:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    all_ids, all_weights = np.concatenate(ids), np.concatenate(weights)
    if reader.has_deletions():
        deleted = np.fromiter(reader.deleted_docs_set, dtype=np.int32)
        live = ~np.isin(all_ids, deleted)
        all_ids, all_weights = all_ids[live], all_weights[live]
    return all_ids, all_weights


def _lengths(reader: IndexReader, fieldname: str) -> Any:
    """Return a segment's length byte per document in a field (0: none), or None.

    A view of the bytes `speedups` reads once per segment, not a copy.
    """
    raw = speedups.length_bytes(reader, fieldname)
    return None if raw is None else np.frombuffer(raw, dtype=np.uint8)


def _count(counted: MatchCounts, reader: IndexReader, ids: Any) -> None:
    counted.total += len(ids)
    for name, column in FACET_FIELDS.items():
        codes, values = column_codes(reader, column)
        if not len(values):
            continue
        by_code = np.bincount(np.frombuffer(codes, dtype=np.uint32)[ids], minlength=len(values))
        facet = counted.by_facet[name]
        for code in np.flatnonzero(by_code):
            facet[values[code]] += int(by_code[code])
