"""Phrases matched rarest word first, each distinct word read once, within the time budget.

Whoosh matches a phrase by intersecting its words' postings as a balanced tree in the
order the words are written, then checking their positions. A quote usually opens with
common words ("and then the ..."), so the intersection spends its time stepping
through the postings of "the" and "and", in Python, a block at a time. And a word the
phrase repeats is a posting list of its own each time: `"the the … the"` of 200 words
was 200 readers of one list, nested 200 deep, and took 27 s (issue 14).

Here each distinct word has one posting reader, and the passages holding them all are
found by a flat leapfrog led by the rarest word: every other word only skips to the
passages that word is in. Positions are then checked in the quote's order. For an
exact phrase (slop 1) each word's positions are read once into "how many consecutive
positions start here", so n copies of one word are one linear scan over its positions;
a phrase with words allowed apart uses Whoosh's walk over spans. The matches and their
scores are Whoosh's (a repeated word scores once per copy, as in Whoosh). Every
candidate passage checks the search's deadline (`archive.query.budget`).

A quote of common words ("and I think that") has no rare word to lead: each of its
words is in most passages. The index also keeps which passages hold each pair of
adjacent common words (the `pairs` field, `archive.query.common_words`, Lucene's
CommonGrams idea), and an exact phrase's pairs that are rarer than its rarest word
lead the walk instead, so positions are read only where every pair is. Pairs narrow
the candidates and are never scored: matches and scores stay the words' own.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

from whoosh import matching
from whoosh import query as wq
from whoosh.query.spans import Span, bisect_spans

from archive.query import budget as time_budget
from archive.query.common_words import phrase_pairs

# The field whose exact phrases the pair terms of `PAIRS` narrow.
PAIRED_FIELD = "exact"
PAIRS = "pairs"


def _runs(offsets: list[int]) -> list[tuple[int, int]]:
    """Group sorted offsets into (first, length) runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for offset in offsets:
        if runs and runs[-1][0] + runs[-1][1] == offset:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((offset, 1))
    return runs


def _run_lengths(positions: list[int]) -> dict[int, int]:
    """Return, for each position, how many consecutive positions start there."""
    lengths: dict[int, int] = {}
    for position in reversed(positions):
        lengths[position] = lengths.get(position + 1, 0) + 1
    return lengths


def _sloppy_spans(lists: list[list[Span]], slop: int) -> list[Span]:
    """Whoosh's SpanNear2 walk (ordered, words at least one apart), over span lists."""
    aspans = lists[0]
    for bspans in lists[1:]:
        if not aspans:
            return []
        found = set()
        for aspan in aspans:
            j = bisect_spans(bspans, aspan.start)
            while j < len(bspans):
                bspan = bspans[j]
                j += 1
                if bspan.end < aspan.start - slop or aspan.start > bspan.start:
                    continue
                if bspan.start > aspan.end + slop:
                    break
                if 1 <= aspan.distance_to(bspan) <= slop:
                    found.add(aspan.to(bspan))
        aspans = sorted(found)
    return aspans


