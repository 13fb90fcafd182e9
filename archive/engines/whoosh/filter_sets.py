"""Filters (speaker, show, episode, dates) as document sets, kept with their searcher.

Whoosh turns a filter query into a set of documents on every search: for a filter on a
host who speaks in a tenth of 1.36 M passages, that is walking 136,000 postings before
the search starts. A journalist narrowing one search after another uses the same
filter again and again, so the set is kept with the searcher it was computed from (the
web app's long-lived one); a searcher reopened after the index changed starts afresh.
"""

from __future__ import annotations

import weakref
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
