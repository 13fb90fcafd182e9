"""Counting every match of a search, by facet, without scoring or sorting any of them.

A search shows one page of hits but counts all of them: the total, the speaker, show and
year facets, and the matches per episode. Whoosh's grouping reads each facet's column
once per matching document, through several Python calls; at 1,000 episodes a common
word matched 30,000 passages and counting took most of the search (benchmarks/). Here
each segment's facet columns are read once, kept as arrays of small integer codes, and a
search's matches are counted by code with `collections.Counter`, in C.

The top hits are collected separately, by a collector that needs only the best
`page * page_size` and can skip blocks of postings that cannot reach them.
"""

from __future__ import annotations

import weakref
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from whoosh import collectors
from whoosh import query as wq
from whoosh.query.spans import SpanQuery
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from archive.engines.base import FACET_FIELDS
from archive.engines.whoosh import speedups as speedups
from archive.engines.whoosh.collecting import TIMED_OUT
from archive.query import budget as time_budget

# Matches are counted in chunks of this many, checking the deadline between chunks.
_CHUNK = 50_000
# reader -> field -> (a code per document, the value of each code): read once per segment.
_columns: weakref.WeakKeyDictionary[IndexReader, dict[str, tuple[array[int], list[Any]]]] = (
    weakref.WeakKeyDictionary()
)


@dataclass
class MatchCounts:
    """Every match counted: in all, per facet value (facet name -> value -> count)."""

    total: int = 0
    by_facet: dict[str, Counter[Any]] = field(default_factory=dict)
    cut: bool = False  # the deadline passed before every match was counted


def column_codes(reader: IndexReader, fieldname: str) -> tuple[array[int], list[Any]]:
    """Return a segment's column as one integer code per document, and each code's value."""
    per_field = _columns.setdefault(reader, {})
    if fieldname not in per_field:
        if not reader.has_column(fieldname):
            per_field[fieldname] = (array("I", bytes(4 * reader.doc_count_all())), [None])
        elif read := speedups.column_codes(reader.column_reader(fieldname, translate=False)):
            codes, raw = read
            translate = reader.schema[fieldname].from_column_value
            per_field[fieldname] = (codes, [translate(value) for value in raw])
        else:
            values: dict[Any, int] = {}
            column = reader.column_reader(fieldname)
            codes = array("I", [values.setdefault(v, len(values)) for v in column])
            per_field[fieldname] = (codes, list(values))
    return per_field[fieldname]


class RecordingCollector(collectors.WrappingCollector):
    """Pass matches to a collector, noting each segment's; `complete` if none was skipped.

    A collector of the top hits skips blocks of postings that cannot reach them where
    the matcher allows (single words, OR); a phrase cannot skip, so every match passes
    here and is counted from this record instead of being matched a second time.
    """

    def __init__(self, child: collectors.Collector) -> None:
        super().__init__(child)
        self.segments: list[tuple[IndexReader, array[int]]] = []
        self.complete = True

    def set_subsearcher(self, subsearcher: Searcher, offset: int) -> None:
        """Start a new segment's record."""
        super().set_subsearcher(subsearcher, offset)
        skips = getattr(self.child, "_use_block_quality", None)
        if skips is not None and skips():
            self.complete = False
        self.segments.append((subsearcher.reader(), array("I")))

    def collect(self, sub_docnum: int) -> Any:
        """Note the match, then collect it."""
        self.segments[-1][1].append(sub_docnum)
        return self.child.collect(sub_docnum)


def positional(q: wq.Query) -> bool:
    """Return True if matching `q` checks word positions (a phrase, NEAR) anywhere in it.

    Such a query costs its matching, not its scoring: its collector should score every
    match (no skipping blocks), so that the matches are counted from the record, never
    matched a second time. Single words and AND/OR of them skip and count in a second
    pass, which reads postings only.
    """
    if isinstance(q, wq.Phrase | SpanQuery):
        return True
    return any(positional(child) for child in q.children())


def count_recorded(recorder: RecordingCollector) -> MatchCounts:
    """Count the matches a complete RecordingCollector saw, per facet."""
    counted = MatchCounts(by_facet={name: Counter() for name in FACET_FIELDS})
    for reader, ids in recorder.segments:
        _count_segment(counted, reader, [ids])
    return counted


def _count_segment(counted: MatchCounts, reader: IndexReader, chunks: Any) -> None:
    columns = {name: column_codes(reader, col) for name, col in FACET_FIELDS.items()}
    counts = {name: Counter[int]() for name in FACET_FIELDS}
    try:
        for chunk in chunks:
            counted.total += len(chunk)
            for name, (codes, _) in columns.items():
                counts[name].update(map(codes.__getitem__, chunk))
    finally:
        # Out of time mid-segment: the chunks counted so far are in the facets as well.
        for name, (_, values) in columns.items():
            for code, count in counts[name].items():
                counted.by_facet[name][values[code]] += count


def _segment_matches(searcher: Searcher, q: wq.Query) -> Iterator[tuple[IndexReader, Any]]:
    for subsearcher, _ in searcher.leaf_searchers():
        matcher = q.matcher(subsearcher, subsearcher.boolean_context())
        if matcher.is_active():
            yield subsearcher.reader(), matcher.all_ids()


def count_matches(searcher: Searcher, q: wq.Query, restrict: wq.Query | None) -> MatchCounts:
    """Count the matches of `q` within `restrict` per facet, until the search's deadline.

    Past the deadline (`archive.query.budget`) the count stops, keeps what it has,
    and is `cut`.
    """
    counted = MatchCounts(by_facet={name: Counter() for name in FACET_FIELDS})
    whole = wq.And([q, restrict]) if restrict is not None else q
    try:
        for reader, ids in _segment_matches(searcher, whole.normalize()):
            _count_segment(counted, reader, _chunks(ids, counted))
            if counted.cut:
                break
    except TIMED_OUT:
        # A phrase's matcher checks the deadline between matches, inside a chunk: the
        # chunk it was reading is lost, every chunk before it is counted.
        counted.cut = True
    return counted


def _chunks(ids: Iterator[int], counted: MatchCounts) -> Iterator[Any]:
    while chunk := array("I", islice(ids, _CHUNK)):
        yield chunk
        if time_budget.expired():
            counted.cut = True
            return
