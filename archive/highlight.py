"""Highlights: mark the words a query matched in a passage, escape everything else.

The stored text is re-analysed with each searched field's own analyzer, so "running"
is marked for a stemmed `runs` query and only the exact words for a quoted phrase.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.reading import IndexReader

from archive.index import SCHEMA, TEXT_FIELDS


@dataclass
class QueryTerms:
    """The analysed words and phrases a query looks for, per text field."""

    words: dict[str, set[str]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    def is_empty(self) -> bool:
        """Return True if nothing in the text can be marked."""
        return not any(self.words.values()) and not any(self.phrases.values())


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def collect_terms(query: wq.Query, reader: IndexReader | None = None) -> QueryTerms:
    """Collect the words and phrases to mark from a query, skipping negated parts."""
    terms = QueryTerms()

    def walk(q: wq.Query) -> None:
        if isinstance(q, wq.Not):
            return  # excluded words are not why a passage matched
        if isinstance(q, wq.AndNot):
            walk(q.a)
            return
        fieldname = getattr(q, "fieldname", None)
        if isinstance(q, wq.Phrase):
            if fieldname in TEXT_FIELDS:
                words = tuple(_text(w) for w in q.words)
                if q.slop > 1:
                    # A sloppy phrase ("a b"~5) has words between its words: mark each.
                    terms.words.setdefault(fieldname, set()).update(words)
                else:
                    terms.phrases.setdefault(fieldname, []).append(words)
            return
        if isinstance(q, wq.Term):
            if fieldname in TEXT_FIELDS:
                terms.words.setdefault(fieldname, set()).add(_text(q.text))
            return
        if isinstance(q, wq.MultiTerm):
            # Prefixes and wildcards: mark the index words they expanded to.
            if fieldname in TEXT_FIELDS and reader is not None:
                for name, text in q.existing_terms(reader, expand=True):
                    if name == fieldname:
                        terms.words.setdefault(fieldname, set()).add(_text(text))
            return
        if q.is_leaf():
            return
        for child in q.children():
            walk(child)

    walk(query)
    return terms


def _spans(text: str, terms: QueryTerms) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for fieldname in TEXT_FIELDS:
        words = terms.words.get(fieldname, set())
        phrases = terms.phrases.get(fieldname, [])
        if not words and not phrases:
            continue
        analyzer = SCHEMA[fieldname].analyzer
        # Whoosh reuses one Token object: copy what we need as we go.
        tokens = [
            (t.text, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True, mode="index")
        ]
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
    """Return `text` HTML-escaped, with only the matched words wrapped in <mark>."""
    out: list[str] = []
    cursor = 0
    for start, end in _merge(_spans(text, terms)):
        out.append(html.escape(text[cursor:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)
