"""Prefixes, wildcards and fuzzy words, expanded into the indexed words they match, capped.

As on Whoosh, a pattern searches the words of the index it matches (at most
MAX_EXPANSION of them, the most common, and MAX_QUERY_EXPANSION for a whole query), and
those words are what a hit marks. The words come from the index's own term dictionaries:
the cluster rewrites the pattern on every shard (`_validate/query?rewrite=true`), which
lists the terms it expands to, without reading a document. A fuzzy word is found within
one more edit than asked (Levenshtein, up to two, as Whoosh's automaton) and kept within
the edits asked counting a swap as one (OSA), the very rule of the Whoosh engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import OSA, Levenshtein

from archive.query import budget as time_budget
from archive.query import tree as qt

EXPANSION_NOTE = "{pattern} matches too many words; searched for the {n} most common."
# The caps of the Whoosh engine (archive.engines.whoosh.patterns), so that both search
# the same words for the same pattern.
MAX_EXPANSION = 200
MAX_QUERY_EXPANSION = 2000
MIN_EXPANSION = 10
MAX_SCAN = 50_000
MAX_AUTOMATON_EDITS = 2
# Words whose frequencies are asked in one request, when a pattern matches too many.
_FREQUENCY_BATCH = 500


@dataclass(frozen=True)
class Words:
    """The indexed words a pattern expanded to (none: it matches nothing)."""

    field: str
    words: tuple[str, ...]


Expand = Callable[[dict[str, Any]], list[str]]
Frequencies = Callable[[str, list[str]], dict[str, int]]


def terms_in(explanations: list[dict[str, Any]], field: str) -> list[str]:
    """Return the terms of `field` in the shards' explanations of a rewritten query.

    A shard that rewrote the pattern lists its terms ("exact:stall", "(exact:keepers)^0.8");
    one holding no documents leaves the pattern as written ("exact:st?ll"), which holds a
    character no token has.
    """
    found: set[str] = set()
    term = re.compile(rf"(?<![\w.]){re.escape(field)}:([^\s()]+?)(?=[\s)^]|$)")
    for explanation in explanations:
        for match in term.finditer(str(explanation.get("explanation", ""))):
            word = match.group(1)
            if not any(c in word for c in "*?~"):
                found.add(word)
    return sorted(found, key=lambda w: w.encode("utf-8"))


def pattern_query(node: qt.Prefix | qt.Wildcard | qt.Fuzzy) -> dict[str, Any]:
    """Return the query that lists a pattern's words once the cluster rewrites it."""
    rewrite = "scoring_boolean"
    if isinstance(node, qt.Prefix):
        return {"prefix": {node.field: {"value": node.text, "rewrite": rewrite}}}
    if isinstance(node, qt.Wildcard):
        return {"wildcard": {node.field: {"value": node.pattern, "rewrite": rewrite}}}
    return fuzzy_query(node.field, node.text, node.maxdist, max(1, node.prefix_length))


def fuzzy_query(field: str, word: str, maxdist: int, prefix: int) -> dict[str, Any]:
    """Return the fuzzy query whose terms hold every word within `maxdist` (see `near`)."""
    return {
        "fuzzy": {
            field: {
                "value": word,
                "fuzziness": min(maxdist + 1, MAX_AUTOMATON_EDITS),
                "prefix_length": prefix,
                "transpositions": True,
                "rewrite": "scoring_boolean",
            }
        }
    }


def near(candidates: list[str], word: str, maxdist: int) -> list[str]:
    """Keep the candidates within `maxdist` edits of `word` (a swap one), as Whoosh does."""
    searched = min(maxdist + 1, MAX_AUTOMATON_EDITS)
    return sorted(
        c
        for c in candidates
        if Levenshtein.distance(c, word, score_cutoff=searched) <= searched
        and OSA.distance(c, word) <= maxdist
    )


def _words_of(
    node: qt.Prefix | qt.Wildcard | qt.Fuzzy, expand: Expand, frequencies: Frequencies, cap: int
) -> tuple[list[str], bool]:
    """Return the most common words a pattern matches (at most `cap`), and whether capped."""
    time_budget.check()
    candidates = expand(pattern_query(node))[:MAX_SCAN]
    if isinstance(node, qt.Fuzzy):
        candidates = near(candidates, node.text, min(2, node.maxdist))
    if len(candidates) <= cap:
        return candidates, False
    counts: dict[str, int] = {}
    for start in range(0, len(candidates), _FREQUENCY_BATCH):
        time_budget.check()
        counts.update(frequencies(node.field, candidates[start : start + _FREQUENCY_BATCH]))
    # Most common first; of equals, the first in the lexicon (Whoosh's nlargest).
    ranked = sorted(range(len(candidates)), key=lambda i: (-counts.get(candidates[i], 0), i))
    return [candidates[i] for i in sorted(ranked[:cap])], True


def expand_patterns(
    tree: qt.Node, expand: Expand, frequencies: Frequencies
) -> tuple[Any, tuple[str, ...]]:
    """Replace each pattern by the Words it matches, capped, with notes on what was cut."""
    notes: list[str] = []
    used = [0]

    def fn(node: qt.Node) -> Any:
        if not isinstance(node, qt.PATTERN_TYPES):
            return node
        cap = max(MIN_EXPANSION, min(MAX_EXPANSION, MAX_QUERY_EXPANSION - used[0]))
        try:
            words, capped = _words_of(node, expand, frequencies, cap)
        except time_budget.OutOfTime:
            # Out of time: this pattern matches nothing, and the search says it was cut.
            words, capped = [], False
            if time_budget.TIME_BUDGET_NOTE not in notes:
                notes.append(time_budget.TIME_BUDGET_NOTE)
        used[0] += len(words)
        if capped:
            notes.append(EXPANSION_NOTE.format(pattern=f"“{_written(node)}”", n=cap))
        return Words(node.field, tuple(words))

    return qt.transform(tree, fn), tuple(notes)


def _written(node: qt.Prefix | qt.Wildcard | qt.Fuzzy) -> str:
    """Return a pattern as Whoosh prints it in the note."""
    if isinstance(node, qt.Prefix):
        return f"{node.field}:{node.text}*"
    if isinstance(node, qt.Wildcard):
        return f"{node.field}:{node.pattern}"
    return f"{node.field}:{node.text}~" + (str(node.maxdist) if node.maxdist > 1 else "")


def expanded_size(tree: Any) -> int:
    """Return how many words and leaves an expanded tree searches (a pattern: its words)."""
    if isinstance(tree, Words):
        return len(tree.words)
    kids = qt.children(tree)
    return sum(expanded_size(child) for child in kids) if kids else 1
