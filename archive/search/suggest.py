"""Did you mean: correct rare or unknown query words from the index's own words.

Candidates come from the exact (folded, unstemmed) field's lexicon within an edit
distance, ranked by distance and then by how many passages use them. Whoosh's
`ReaderCorrector` ranks by frequency alone, so "lighthose" could become a frequent
word two edits away rather than the one-edit "lighthouse".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz.distance import OSA

from archive.engines.base import Reader
from archive.query.language import OPERATORS
from archive.query.words import WORD, fold, has_ngram_script, normalise_chars, stem

FIELD = "exact"
# A word used in at most this many passages may be a misspelling worth correcting.
RARE_PASSAGES = 2
# A correction must be used in this many times more passages than the word itself.
MORE_COMMON = 3
_SKIP_AFTER = re.compile(r"[*?~:]")


def closest_word(reader: Reader, word: str) -> str | None:
    """Return the indexed word closest to a rare `word`, if one is clearly more common."""
    used = reader.doc_frequency(FIELD, word)
    if used > RARE_PASSAGES:
        return None
    maxdist = 1 if len(word) <= 4 else 2
    best: tuple[int, int, str] | None = None
    # prefix=1: most misspellings keep the first letter, and it makes the scan cheap.
    for text in reader.words_within(FIELD, word, maxdist, prefix=1):
        if text == word or (used and stem(text) == stem(word)):
            # Another form of a word the archive has ("keepers" for "keeper") is not
            # a correction: stemmed search finds both already.
            continue
        passages = reader.doc_frequency(FIELD, text)
        if passages < max(1, used * MORE_COMMON):
            continue
        key = (OSA.distance(word, text), -passages, text)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def _candidates(text: str) -> list[re.Match[str]]:
    """Return the query's plain words: not operators, field names or values, or patterns."""
    found = []
    for match in WORD.finditer(text):
        word = match.group()
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if word in OPERATORS or before == ":" or _SKIP_AFTER.match(after):
            continue
        if len(word) < 3 or any(c.isdigit() for c in word) or has_ngram_script(word):
            continue
        found.append(match)
    return found


def suggest_query(
    reader: Reader, query: str, total: int, count: Callable[[str], int]
) -> str | None:
    """Return the query with rare words corrected, if `count` says it finds more than `total`."""
    # normalise_chars maps one character to one, so offsets fit the original text.
    normal = normalise_chars(query)
    pieces: list[str] = []
    cursor = 0
    changed = False
    for match in _candidates(normal):
        better = closest_word(reader, fold(match.group()))
        if better is None:
            continue
        if match.group()[:1].isupper():
            better = better[:1].upper() + better[1:]
        pieces += [query[cursor : match.start()], better]
        cursor = match.end()
        changed = True
    if not changed:
        return None
    corrected = "".join([*pieces, query[cursor:]])
    return corrected if count(corrected) > total else None
