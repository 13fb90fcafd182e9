"""What a word is, for every engine: one tokenisation, folded for exact search, stemmed.

Every engine indexes and searches the words this module gives, so that a quote means
the same thing whichever engine holds the archive. Stop words and one-letter words are
kept, because a quote made of common words ("it was the first time") must stay findable.
Character normalisation is one character for one character, so offsets still point into
the original text and the highlighter can mark it; folding (case, accents, width) happens
per word after that.

Scripts written without spaces between words (Khmer, Thai, Lao, Burmese, Chinese,
Japanese, and Hangul, whose particles cling to nouns) are indexed as overlapping
bigrams of clusters (a base character with its combining marks), at consecutive
positions, so that any word of two or more clusters inside a run is found by a phrase
of its bigrams. A segmenter library would give nicer units but needs dictionaries per
language; bigrams need none and never miss a substring.

Stems are Snowball's English stemmer (PyStemmer), the reference Porter2: Whoosh's own
port conflated words the reference keeps apart ("organ" and "organized", "past" and
"paste", "even" and "evening").

Imports nothing of Verbatim's and no engine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import Stemmer

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

# Separates the names of one speaker (name, aliases) in the speaker field: the
# tokenizer leaves a wide position gap there, so a phrase never spans two names.
NAME_SEPARATOR = "\x1f"
_NAME_GAP = 100


def _ranges(codepoints: list[int]) -> str:
    """Return a regex character-class body covering these sorted code points."""
    out: list[str] = []
    start = prev = codepoints[0]
    for cp in [*codepoints[1:], -2]:
        if cp == prev + 1:
            prev = cp
            continue
        out.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = cp
    return "".join(out)


def _mark_class() -> str:
    # Combining marks (Khmer and Thai vowel signs, accents in decomposed text) are not
    # `\w` in Python's re, which is why plain `\w+` cuts Khmer at every vowel sign.
    # Zero-width spaces and joiners ride along too: Thai and Khmer text uses them as
    # optional word hints that a reader types without; the folding filter drops them.
    marks = [
        cp
        for cp in range(0x20000)
        if unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me")
        or 0x200B <= cp <= 0x200D
        or cp == 0x2060
    ]
    return _ranges(marks) + "\U000e0100-\U000e01ef"


_MARKS = _mark_class()
# Runs of these scripts become bigrams: Thai, Lao, Burmese, Khmer, Hangul Jamo,
# Hiragana, Katakana, CJK ideographs, Hangul syllables, half-width Katakana, and the
# CJK extension planes.
_NGRAM_SCRIPTS = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u1100-\u11ff"
    "\u3040-\u30ff\u31f0-\u31ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\ua9e0-\ua9ff\uaa60-\uaa7f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
# A run of word characters with their marks: `(?:\w[marks]*)+`, written so that re runs
# through the letters in its fast loop and checks the huge mark class only where the
# letters stop (42 times quicker on a 4,000-letter word; the same matches).
_CLUSTERS_RUN = rf"\w+(?:[{_MARKS}]+\w*)*"
# A word is a run of word characters with their marks, with apostrophes inside it
# ("don't", "o'clock"); hyphens and other punctuation separate words.
WORD = re.compile(rf"{_CLUSTERS_RUN}(?:'{_CLUSTERS_RUN})*")
_NGRAM_CHAR = re.compile(f"[{_NGRAM_SCRIPTS}]")
_NGRAM_RUN = re.compile(rf"(?:[{_NGRAM_SCRIPTS}][{_MARKS}]*)+")
_CLUSTERS = re.compile(rf".[{_MARKS}]*", re.S)
_SPLIT_NAMES = re.compile(re.escape(NAME_SEPARATOR))


def normalise_chars(text: str) -> str:
    """Map curly quotes, apostrophes and dashes to ASCII, one character for one."""
    return text.translate(_CHAR_MAP)


def has_ngram_script(text: str) -> bool:
    """Return True if `text` has characters of a script indexed as bigrams."""
    return _NGRAM_CHAR.search(text) is not None


def _pieces(word: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each token in one word: itself, or bigrams of its runs."""
    if not _NGRAM_CHAR.search(word):
        yield 0, len(word)
        return
    cursor = 0
    for run in _NGRAM_RUN.finditer(word):
        if run.start() > cursor and WORD.search(word, cursor, run.start()):
            yield cursor, run.start()
        bounds = [m.start() for m in _CLUSTERS.finditer(word, run.start(), run.end())]
        bounds.append(run.end())
        if len(bounds) == 2:
            yield bounds[0], bounds[1]
        for i in range(len(bounds) - 2):
            yield bounds[i], bounds[i + 2]
        cursor = run.end()
    if cursor < len(word) and WORD.search(word, cursor):
        yield cursor, len(word)