class PhraseMatcher(matching.Matcher):
    """Match a phrase with one posting reader per distinct word, rarest first.

    `slots[i]` is the reader (index into `ms`) of the phrase's i-th word; `ms` is in
    rarest-first order. `positions_read` counts the positions decoded, for tests.
    """

    def __init__(
        self, ms: list[Any], slots: list[int], slop: int, guards: list[Any] | None = None
    ) -> None:
        self.ms = ms
        # Readers of the phrase's word pairs (`pairs`), rarer than any of its words: they
        # lead the walk, and positions are read only where every pair is.
        self.guards = guards or []
        self.walk = [*self.guards, *ms]
        self.slots = slots
        self.slop = slop
        self.copies = [slots.count(i) for i in range(len(ms))]
        offsets: list[list[int]] = [[] for _ in ms]
        for offset, slot in enumerate(slots):
            offsets[slot].append(offset)
        self.runs = [_runs(o) for o in offsets]
        self.positions_read = 0
        self._spans: list[Span] = []
        self._active = all(m.is_active() for m in self.walk)
        if self._active:
            self._find()

    # --- moving --------------------------------------------------------------------

    def _align(self) -> bool:
        """Move every reader to the lead's passage or past it, until all agree."""
        ms = self.walk
        lead = ms[0]
        while True:
            if not lead.is_active():
                return False
            target = lead.id()
            for m in ms[1:]:
                m.skip_to(target)
                if not m.is_active():
                    return False
                if m.id() > target:
                    lead.skip_to(m.id())
                    break
            else:
                return True

    def _find(self) -> None:
        """Move to the next passage that holds the phrase, from where the readers are."""
        while True:
            if not self._align():
                self._active = False
                return
            # One check per candidate passage: the loop that a phrase of common words
            # runs longest, and the one a collector never sees when nothing matches.
            time_budget.check()
            spans = self._get_spans()
            if spans:
                self._spans = spans
                return
            self.walk[0].next()

    def _get_spans(self) -> list[Span]:
        positions = [m.value_as("positions") for m in self.ms]
        self.positions_read += sum(len(p) for p in positions)
        if self.slop != 1:
            lists = [[Span(p) for p in ps] for ps in positions]
            return _sloppy_spans([lists[slot] for slot in self.slots], self.slop)
        lengths = [_run_lengths(ps) for ps in positions]
        # Candidates from the word with the fewest positions, at its first run.
        lead = min(range(len(self.ms)), key=lambda i: len(positions[i]))
        first, size = self.runs[lead][0]
        lead_lengths = lengths[lead]
        starts = [p - first for p in positions[lead] if lead_lengths[p] >= size]
        checks = [(lengths[i], k, r) for i, runs in enumerate(self.runs) for k, r in runs]
        last = len(self.slots) - 1
        return [
            Span(p, p + last)
            for p in starts
            if p >= 0 and all(have.get(p + k, 0) >= r for have, k, r in checks)
        ]

    # --- the Matcher interface -----------------------------------------------------

    def is_active(self) -> bool:
        """Return True while there is a current match."""
        return self._active

    def id(self) -> int:
        """Return the current passage."""
        return self.walk[0].id()

    def next(self) -> None:
        """Move to the next passage holding the phrase."""
        self.walk[0].next()
        self._find()

    def skip_to(self, id: int) -> None:
        """Move to the first passage holding the phrase at `id` or after it."""
        if not self._active or id <= self.id():
            return
        self.walk[0].skip_to(id)
        self._find()

    def spans(self) -> list[Span]:
        """Return where the phrase is in the current passage."""
        return self._spans

    def score(self) -> float:
        """Return the sum of the words' scores, a repeated word once per copy (as Whoosh)."""
        return sum(n * m.score() for n, m in zip(self.copies, self.ms, strict=True))

    def supports_block_quality(self) -> bool:
        """Return False: a phrase's matches are checked one by one, never skipped."""
        return False

    def replace(self, minquality: float = 0) -> Any:
        """Return a null matcher once done, else this one."""
        return self if self._active else matching.NullMatcher()

    def copy(self) -> PhraseMatcher:
        """Return an independent copy at the same place (Whoosh copies matchers)."""
        return PhraseMatcher(
            [m.copy() for m in self.ms],
            self.slots,
            self.slop,
            [m.copy() for m in self.guards],
        )

    def depth(self) -> int:
        """Return the depth of the matcher tree below this one."""
        return 1 + max(m.depth() for m in self.walk)


