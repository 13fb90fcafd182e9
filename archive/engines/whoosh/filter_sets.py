"""Filters (speaker, show, episode, dates) as document sets, kept with their searcher.

Whoosh turns a filter query into a set of documents on every search: for a filter on a
host who speaks in a tenth of 1.36 M passages, that is walking 136,000 postings before
the search starts. A journalist narrowing one search after another uses the same
filter again and again, so the set is kept with the searcher it was computed from (the
web app's long-lived one); a searcher reopened after the index changed starts afresh.
"""

from __future__ import annotations

import weakref
from array import array
from bisect import bisect_left
from collections import OrderedDict
from typing import Any

from whoosh import query as wq
from whoosh.idsets import BitSet
from whoosh.searching import Searcher

# Filters kept per searcher, the least recently used dropped first (a set of 1.36 M
# passages takes 170 KB).
MAX_FILTERS = 32

_sets: weakref.WeakKeyDictionary[Searcher, OrderedDict[wq.Query, Any]] = weakref.WeakKeyDictionary()


def filter_set(searcher: Searcher, restrict: wq.Query) -> Any:
    """Return the documents `restrict` allows in this searcher, computed once per searcher."""
    kept = _sets.setdefault(searcher, OrderedDict())
    if restrict in kept:
        kept.move_to_end(restrict)
        return kept[restrict]
    docs = BitSet(searcher.docs_for_query(restrict), size=searcher.doc_count_all())
    kept[restrict] = docs
    if len(kept) > MAX_FILTERS:
        kept.popitem(last=False)
    return docs


# searcher -> filter -> segment reader's id() -> its allowed documents, numbered in the segment.
_leaf_ids: weakref.WeakKeyDictionary[Searcher, OrderedDict[wq.Query, dict[int, array[int]]]] = (
    weakref.WeakKeyDictionary()
)


def leaf_ids(searcher: Searcher, restrict: wq.Query) -> dict[int, array[int]]:
    """Return the documents `restrict` allows in each segment, in order, by segment reader.

    A phrase walks these beside its words' postings (archive.engines.whoosh.phrases): a
    quote narrowed to one speaker then reads positions only in that speaker's passages.
    Keyed by `id()` of each leaf reader, which the searcher keeps alive.
    """
    kept = _leaf_ids.setdefault(searcher, OrderedDict())
    if restrict in kept:
        kept.move_to_end(restrict)
        return kept[restrict]
    docs = sorted(filter_set(searcher, restrict))
    found: dict[int, array[int]] = {}
    for sub, offset in searcher.leaf_searchers():
        end = offset + sub.doc_count_all()
        low, high = bisect_left(docs, offset), bisect_left(docs, end)
        found[id(sub.reader())] = array("I", (d - offset for d in docs[low:high]))
    kept[restrict] = found
    if len(kept) > MAX_FILTERS:
        kept.popitem(last=False)
    return found
