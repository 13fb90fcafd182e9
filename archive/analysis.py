"""Analyzers for the index: one tokenisation, folded for exact search, Porter2 for stemmed.

Every analyzer keeps stop words and one-letter words, because a quote made of common
words ("it was the first time") must stay findable. Character normalisation is one
character for one character, so token offsets still point into the original text and
the highlighter can mark it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import CompositeAnalyzer, Filter, StemFilter, Token, Tokenizer
from whoosh.lang.porter2 import stem as porter2_stem

# Curly quotes, primes and the many dashes all become their plain ASCII forms, so
# "don’t" and "don't" are one word and an em dash is never part of a word.
_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\uff07": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)

# A word is a run of word characters, with apostrophes inside it ("don't", "o'clock");
# hyphens and other punctuation separate words.
WORD = re.compile(r"\w+(?:'\w+)*")


def normalise_chars(text: str) -> str:
    """Map curly quotes, apostrophes and dashes to ASCII, one character for one."""
    return text.translate(_CHAR_MAP)


class WordTokenizer(Tokenizer):
    """Split normalised text into words, with offsets into the original text."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        """Yield one token per word."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Whoosh asks for the whole value as one token for some query types.
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        for pos, match in enumerate(WORD.finditer(normalise_chars(value))):
            token.text = match.group()
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class CaseFoldFilter(Filter):
    """Case-fold tokens (fuller than lower(): "Straße" matches "STRASSE")."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        """Fold each token's text."""
        for token in tokens:
            token.text = token.text.casefold()
            yield token


def folded_analyzer() -> CompositeAnalyzer:
    """Return the analyzer for exact words: folded, no stemming, no stop words."""
    return WordTokenizer() | CaseFoldFilter()


def stemming_analyzer() -> CompositeAnalyzer:
    """Return the analyzer for stemmed words: folded, Porter2, no stop words."""
    return WordTokenizer() | CaseFoldFilter() | StemFilter(stemfn=porter2_stem)


def analyse(analyzer: CompositeAnalyzer, text: str) -> list[str]:
    """Return the analysed words of `text`, for building queries."""
    return [token.text for token in analyzer(text)]
