"""Searching an OpenSearch index through the engine's Reader interface.

Every request checks the search's time budget first (archive.query.budget) and gives the
cluster what is left of it as its own `timeout`: a search past it answers with what the
shards found in time, and says so in `Ranked.cut`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from archive.engines.base import (
    FACET_FIELDS,
    SORTS,
    STORED_FIELDS,
    QueryTerms,
    Ranked,
    RankedHit,
    SearchRequest,
)
from archive.engines.opensearch.compile import MATCH_ALL, to_dsl
from archive.engines.opensearch.patterns import (
    Words,
    expand_patterns,
    fuzzy_query,
    near,
    terms_in,
)
from archive.query import budget as time_budget
from archive.query import tree as qt

if TYPE_CHECKING:
    from archive.engines.opensearch.engine import OpenSearchEngine

# Facet values counted per facet: past this the rarest are left out (an exact count of
# every episode of a million-episode archive is not worth a search's memory).
FACET_SIZE = 10_000
# Hits read per request when every match is asked for (limit None) or a page lies deep.
PAGE = 1_000
# OpenSearch's default `index.max_result_window`: from + size may not pass it.
RESULT_WINDOW = 10_000
# Beyond the search's own budget, how long the client waits for the cluster's answer.
CLIENT_GRACE_S = 5.0


def _sort(sort: str) -> list[Any]:
    """Return the sort for an order name; ties go by episode, then reading order."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    tail = [{"episode_id": "asc"}, {"order": "asc"}]
    if sort == "relevance":
        return ["_score", *tail]
    if sort == "passage":
        return [{"order": "asc"}, {"episode_id": "asc"}]
    key = {"newest": {"newest": "desc"}, "oldest": {"oldest": "asc"}}[sort]
    return [key, *tail]


def query_terms(tree: Any) -> QueryTerms:
    """Collect the words and phrases to mark from an expanded tree, skipping negated parts."""
    terms = QueryTerms()

    def walk(node: Any) -> None:
        if isinstance(node, qt.Not):
            return  # excluded words are not why a passage matched
        if isinstance(node, qt.AndNot):
            walk(node.positive)
            return
        field = getattr(node, "field", None)
        if field not in qt.TEXT_FIELDS:
            for child in qt.children(node) if not isinstance(node, Words) else ():
                walk(child)
            return
        if isinstance(node, qt.Phrase):
            if node.slop > 1:
                # A sloppy phrase ("a b"~5) has words between its words: mark each.
                terms.words.setdefault(field, set()).update(node.words)
            else:
                terms.phrases.setdefault(field, []).append(node.words)
        elif isinstance(node, qt.Term):
            terms.words.setdefault(field, set()).add(node.text)
        elif isinstance(node, Words):
            terms.words.setdefault(field, set()).update(node.words)

    walk(tree)
    return terms


