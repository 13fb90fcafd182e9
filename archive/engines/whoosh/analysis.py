"""Whoosh's analyzers over Verbatim's words (archive.query.words), as Whoosh wants them.

The tokenisation itself (what a word is, folding, stems, bigrams) lives in archive.query.words
and is shared by every engine; this module only wraps it in Whoosh's tokenizer and filter
classes, with offsets, for indexing, highlighting and query building.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer

from archive.query.common_words import token_pairs
from archive.query.words import (  # noqa: F401  (re-exported for the Whoosh engine's modules)
    NAME_SEPARATOR,
    WORD,
    fold,
    folded_tokens,
    has_ngram_script,
    normalise_chars,
    stem,
    word_spans,
)


class WordTokenizer(Tokenizer):
    """Verbatim's words as Whoosh tokens: folded (and stemmed, for the stem field), with
    offsets into the original text.

    One tokenizer does the whole analysis, with no filter chain: a chain costs a
    generator step per filter per word, and an index analyses every passage twice (its
    exact and its stemmed words). Both fields read the same cached tokens
    (`folded_tokens`), so a passage is split into words once.
    """

    def __init__(self, stemmed: bool = False) -> None:
        self.stemmed = stemmed

    # Whoosh compares analyzers when it compares schemas.
    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.stemmed == self.stemmed  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.stemmed))

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
        """Yield one token per word or bigram."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost = 1.0
        token.stopped = False
        if not tokenize:
            # Whoosh asks for the whole value as one token for prefix and fuzzy queries.
            token.original = value
            token.text = stem(fold(value)) if self.stemmed else fold(value)
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        stemmed = self.stemmed
        for word, pos, start, end in folded_tokens(value):
            token.text = stem(word) if stemmed else word
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class PairTokenizer(Tokenizer):
    """Pairs of adjacent common words as single tokens (archive.query.common_words), for
    the `pairs` field: a phrase of common words narrows to the passages holding its pairs.

    Only which passages hold a pair is indexed (no positions): the phrase itself still
    checks where its words are.
    """

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
        """Yield one token per pair of adjacent common words."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost = 1.0
        token.stopped = False
        if not tokenize:
            token.text = value
            yield token
            return
        words = ((word, pos) for word, pos, _, _ in folded_tokens(value))
        for text, pos in token_pairs(words):
            token.text = text
            if positions:
                token.pos = start_pos + pos
            yield token


def folded_analyzer() -> WordTokenizer:
    """Return the analyzer for exact words: folded, no stemming, no stop words."""
    return WordTokenizer()


def stemming_analyzer() -> WordTokenizer:
    """Return the analyzer for stemmed words: folded, Porter2, no stop words."""
    return WordTokenizer(stemmed=True)


def analyse(analyzer: Tokenizer, text: str) -> list[str]:
    """Return the analysed words of `text`, for building queries."""
    return [token.text for token in analyzer(text)]