class IdsMatcher(matching.Matcher):
    """Walk a sorted array of document numbers: a filter's documents in one segment."""

    def __init__(self, ids: array[int], at: int = 0) -> None:
        self.ids = ids
        self.at = at

    def is_active(self) -> bool:
        return self.at < len(self.ids)

    def id(self) -> int:
        return self.ids[self.at]

    def next(self) -> None:
        self.at += 1

    def skip_to(self, id: int) -> None:
        if self.at < len(self.ids) and self.ids[self.at] < id:
            self.at = bisect_left(self.ids, id, self.at)

    def score(self) -> float:
        return 0.0

    def supports_block_quality(self) -> bool:
        return False

    def copy(self) -> IdsMatcher:
        return IdsMatcher(self.ids, self.at)

    def depth(self) -> int:
        return 0


class Phrase(wq.Phrase):
    """A phrase query whose matcher reads each distinct word once, rarest first.

    `within`, when set, holds the documents the search's filter allows in each segment
    (`filter_sets.leaf_ids`): they join the walk, so positions are read only there.
    """

    within: Mapping[int, array[int]] | None = None

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """Return the matcher of the phrase in this searcher's segment(s)."""
        reader = searcher.reader()
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if (
            field is None
            or not field.format.supports("positions")
            or not reader.is_atomic()
            or len(self.words) < 2
        ):
            # Whoosh's own matcher, or its own error for a field without positions.
            return super().matcher(searcher, context)
        texts: list[bytes] = []
        for word in self.words:
            try:
                text = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (self.fieldname, text) not in reader:
                return matching.NullMatcher()
            texts.append(text)
        distinct = sorted(set(texts), key=lambda t: (reader.doc_frequency(self.fieldname, t), t))
        slot = {text: i for i, text in enumerate(distinct)}
        ms = [wq.Term(self.fieldname, text).matcher(searcher, context) for text in distinct]
        rarest = reader.doc_frequency(self.fieldname, distinct[0])
        guards = self._guards(searcher, context, rarest)
        if guards is None:
            return matching.NullMatcher()  # a pair of its words is in no passage here
        allowed = self.within.get(id(reader)) if self.within is not None else None
        if allowed is not None:
            if not allowed:
                return matching.NullMatcher()  # the filter allows nothing here
            if len(allowed) < rarest:
                # The filter joins the walk when it allows fewer passages than any word is in.
                guards.append((len(allowed), IdsMatcher(allowed)))
        guards.sort(key=lambda guard: guard[0])
        walk = [guard for _, guard in guards]
        m: Any = PhraseMatcher(ms, [slot[t] for t in texts], self.slop, walk)
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m

    def _guards(self, searcher: Any, context: Any, rarest: int) -> list[tuple[int, Any]] | None:
        """Return (passages, reader) of the phrase's common-word pairs rarer than its
        rarest word, or None when a pair is in no passage of this segment."""
        if self.fieldname != PAIRED_FIELD or self.slop != 1 or PAIRS not in searcher.schema:
            return []
        reader = searcher.reader()
        found: list[tuple[int, str]] = []
        for text in dict.fromkeys(phrase_pairs(self.words)):
            frequency = reader.doc_frequency(PAIRS, text)
            if frequency == 0:
                return None
            if frequency < rarest:
                found.append((frequency, text))
        return [(n, wq.Term(PAIRS, text).matcher(searcher, context)) for n, text in found]


def rarest_first(q: wq.Query) -> wq.Query:
    """Return `q` with each of its phrases matched rarest word first."""
    if type(q) is wq.Phrase:
        return Phrase(q.fieldname, q.words, slop=q.slop, boost=q.boost, char_ranges=q.char_ranges)
    if q.is_leaf():
        return q
    return q.apply(rarest_first)


def within(q: wq.Query, allowed: Mapping[int, array[int]]) -> wq.Query:
    """Return `q` with its phrases walking only the documents a filter allows.

    Whatever the query, every hit must pass the filter, so narrowing a phrase inside it
    (even under a NOT) changes nothing in the documents the filter allows.
    """
    if isinstance(q, Phrase):
        narrowed = q.copy()
        narrowed.within = allowed
        return narrowed
    if q.is_leaf():
        return q
    return q.apply(lambda child: within(child, allowed))