def word_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield (position, start, end) of every token of already normalised `text`, in order."""
    return iter(_spans(text))


def _spans(text: str) -> list[tuple[int, int, int]]:
    spans: list[tuple[int, int, int]] = []
    pos = 0
    offset = 0
    for part in _SPLIT_NAMES.split(text) if NAME_SEPARATOR in text else (text,):
        if not _NGRAM_CHAR.search(part):
            # Most text: one token per word, read by re in C without a loop per piece.
            found = [(offset + m.start(), offset + m.end()) for m in WORD.finditer(part)]
            spans += [(pos + i, start, end) for i, (start, end) in enumerate(found)]
            pos += len(found)
        else:
            for match in WORD.finditer(part):
                for start, end in _pieces(match.group()):
                    spans.append(
                        (pos, offset + match.start() + start, offset + match.start() + end)
                    )
                    pos += 1
        offset += len(part) + len(NAME_SEPARATOR)
        pos += _NAME_GAP
    return spans


# Letters that carry their "accent" in the letter itself, so NFD cannot split it off.
_UNDECOMPOSABLE = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"}
)
_INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060])


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return a word case-, width- and accent-folded: "Élodie" -> "elodie", "Ｃａｆé" -> "cafe"."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    folded = unicodedata.normalize("NFKC", folded).translate(_INVISIBLE)
    decomposed = unicodedata.normalize("NFD", folded)
    kept: list[str] = []
    base = ""
    for char in decomposed:
        if unicodedata.combining(char):
            # Accents on Latin, Greek and Cyrillic letters go; marks that are letters'
            # vowels elsewhere (Khmer, Thai, Devanagari) stay, or words would merge.
            if base < "\u0530" or "\u1e00" <= base <= "\u1fff":
                continue
        else:
            base = char
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_UNDECOMPOSABLE)


_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the Porter2 stem of a folded word; words in other scripts stay as they are."""
    return _STEMMER.stemWord(word) if word.isascii() else word


@lru_cache(maxsize=32)
def folded_tokens(text: str) -> tuple[tuple[str, int, int, int], ...]:
    """Return (folded word, position, start, end) for every token of `text`.

    Kept for the last few texts: an engine indexing one passage reads the same text
    into its exact and its stemmed words, and tokenises it once.
    """
    normal = normalise_chars(text)
    return tuple((fold(normal[start:end]), pos, start, end) for pos, start, end in _spans(normal))


def exact_words(text: str) -> list[str]:
    """Return the folded words of `text`, as the exact field holds them."""
    return [word for word, _, _, _ in folded_tokens(text)]


def stemmed_words(text: str) -> list[str]:
    """Return the stems of the folded words of `text`, as the stemmed field holds them."""
    return [stem(word) for word in exact_words(text)]


def fold_key(value: str) -> str:
    """Return the key a whole value (a show's name) is filtered by: folded, single-spaced."""
    return " ".join(value.casefold().split())


def field_tokens(text: str, *, stemmed: bool = False) -> list[tuple[str, int, int]]:
    """Return (word, start, end) for every word of `text`, folded (and `stemmed`).

    The offsets point into `text` itself: normalisation maps one character to one.
    """
    return [
        (stem(word) if stemmed else word, start, end) for word, _, start, end in folded_tokens(text)
    ]