class OpenSearchReader:
    """An OpenSearch index (through its alias) behind the engine's Reader interface."""

    def __init__(self, engine: OpenSearchEngine, target: str | None) -> None:
        self.engine = engine
        # The concrete index the alias named when this reader opened (None: no index yet).
        self.target = target
        self._near: dict[tuple[str, str, int, int], list[str]] = {}

    # --- talking to the cluster ---------------------------------------------------------

    def _search(self, body: dict[str, Any], what: str = "searching") -> dict[str, Any]:
        engine = self.engine
        params: dict[str, Any] = {}
        if engine.shards(self.target) > 1:
            # Each shard scores with the whole index's word counts, as one index would.
            params["search_type"] = "dfs_query_then_fetch"
        at = time_budget.current_deadline()
        if at is not None:
            left = max(0.001, at - time.monotonic())
            body = {**body, "timeout": f"{int(left * 1000) + 1}ms"}
            params["request_timeout"] = left + CLIENT_GRACE_S
        return engine.call(
            what, lambda: engine.client.search(index=engine.alias, body=body, params=params)
        )

    def _count_of(self, query: dict[str, Any]) -> int:
        if self.target is None:
            return 0
        engine = self.engine
        found = engine.call(
            "counting", lambda: engine.client.count(index=engine.alias, body={"query": query})
        )
        return int(found["count"])

    def _rewritten(self, query: dict[str, Any]) -> list[str]:
        """Return the terms of the query's field that the shards rewrite it to."""
        if self.target is None:
            return []
        engine = self.engine
        field = next(iter(next(iter(query.values()))))
        found = engine.call(
            "expanding a pattern",
            lambda: engine.client.indices.validate_query(
                index=engine.alias,
                body={"query": query},
                params={"rewrite": "true", "all_shards": "true"},
            ),
        )
        return terms_in(found.get("explanations", []), field)

    def _frequencies(self, field: str, words: list[str]) -> dict[str, int]:
        filters = {str(i): {"term": {field: w}} for i, w in enumerate(words)}
        body = {"size": 0, "aggs": {"df": {"filters": {"filters": filters}}}}
        buckets = self._search(body, "counting a pattern's words")["aggregations"]["df"]["buckets"]
        return {words[int(i)]: int(b["doc_count"]) for i, b in buckets.items()}

    def expanded(self, tree: qt.Node) -> tuple[Any, tuple[str, ...]]:
        """Return the tree with its patterns replaced by the words they match, and notes."""
        return expand_patterns(tree, self._rewritten, self._frequencies)

    def _query(self, tree: Any, restrict: qt.Node | None) -> dict[str, Any]:
        query = to_dsl(tree)
        if restrict is None:
            return query
        return {"bool": {"must": [query], "filter": [to_dsl(restrict)]}}

    # --- searching ----------------------------------------------------------------------

    def search(self, request: SearchRequest) -> Ranked:
        """Run one search: the best hits, every match counted, within the time budget."""
        if isinstance(request.query, qt.Nothing) or self.target is None:
            return Ranked()
        try:
            time_budget.check()
            tree, notes = self.expanded(request.query)
            time_budget.check()
        except time_budget.OutOfTime:
            return Ranked(cut=True)
        cut = time_budget.TIME_BUDGET_NOTE in notes
        body: dict[str, Any] = {
            "query": self._query(tree, request.restrict),
            "sort": _sort(request.sort),
            "_source": list(STORED_FIELDS),
            "track_total_hits": bool(request.count),
        }
        if request.count:
            body["aggs"] = {
                name: {"terms": {"field": field, "size": FACET_SIZE}}
                for name, field in FACET_FIELDS.items()
            }
        try:
            found, hits = self._hits(body, request)
        except time_budget.OutOfTime:
            return Ranked(cut=True, notes=notes)
        cut = cut or bool(found.get("timed_out"))
        total, facets = 0, {}
        if request.count:
            total = int(found["hits"]["total"]["value"])
            aggs = found.get("aggregations", {})
            facets = {
                name: {b["key"]: int(b["doc_count"]) for b in aggs.get(name, {}).get("buckets", [])}
                for name in FACET_FIELDS
            }
        scored = request.sort == "relevance"
        ranked = [
            RankedHit(hit["_source"], float(hit.get("_score") or 0.0) if scored else 0.0)
            for hit in hits
        ]
        terms = query_terms(tree) if request.terms else QueryTerms()
        return Ranked(hits=ranked, total=total, facets=facets, cut=cut, notes=notes, terms=terms)

    def _hits(
        self, body: dict[str, Any], request: SearchRequest
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Return the first answer (totals, facets) and the hits from `offset` to `limit`."""
        limit, offset = request.limit, request.offset
        if limit is not None and limit <= RESULT_WINDOW:
            size = max(0, limit - offset)
            if request.collapse:
                body = {**body, "collapse": {"field": "episode_id"}}
            found = self._search({**body, "from": min(offset, limit), "size": size})
            return found, found["hits"]["hits"]
        # Every match (or a page past the result window): read in pages, in order.
        first: dict[str, Any] | None = None
        hits: list[dict[str, Any]] = []
        seen: set[str] = set()
        after: list[Any] | None = None
        while True:
            time_budget.check()
            page = {**body, "size": PAGE} if after is None else {**body, "size": PAGE}
            if after is not None:
                page["search_after"] = after
                page.pop("aggs", None)
                page["track_total_hits"] = False
            found = self._search(page)
            first = first or found
            batch = found["hits"]["hits"]
            for hit in batch:
                if request.collapse:
                    episode = hit["_source"].get("episode_id")
                    if episode in seen:
                        continue
                    seen.add(episode)
                hits.append(hit)
            if len(batch) < PAGE or (limit is not None and len(hits) >= limit):
                break
            after = batch[-1]["sort"]
        kept = hits[:limit] if limit is not None else hits
        return first, kept[offset:]

    def count(self, query: qt.Node, restrict: qt.Node | None = None) -> int:
        """Return how many passages match, scoring none."""
        if isinstance(query, qt.Nothing) or self.target is None:
            return 0
        tree, _ = self.expanded(query)
        return self._count_of(self._query(tree, restrict))

    def passage_at(self, episode_id: str, order: int) -> Mapping[str, Any] | None:
        """Return the stored fields of an episode's passage by its place, or None."""
        if self.target is None:
            return None
        query = {
            "bool": {"filter": [{"term": {"episode_id": episode_id}}, {"term": {"order": order}}]}
        }
        body = {"query": query, "size": 1, "_source": list(STORED_FIELDS)}
        for hit in self._search(body, "reading a passage")["hits"]["hits"]:
            return hit["_source"]
        return None

    def doc_count(self) -> int:
        """Return how many passages the index holds."""
        return self._count_of(MATCH_ALL)

    def doc_frequency(self, field: str, word: str) -> int:
        """Return in how many passages a word occurs in a field."""
        return self._count_of({"term": {field: word}})

    def words_within(self, field: str, word: str, maxdist: int, prefix: int) -> Iterable[str]:
        """Yield the index's words within `maxdist` edits of `word`, sharing its first letters.

        The cluster lists the candidates from its term dictionaries (one more edit, as the
        Whoosh engine's automaton); the edits are counted here as Whoosh counts them. A
        reader asked the same again answers from what it kept.
        """
        key = (field, word, maxdist, prefix)
        if key not in self._near:
            time_budget.check()
            candidates = self._rewritten(fuzzy_query(field, word, maxdist, prefix))
            self._near[key] = near(candidates, word, maxdist)
        return list(self._near[key])

    def stored_passages(self) -> Iterator[Mapping[str, Any]]:
        """Yield the stored fields of every passage, in passage id order."""
        if self.target is None:
            return
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {
                "query": MATCH_ALL,
                "size": PAGE,
                "sort": [{"passage_id": "asc"}],
                "_source": list(STORED_FIELDS),
            }
            if after is not None:
                body["search_after"] = after
            batch = self.engine.call(
                "reading the stored passages",
                lambda body=body: self.engine.client.search(index=self.engine.alias, body=body),
            )["hits"]["hits"]
            for hit in batch:
                yield hit["_source"]
            if len(batch) < PAGE:
                return
            after = batch[-1]["sort"]

    # --- the reader's life --------------------------------------------------------------

    def fresh(self) -> OpenSearchReader:
        """Return a reader on the index as it is now: this one unless a rebuild swapped it."""
        if self.engine.target() == self.target:
            return self
        return self.engine.reader()

    def close(self) -> None:
        """Nothing to release: the client's connections are the engine's."""
