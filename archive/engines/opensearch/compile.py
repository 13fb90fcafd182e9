"""Compiling Verbatim's query tree (archive.query.tree) into OpenSearch's query DSL.

The tree's words are already analysed, so they go into term queries as they are. The
matching follows the Whoosh engine's: an exact phrase is a phrase of adjacent tokens; a
phrase with slop and NEAR are span queries built pairwise, each step allowing `slop`
positions between the span so far and the next word (Whoosh's SpanNear2 walk), which in
Lucene's terms is a gap of `slop - 1`. The two text fields share positions, so a NEAR may
mix them (a masked span). Patterns arrive expanded (archive.engines.opensearch.patterns).
"""

from __future__ import annotations

from typing import Any

from archive.engines.opensearch.mapping import ANALYZER, too_long_for_one_token
from archive.engines.opensearch.patterns import Words
from archive.query import tree as qt

MATCH_NONE: dict[str, Any] = {"match_none": {}}
MATCH_ALL: dict[str, Any] = {"match_all": {}}
# Up to this many words a pattern's words are scored one by one (as Whoosh's Or of
# terms); more are matched as one set, which counts as one clause.
SCORED_WORDS = 128


def _term(field: str, word: str) -> dict[str, Any]:
    if too_long_for_one_token(word):
        # Indexed as pieces by the whitespace tokenizer: matched as the same pieces.
        return _phrase(field, (word,))
    return {"term": {field: word}}


def _phrase(field: str, words: tuple[str, ...]) -> dict[str, Any]:
    return {"match_phrase": {field: {"query": " ".join(words), "analyzer": ANALYZER}}}


def _bool(**clauses: Any) -> dict[str, Any]:
    return {"bool": clauses}


def to_dsl(node: Any) -> dict[str, Any]:
    """Return the OpenSearch query for a tree whose patterns are expanded."""
    if isinstance(node, qt.Term):
        return _term(node.field, node.text)
    if isinstance(node, qt.Phrase):
        if node.slop <= 1:
            return _phrase(node.field, node.words)
        return _spans_or_none(node)
    if isinstance(node, Words):
        if not node.words:
            return MATCH_NONE
        if len(node.words) > SCORED_WORDS:
            return {"terms": {node.field: list(node.words)}}
        terms = [_term(node.field, w) for w in node.words]
        return terms[0] if len(terms) == 1 else _bool(should=terms, minimum_should_match=1)
    if isinstance(node, qt.DateRange):
        bounds = {k: v for k, v in (("gte", node.low), ("lte", node.high)) if v is not None}
        return {"range": {"date": bounds}} if bounds else {"exists": {"field": "date"}}
    if isinstance(node, qt.Every):
        return MATCH_ALL if node.field is None else {"exists": {"field": node.field}}
    if isinstance(node, qt.Nothing):
        return MATCH_NONE
    if isinstance(node, qt.Near):
        return _spans_or_none(node)
    if isinstance(node, qt.And | qt.Or):
        # A loop, not a comprehension: one stack frame per level of brackets.
        children: list[dict[str, Any]] = []
        for child in node.children:
            children.append(to_dsl(child))
        if isinstance(node, qt.And):
            return _bool(must=children)
        return _bool(should=children, minimum_should_match=1)
    if isinstance(node, qt.Not):
        return _bool(must_not=[to_dsl(node.child)])
    if isinstance(node, qt.AndNot):
        return _bool(must=[to_dsl(node.positive)], must_not=[to_dsl(node.negative)])
    if isinstance(node, qt.AndMaybe):
        return _bool(must=[to_dsl(node.required)], should=[to_dsl(node.optional)])
    if isinstance(node, qt.Require):
        return _bool(must=[to_dsl(node.scored)], filter=[to_dsl(node.required)])
    raise TypeError(f"not a query tree node: {node!r}")


# --- spans: phrases with slop, NEAR ------------------------------------------------------


class _NoSpans(Exception):
    """A part of a NEAR that matches nothing (a pattern that expanded to no word)."""


def _spans_or_none(node: Any) -> dict[str, Any]:
    requirements: list[dict[str, Any]] = []
    try:
        spans = _span(node, requirements)
    except _NoSpans:
        return MATCH_NONE
    if spans is None:
        # Nothing positional in it (a NEAR of dates, say): what it holds, all of it.
        return _bool(filter=requirements) if requirements else MATCH_ALL
    return _bool(must=[spans], filter=requirements) if requirements else spans


def _span_field(span: dict[str, Any]) -> str | None:
    kind, body = next(iter(span.items()))
    if kind == "span_term":
        return next(iter(body))
    if kind == "field_masking_span":
        return str(body["field"])
    if kind in ("span_near", "span_or"):
        return _span_field(body["clauses"][0])
    return None


def _masked(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the spans with every field as the first's: the text fields share positions."""
    field = _span_field(spans[0])
    return [
        s if _span_field(s) == field else {"field_masking_span": {"query": s, "field": field}}
        for s in spans
    ]


def _chain(spans: list[dict[str, Any]], gap: int, ordered: bool) -> dict[str, Any]:
    """Return spans joined pairwise: each next one within `gap` positions of the span so far."""
    joined = spans[0]
    for span in spans[1:]:
        joined = {
            "span_near": {
                "clauses": _masked([joined, span]),
                "slop": gap,
                "in_order": ordered,
            }
        }
    return joined


def _span_words(field: str, words: tuple[str, ...]) -> dict[str, Any]:
    terms = [{"span_term": {field: w}} for w in words]
    return terms[0] if len(terms) == 1 else {"span_or": {"clauses": terms}}


def _span(node: Any, requirements: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Return a node as a span query, adding to `requirements` what only filters."""
    if isinstance(node, qt.Term):
        return {"span_term": {node.field: node.text}}
    if isinstance(node, Words):
        if not node.words:
            raise _NoSpans
        return _span_words(node.field, node.words)
    if isinstance(node, qt.Phrase):
        terms = [{"span_term": {node.field: w}} for w in node.words]
        if len(terms) == 1:
            return terms[0]
        if node.slop <= 1:
            return {"span_near": {"clauses": terms, "slop": 0, "in_order": True}}
        return _chain(terms, node.slop - 1, ordered=True)
    if isinstance(node, qt.Near | qt.Or | qt.And):
        spans: list[dict[str, Any]] = []
        for child in node.children:
            span = _span(child, requirements)
            if span is not None:
                spans.append(span)
        if isinstance(node, qt.And) and len(node.children) > 1:
            # Whoosh's And inside a NEAR: all of its parts in the passage, near by any.
            requirements.append(to_dsl(node))
        if not spans:
            return None
        if isinstance(node, qt.Near):
            return _chain(spans, max(0, node.slop - 1), ordered=node.ordered)
        return spans[0] if len(spans) == 1 else {"span_or": {"clauses": _masked(spans)}}
    # Dates, Every, negations: no positions; they only narrow the passages.
    requirements.append(to_dsl(node))
    return None
