"""Common words, and the pairs of them an index keeps beside single words (CommonGrams).

A quote made only of common words ("and I think that") is the slowest thing to find by
single words: every passage holding "and" must be stepped through to find the few where
the words stand in that order. Lucene's CommonGrams answers this by also indexing each
pair of adjacent words where the pair is common, as one term: "and i" is in far fewer
passages than "and" or "i", so a phrase can first narrow to the passages holding its pairs
and then check positions only there. Here a pair is kept when both of its words are
common (function words of the languages the archive most often holds): rarer words
already lead a phrase's search, and keeping fewer pairs keeps the index small.

The list is fixed, never learned from an archive: an index written today and a query
compiled next year must agree on which pairs exist. Changing it changes the index, so
it is part of the Whoosh schema's version.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from archive.query.words import exact_words

# As written; kept in the form the index holds (`archive.query.words`: folded, accents off).
_WRITTEN = (
    # English: articles, pronouns, prepositions, conjunctions, auxiliaries, fillers.
    """a about all also an and any are as at be because been but by can could did do does
    don't for from get go going got had has have he her here him his how i i'm if in into
    is it it's its just know like me more my no not now of on one or our out really so
    some that that's the their them then there these they think this those to up us very
    was we well were what when where which who will with would yeah yes you your"""
    # French, Spanish, German, Italian, Portuguese, Dutch: their most frequent words.
    """ au aux c'est ce de des du elle en est et il ils je la le les mais ne nous on ou par
    pas pour que qui se son sur un une vous
    al como con del el es esta este lo los las más muy no para pero por qué se su sus ya
    das dem den der die ein eine er es ich ist mit nicht sie sind und von wir zu
    che di gli il non per sono una
    ao com da do em mas na não os um uma
    dat een het ik je niet op van voor zijn""".split()
)
COMMON_WORDS = frozenset(words[0] for words in map(exact_words, _WRITTEN) if len(words) == 1)
# Separates the two words of a pair term: no word holds a space.
PAIR_SEPARATOR = " "


def is_common(word: str) -> bool:
    """Return whether a folded word is one of the common words pairs are kept for."""
    return word in COMMON_WORDS


def pair(first: str, second: str) -> str:
    """Return the pair term of two adjacent folded words."""
    return f"{first}{PAIR_SEPARATOR}{second}"


def token_pairs(tokens: Iterable[tuple[str, int]]) -> Iterator[tuple[str, int]]:
    """Yield (pair term, position of its first word) for adjacent common words.

    `tokens` are (folded word, position) in order; words are adjacent when their
    positions are consecutive, which is exactly when a phrase can match them in turn.
    """
    last_word, last_pos = "", -2
    for word, pos in tokens:
        if pos == last_pos + 1 and word in COMMON_WORDS and last_word in COMMON_WORDS:
            yield pair(last_word, word), last_pos
        last_word, last_pos = word, pos


def phrase_pairs(words: Iterable[str]) -> list[str]:
    """Return the pair terms an exact phrase's passages all hold, in the phrase's order."""
    found: list[str] = []
    previous: str | None = None
    for word in words:
        if previous is not None and previous in COMMON_WORDS and word in COMMON_WORDS:
            found.append(pair(previous, word))
        previous = word
    return found
