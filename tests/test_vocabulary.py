"""The in-memory 'did you mean' words give what the Whoosh term table gives, word for word."""

from __future__ import annotations

import random

from archive.engines import open_engine
from archive.engines.whoosh.engine import SUGGEST_SEGMENT_SHARE
from archive.engines.whoosh.patterns import words_within
from archive.engines.whoosh.vocabulary import Vocabulary
from archive.store.folder import Archive


def _misspellings(words: list[str], rng: random.Random) -> list[str]:
    out = []
    for word in words:
        chars = list(word)
        edit = rng.choice(["swap", "drop", "add", "change"])
        i = rng.randrange(1, len(chars)) if len(chars) > 1 else 0
        if edit == "swap" and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif edit == "drop":
            del chars[i]
        elif edit == "add":
            chars.insert(i, rng.choice("aeiourst"))
        else:
            chars[i] = rng.choice("aeiourst")
        out.append("".join(chars))
    return out


def test_memory_and_term_table_agree(sample_archive: Archive) -> None:
    """For hundreds of misspelt words of the examples, both paths find the same words."""
    reader = open_engine(sample_archive).reader()
    try:
        index_reader = reader.searcher.reader()  # type: ignore[attr-defined]
        vocabulary = Vocabulary(index_reader, "exact", 1, SUGGEST_SEGMENT_SHARE)
        lexicon = sorted(
            {t.decode() for t in index_reader.lexicon("exact") if len(t) > 3 and t.isalpha()}
        )
        assert len(lexicon) > 100
        rng = random.Random(7)
        for word in _misspellings(rng.sample(lexicon, 200), rng):
            for maxdist in (1, 2):
                table = words_within(
                    index_reader, "exact", word, maxdist, 1, min_share=SUGGEST_SEGMENT_SHARE
                )
                assert vocabulary.within(word, maxdist) == table, (word, maxdist)
    finally:
        reader.close()
