"""Whoosh's analyzers over Verbatim's words (archive.query.words), as Whoosh wants them.

The tokenisation itself (what a word is, folding, stems, bigrams) lives in archive.query.words
and is shared by every engine; this module only wraps it in Whoosh's tokenizer and filter
classes, with offsets, for indexing, highlighting and query building.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import CompositeAnalyzer, Filter, Token, Tokenizer

from archive.query.words import (  # noqa: F401  (re-exported for the Whoosh engine's modules)
    NAME_SEPARATOR,
    WORD,
    fold,
    has_ngram_script,
    normalise_chars,
    stem,
    word_spans,
)


class WordTokenizer(Tokenizer):
    """Split normalised text into words and bigrams, with offsets into the original text."""

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
        """Yield one token per word or bigram."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Whoosh asks for the whole value as one token for prefix and fuzzy queries.
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        normal = normalise_chars(value)
        for pos, start, end in word_spans(normal):
            token.text = normal[start:end]
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class _WordFilter(Filter):
    """Rewrite each token's text with `rewrite`; filters of one class are all equal."""

    # Equality by class: Whoosh compares analyzers when it compares schemas.
    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        """Rewrite each token's text."""
        for token in tokens:
            token.text = self.rewrite(token.text)
            yield token

    def rewrite(self, word: str) -> str:
        """Return the word as the index keeps it."""
        raise NotImplementedError


class FoldFilter(_WordFilter):
    """Fold tokens: case ("Straße" = "STRASSE"), width, and accents on Latin letters."""

    def rewrite(self, word: str) -> str:
        """Return the folded word."""
        return fold(word)


class Porter2Filter(_WordFilter):
    """Stem tokens with Snowball's Porter2 (archive.query.words.stem)."""

    def rewrite(self, word: str) -> str:
        """Return the word's stem."""
        return stem(word)


# Kept importable under its old name: indexes pickled before version 2 refer to it.
CaseFoldFilter = FoldFilter


def folded_analyzer() -> CompositeAnalyzer:
    """Return the analyzer for exact words: folded, no stemming, no stop words."""
    return WordTokenizer() | FoldFilter()


def stemming_analyzer() -> CompositeAnalyzer:
    """Return the analyzer for stemmed words: folded, Porter2, no stop words."""
    return WordTokenizer() | FoldFilter() | Porter2Filter()


def analyse(analyzer: CompositeAnalyzer, text: str) -> list[str]:
    """Return the analysed words of `text`, for building queries."""
    return [token.text for token in analyzer(text)]
