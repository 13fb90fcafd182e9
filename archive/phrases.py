"""Phrases matched rarest word first.

Whoosh matches a phrase by intersecting its words' postings as a balanced tree in the
order the words are written, then checking their positions. A quote usually opens with
common words ("and then the ..."), so the intersection spends its time stepping
through the postings of "the" and "and", in Python, a block at a time. Here the
intersection is a chain led by the rarest word: every other word only skips to the
passages that word is in. Positions are still checked in the quote's order (with sets
of positions rather than Whoosh's walk over span objects), so the matches and their
scores are the same.
"""

from __future__ import annotations

from typing import Any

from whoosh import matching
from whoosh import query as wq
from whoosh.matching.binary import IntersectionMatcher
from whoosh.query.spans import Span, SpanNear2


class _RarestFirstMatcher(SpanNear2.SpanNear2Matcher):
    """SpanNear2's matcher, with its intersection chained in the given order."""

    def __init__(self, ms: list[Any], order: list[int], slop: int, mindist: int) -> None:
        self.ms = ms
        self.order = order
        self.slop = slop
        self.ordered = True
        self.mindist = mindist
        chain = ms[order[0]]
        for i in order[1:]:
            chain = IntersectionMatcher(chain, ms[i])
        # SpanWrappingMatcher's own init: wrap the intersection, find the first match.
        super(SpanNear2.SpanNear2Matcher, self).__init__(chain)

    def _get_spans(self) -> list[Span]:
        # A phrase's words at consecutive positions (slop 1, Whoosh's default): the
        # positions where the first word starts such a run, found with sets rather
        # than Whoosh's pairwise walk over span objects. Any other slop: Whoosh's walk.
        if self.slop != 1:
            return super()._get_spans()
        starts = set(self.ms[0].value_as("positions"))
        for offset, m in enumerate(self.ms[1:], start=1):
            if not starts:
                break
            starts.intersection_update([p - offset for p in m.value_as("positions")])
        last = len(self.ms) - 1
        return [Span(p, p + last) for p in sorted(starts)]

    def copy(self) -> _RarestFirstMatcher:
        """Return an independent copy at the same place (Whoosh copies matchers)."""
        return self.__class__([m.copy() for m in self.ms], self.order, self.slop, self.mindist)


class Phrase(wq.Phrase):
    """A phrase query whose matcher intersects its words rarest first."""

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
        ms, frequencies = [], []
        for word in self.words:
            try:
                text = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (self.fieldname, text) not in reader:
                return matching.NullMatcher()
            ms.append(wq.Term(self.fieldname, text).matcher(searcher, context))
            frequencies.append(reader.doc_frequency(self.fieldname, text))
        order = sorted(range(len(ms)), key=frequencies.__getitem__)
        m: Any = _RarestFirstMatcher(ms, order, self.slop, mindist=1)
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m


def rarest_first(q: wq.Query) -> wq.Query:
    """Return `q` with each of its phrases matched rarest word first."""
    if type(q) is wq.Phrase:
        return Phrase(q.fieldname, q.words, slop=q.slop, boost=q.boost, char_ranges=q.char_ranges)
    if q.is_leaf():
        return q
    return q.apply(rarest_first)
