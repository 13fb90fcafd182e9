"""The words worth suggesting, held in memory by a long-lived reader ("did you mean").

Walking Whoosh's on-disk term table with an automaton for every rare word was most of a
rare word's search: 237 ms at the median on 100 generated episodes (benchmarks/). A
reader that is asked more than once (the site's, which lives until the index changes)
reads the lexicon of the segments worth suggesting from once, groups the words by their
first letters, and compares a word with those candidates in C (rapidfuzz), with the very
rules of the automaton path (`patterns.words_within`): the same segments, Levenshtein
distance within one more edit than asked, and the distance that counts a swap as one
edit (OSA, as Whoosh's `damerau_levenshtein`) within the edits asked.
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein
from whoosh.reading import IndexReader

from archive.engines.whoosh.patterns import MAX_AUTOMATON_EDITS, field_text


class Vocabulary:
    """One field's words from the segments worth suggesting from, by their first letters."""

    def __init__(self, reader: IndexReader, fieldname: str, prefix: int, min_share: float) -> None:
        self.prefix = prefix
        smallest = min_share * reader.doc_count_all()
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        largest = max(leaves, key=lambda leaf: leaf.doc_count_all(), default=None)
        words: set[str] = set()
        for leaf in leaves:
            if leaf is not largest and leaf.doc_count_all() < smallest:
                continue
            words.update(field_text(fieldname, term) for term in leaf.lexicon(fieldname))
        groups: dict[str, list[str]] = defaultdict(list)
        for word in sorted(words):
            groups[word[:prefix]].append(word)
        self._groups = dict(groups)

    def within(self, word: str, maxdist: int) -> list[str]:
        """Return the words within `maxdist` edits of `word` (a swap is one), sorted."""
        choices = self._groups.get(word[: self.prefix], [])
        searched = min(maxdist + 1, MAX_AUTOMATON_EDITS)
        near = process.extract(
            word, choices, scorer=Levenshtein.distance, score_cutoff=searched, limit=None
        )
        return sorted(text for text, _, _ in near if OSA.distance(text, word) <= maxdist)
