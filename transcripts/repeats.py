"""A transcript that holds the whole episode twice: found in any format, kept once.

Exports and scraped pages sometimes carry the transcript twice: a labelled copy and a plain
one (a page's "Transcript" and "Plain text" tabs saved together), or the same captions
appended again. Indexed as they are, every quote is found twice and every count is doubled.
This works on the utterances any reader produces, so it holds for every format: when the
words from some utterance on repeat the words from the start, word for word, the copy
with fewer words given to a speaker is dropped and the report says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from transcripts.model import Document, Heading, Utterance

# A repeat this short is a refrain or a catchphrase, not a second copy of the episode;
# one of this few distinct words is a chant or a test pattern.
MIN_COPY_WORDS = 40
MIN_COPY_SHARE = 0.3
MIN_DISTINCT_WORDS = 20

_WORD = re.compile(r"\w+")


def drop_repeated_copy(document: Document) -> tuple[Document, str | None]:
    """Return the document with a second copy of the episode removed, and what was done."""
    items = list(document.items)
    positions = [index for index, item in enumerate(items) if isinstance(item, Utterance)]
    words = [_words(items[index].text) for index in positions]
    flat = [word for each in words for word in each]
    if len(flat) < 2 * MIN_COPY_WORDS:
        return document, None
    starts = [0]
    for each in words:
        starts.append(starts[-1] + len(each))
    for at, start in enumerate(starts[1:-1], start=1):
        copy = len(flat) - start
        if copy > start or copy < max(MIN_COPY_WORDS, MIN_COPY_SHARE * len(flat)):
            continue
        # Cheap first: most utterances do not even start with the episode's first words.
        if flat[start : start + 4] != flat[:4] or flat[start:] != flat[:copy]:
            continue
        end = next(i for i, s in enumerate(starts) if s >= copy)
        if starts[end] != copy:
            continue  # the copy ends inside an utterance: not a whole copy
        first = [items[i] for i in positions[:end]]
        second = [items[i] for i in positions[at:]]
        if len(set(flat[:copy])) < MIN_DISTINCT_WORDS or not _same_times(first, second):
            continue
        labelled_first, labelled_second = _attributed(first), _attributed(second)
        cut = positions[at]
        if labelled_second > labelled_first:
            kept = items[cut:]
        else:
            kept = items[:cut]
            # A heading right before the copy belongs to it ("Plain text").
            while kept and isinstance(kept[-1], Heading):
                kept.pop()
        unit = "cue" if document.unit == "cue" else "paragraph"
        which = "second" if labelled_second > labelled_first else "first"
        note = (
            f"the transcript holds the episode twice ({copy} words repeated word for word "
            f"from {unit} {at + 1}); indexed once, from the {which} copy"
            + (", which has the speaker labels" if labelled_first != labelled_second else "")
        )
        return replace(document, items=tuple(kept)), note
    return document, None


def _words(text: str) -> list[str]:
    """Return a text's words, folded, so that punctuation and case do not hide a copy."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    return _WORD.findall(folded)


def _same_times(first: list[Utterance | Heading], second: list[Utterance | Heading]) -> bool:
    """Return whether two timed copies start at the same times (untimed copies always do).

    Captions appended again repeat their times; timed speech that merely says the same
    words again later is speech, not a copy.
    """
    starts = [
        (a.start_ms, b.start_ms)
        for a, b in zip(first, second, strict=False)
        if isinstance(a, Utterance) and isinstance(b, Utterance)
    ]
    return all(a is None or b is None or a == b for a, b in starts)


def _attributed(utterances: list[Utterance | Heading]) -> int:
    """Return how many words of these utterances have a speaker."""
    return sum(
        len(item.text.split())
        for item in utterances
        if isinstance(item, Utterance) and item.speaker is not None
    )
