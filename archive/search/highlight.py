"""Highlights: mark the words a query matched in a passage, escape everything else.

The stored text is re-read into each searched field's words (archive.query.words), so
"running" is marked for a stemmed `runs` query and only the exact words for a quoted
phrase. What to mark comes from the engine (`Ranked.terms`), since only it knows what
a prefix or fuzzy word expanded to. Stage directions (`[laughs]`) are read as the index
read them, as no words at all, so a phrase is marked across one; each is wrapped in
`<span class="stage">`, inside a mark or out (a mark starts and ends at a spoken word,
so the two always nest).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from archive.engines.base import QueryTerms
from archive.query.tree import TEXT_FIELDS
from archive.query.words import field_tokens
from transcripts.stage_directions import spoken_text, stage_spans


def _spans(text: str, terms: QueryTerms) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for fieldname in TEXT_FIELDS:
        words = terms.words.get(fieldname, set())
        phrases = terms.phrases.get(fieldname, [])
        if not words and not phrases:
            continue
        tokens = field_tokens(spoken_text(text), stemmed=fieldname == "stem")
        for word, start, end in tokens:
            if word in words:
                spans.append((start, end))
        words_in_order = [tok[0] for tok in tokens]
        for phrase in phrases:
            n = len(phrase)
            for i in _occurrences(phrase, words_in_order):
                # One mark over the whole quote reads better than one per word.
                spans.append((tokens[i][1], tokens[i + n - 1][2]))
    return spans


def _occurrences(phrase: Sequence[str], words: Sequence[str]) -> list[int]:
    """Return where `phrase` starts in `words` (Knuth-Morris-Pratt: linear however repetitive).

    Comparing the phrase at every word cost len(phrase) x len(words): 200 "the"s
    against a passage of them was 50,000 comparisons per hit.
    """
    if not phrase:
        return []
    # fallback[i]: the length of the longest proper border of phrase[: i + 1].
    fallback = [0] * len(phrase)
    k = 0
    for i in range(1, len(phrase)):
        while k and phrase[i] != phrase[k]:
            k = fallback[k - 1]
        if phrase[i] == phrase[k]:
            k += 1
        fallback[i] = k
    found, k = [], 0
    for i, word in enumerate(words):
        while k and word != phrase[k]:
            k = fallback[k - 1]
        if word == phrase[k]:
            k += 1
        if k == len(phrase):
            found.append(i - k + 1)
            k = fallback[k - 1]
    return found


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: QueryTerms) -> str:
    """Return `text` HTML-escaped, with the matched words wrapped in <mark> and the stage
    directions in <span class="stage">."""
    return marked_html(text, _merge(_spans(text, terms)))


def marked_html(text: str, marks: Sequence[tuple[int, int]] = ()) -> str:
    """Return `text` HTML-escaped, the sorted, disjoint `marks` wrapped in <mark> and the
    stage directions in <span class="stage">."""
    tags = [(start, 1, "<mark>") for start, _ in marks]
    tags += [(end, 0, "</mark>") for _, end in marks]
    for start, end in stage_spans(text):
        # At the same offset a stage note closes before a mark closes, opens after one opens.
        tags += [(start, 2, '<span class="stage">'), (end, -1, "</span>")]
    out: list[str] = []
    cursor = 0
    for offset, _, tag in sorted(tags):
        out += [html.escape(text[cursor:offset]), tag]
        cursor = offset
    out.append(html.escape(text[cursor:]))
    return "".join(out)
