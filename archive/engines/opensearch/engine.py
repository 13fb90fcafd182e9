"""The OpenSearch engine: Verbatim's engine interface over one index behind an alias.

An archive's index is named by archive.json ("engine_index", else "verbatim-" and the
archive's id) and lives on the cluster archive.json names ("engine_url"). The name is an
alias: the concrete index behind it carries the schema version in its name and in its
mapping's `_meta`, and a rebuild fills a new index and swaps the alias only once the new
one is complete, keeping the old one until then.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from opensearchpy import exceptions as os_errors

from archive.engines.opensearch import connection
from archive.engines.opensearch.mapping import (
    SCHEMA_VERSION,
    mappings,
    opensearch_document,
    settings,
)
from archive.engines.opensearch.reader import OpenSearchReader
from archive.errors import ArchiveError, IndexDamagedError, IndexOutOfDateError

if TYPE_CHECKING:
    from archive.store.folder import Archive

T = TypeVar("T")
# Passages sent to the cluster per bulk request.
BULK_DOCS = 2_000
# Shards of a new index (VERBATIM_OPENSEARCH_SHARDS): one is right for a node, more for a
# cluster. Replicas follow the nodes there are (0 on one node, 1 once there are two).
DEFAULT_SHARDS = 1
REPLICAS = "0-1"


def index_alias(meta: Mapping[str, Any]) -> str:
    """Return the alias an archive's index goes by, from its archive.json."""
    if meta.get("engine_index"):
        return str(meta["engine_index"])
    if meta.get("id"):
        return f"verbatim-{meta['id']}"
    raise ArchiveError(
        'archive.json names no OpenSearch index (no "engine_index" and no "id"); run '
        "`verbatim reindex --engine opensearch` to give it one"
    )


def new_index_alias() -> str:
    """Return a fresh alias for an archive moving to OpenSearch."""
    return f"verbatim-{uuid.uuid4().hex}"


class OpenSearchEngine:
    """One archive's index on an OpenSearch cluster, behind its alias."""

    name = "opensearch"
    schema_version = SCHEMA_VERSION

    def __init__(self, archive: Archive, *, url: str | None = None, index: str | None = None):
        self.archive = archive
        meta = archive.metadata()
        self.url = url or connection.archive_url(archive)
        self.alias = index or index_alias(meta)
        self.client = connection.connect(self.url)
        self._shards: dict[str, int] = {}

    def call(self, what: str, fn: Callable[[], T]) -> T:
        """Call `fn`, which talks to the cluster; its failures are one ArchiveError line."""
        return connection.call(self.url, what, fn)

    # --- the alias and the index behind it ------------------------------------------------

    def target(self) -> str | None:
        """Return the concrete index the alias names now, or None if there is none."""
        # 404 is an answer here (no index yet), not a failure for the client to log.
        found = self.call(
            "finding the index",
            lambda: self.client.indices.get_alias(name=self.alias, params={"ignore": 404}),
        )
        names = sorted(name for name, value in found.items() if isinstance(value, dict))
        return names[0] if names else None

    def shards(self, target: str | None) -> int:
        """Return how many primary shards an index has."""
        if target is None:
            return 0
        if target not in self._shards:
            found = self.call(
                "reading the index settings",
                lambda: self.client.indices.get_settings(
                    index=target, name="index.number_of_shards"
                ),
            )
            self._shards[target] = int(found[target]["settings"]["index"]["number_of_shards"])
        return self._shards[target]

    def _schema_of(self, target: str) -> Any:
        found = self.call(
            "reading the index mapping", lambda: self.client.indices.get_mapping(index=target)
        )
        return found[target]["mappings"].get("_meta", {}).get("verbatim_schema")

    def check_schema(self, target: str) -> None:
        """Raise IndexOutOfDateError if the index was built with another schema version."""
        found = self._schema_of(target)
        if found != SCHEMA_VERSION:
            raise IndexOutOfDateError(
                f"the OpenSearch index {self.alias} was built with schema version {found}, "
                f"this Verbatim uses {SCHEMA_VERSION}; run "
                f"`verbatim --archive {self.archive.root} reindex`"
            )

    def _new_index(self, *, aliased: bool) -> str:
        """Create an empty concrete index (under the alias if `aliased`); return its name."""
        name = f"{self.alias}-s{SCHEMA_VERSION}-{uuid.uuid4().hex[:8]}"
        shards = int(os.environ.get("VERBATIM_OPENSEARCH_SHARDS") or DEFAULT_SHARDS)
        body: dict[str, Any] = {
            "settings": {**settings(shards, 0), "auto_expand_replicas": REPLICAS},
            "mappings": mappings(str(self.archive.root)),
        }
        if aliased:
            body["aliases"] = {self.alias: {}}
        self.call("creating the index", lambda: self.client.indices.create(index=name, body=body))
        return name

    def exists(self) -> bool:
        """Return True if the index has been created."""
        return self.target() is not None

    def create(self) -> None:
        """Create an empty index behind the alias, if there is none."""
        if self.target() is None:
            self._new_index(aliased=True)

    def drop(self) -> None:
        """Delete the index behind the alias (after a switch to another engine)."""
        target = self.target()
        if target is not None:
            self.call("deleting the index", lambda: self.client.indices.delete(index=target))

    # --- reading --------------------------------------------------------------------------

    def reader(self) -> OpenSearchReader:
        """Open a reader; an archive never indexed reads as empty."""
        target = self.target()
        if target is None:
            if self.archive.episode_ids():
                raise ArchiveError(
                    f"{self.archive.root} has no search index in OpenSearch ({self.alias} at "
                    f"{connection.shown(self.url)}); run "
                    f"`verbatim --archive {self.archive.root} reindex`"
                )
        else:
            self.check_schema(target)
        return OpenSearchReader(self, target)

    def reading(self, fn: Callable[[], T]) -> T:
        """Call `fn`, which reads the index; a failure the client did not name is damage."""
        try:
            return fn()
        except (ArchiveError, NotImplementedError):
            raise
        except os_errors.OpenSearchException as exc:
            raise IndexDamagedError(
                f"the OpenSearch index {self.alias} cannot be read ({type(exc).__name__}); "
                "run `verbatim verify --repair` to rebuild it"
            ) from exc

    # --- writing --------------------------------------------------------------------------

    def _ids_of(self, index: str, episode_ids: list[str]) -> Iterator[str]:
        """Yield the document ids of these episodes' passages."""
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {
                "query": {"terms": {"episode_id": episode_ids}},
                "size": 1000,
                "sort": [{"passage_id": "asc"}],
                "_source": False,
            }
            if after is not None:
                body["search_after"] = after
            hits = self.call(
                "finding passages to replace",
                lambda body=body: self.client.search(index=index, body=body),
            )["hits"]["hits"]
            for hit in hits:
                yield hit["_id"]
            if len(hits) < 1000:
                return
            after = hits[-1]["sort"]

    def _bulk(self, index: str, actions: list[dict[str, Any]]) -> None:
        """Send one bulk request; any item the cluster refused fails the write."""
        if not actions:
            return
        lines: list[Any] = []
        for action in actions:
            lines.append({action["op"]: {"_index": index, "_id": action["id"]}})
            if action["op"] == "index":
                lines.append(action["doc"])
        answer = self.call("writing passages", lambda: self.client.bulk(body=lines))
        if answer.get("errors"):
            refused = [
                item
                for item in answer["items"]
                for op, result in item.items()
                if result.get("status", 200) >= 300
                and not (op == "delete" and result.get("status") == 404)
            ]
            if refused:
                first = next(iter(refused[0].values()))
                reason = (first.get("error") or {}).get("reason") or first.get("status")
                raise ArchiveError(
                    f"OpenSearch refused {len(refused)} passages of this write ({reason})"
                )

    def _write_into(
        self,
        index: str,
        episodes: Iterable[tuple[str, Sequence[Mapping[str, Any]]]],
    ) -> int:
        """Write episodes' passages into `index` in bulk batches; return passages written."""
        written = 0
        batch: list[dict[str, Any]] = []
        for _, docs in episodes:
            for doc in docs:
                batch.append(
                    {"op": "index", "id": doc["passage_id"], "doc": opensearch_document(doc)}
                )
                written += 1
            if len(batch) >= BULK_DOCS:
                self._bulk(index, batch)
                batch = []
        self._bulk(index, batch)
        return written

    def _refresh(self, index: str) -> None:
        self.call("refreshing the index", lambda: self.client.indices.refresh(index=index))

    def write(
        self,
        episodes: Mapping[str, Sequence[Mapping[str, Any]]],
        *,
        remove: Iterable[str] = (),
    ) -> int:
        """Replace these episodes' passages and remove those of `remove`, then refresh.

        The deletes and the new passages go in bulk requests and are seen together at the
        refresh; a write cut short between two requests leaves the index stale, which
        `verbatim verify` finds (the store is the truth) and `--repair` rebuilds.
        """
        target = self.target()
        if target is None:
            target = self._new_index(aliased=True)
        else:
            self.check_schema(target)
        # Every passage of a replaced or removed episode goes: a new version may have fewer.
        gone = [*remove, *episodes]
        for start in range(0, len(gone), 500):
            ids = self._ids_of(target, gone[start : start + 500])
            self._bulk(target, [{"op": "delete", "id": i} for i in ids])
        written = self._write_into(target, episodes.items())
        self._refresh(target)
        return written

    def rebuild(self, episodes: Iterable[tuple[str, Sequence[Mapping[str, Any]]]]) -> int:
        """Fill a new index with these episodes; swap the alias to it once it is complete."""
        old = self.target()
        fresh = self._new_index(aliased=False)
        try:
            written = self._write_into(fresh, episodes)
            self._refresh(fresh)
            found = self.call(
                "counting the new index", lambda: self.client.count(index=fresh)["count"]
            )
            if found != written:
                raise ArchiveError(
                    f"the new OpenSearch index took {found} of {written} passages; "
                    "the old index is kept"
                )
            actions: list[dict[str, Any]] = [{"add": {"index": fresh, "alias": self.alias}}]
            if old is not None:
                actions.insert(0, {"remove": {"index": old, "alias": self.alias}})
            # One request: searches see the old index or the new one, never neither.
            self.call(
                "swapping the index",
                lambda: self.client.indices.update_aliases(body={"actions": actions}),
            )
        except BaseException:
            self.call(
                "removing the unfinished index", lambda: self.client.indices.delete(index=fresh)
            )
            raise
        if old is not None:
            self.call("removing the old index", lambda: self.client.indices.delete(index=old))
        return written

    def optimize(self) -> int:
        """Force-merge every shard into one segment; return the segments there were."""
        before = self.parts()
        target = self.target()
        if target is not None and before > self.shards(target):
            self.call(
                "merging the index",
                lambda: self.client.indices.forcemerge(
                    index=target, params={"max_num_segments": "1", "request_timeout": 3600}
                ),
            )
        return before

    def parts(self) -> int:
        """Return how many segments a search visits (at least one per primary shard)."""
        target = self.target()
        if target is None:
            return 0
        stats = self.call(
            "reading the index's segments",
            lambda: self.client.indices.stats(index=target, metric="segments"),
        )
        segments = int(stats["_all"]["primaries"]["segments"]["count"])
        return max(segments, self.shards(target))

    def indexed_episode_ids(self) -> set[str]:
        """Return the ids of the episodes that have passages in the index."""
        target = self.target()
        if target is None:
            return set()
        found: set[str] = set()
        after: dict[str, Any] | None = None
        while True:
            source: dict[str, Any] = {
                "size": 1000,
                "sources": [{"episode": {"terms": {"field": "episode_id"}}}],
            }
            if after is not None:
                source["after"] = after
            body = {"size": 0, "aggs": {"episodes": {"composite": source}}}
            answer = self.call(
                "listing the indexed episodes",
                lambda body=body: self.client.search(index=target, body=body),
            )["aggregations"]["episodes"]
            found.update(b["key"]["episode"] for b in answer["buckets"])
            after = answer.get("after_key")
            if not answer["buckets"] or after is None:
                return found

    def health(self) -> dict[str, Any]:
        """Report the index read-only: passages, segments and bytes of its primaries."""
        found = {"engine": self.name, "schema": self.schema_version, "passages": 0, "parts": 0}
        target = self.target()
        if target is None:
            return {**found, "bytes": 0}
        found["schema"] = self._schema_of(target)
        stats = self.call(
            "reading the index's size",
            lambda: self.client.indices.stats(index=target, metric="docs,store,segments"),
        )["_all"]["primaries"]
        found["passages"] = int(stats["docs"]["count"])
        found["parts"] = max(int(stats["segments"]["count"]), self.shards(target))
        return {**found, "bytes": int(stats["store"]["size_in_bytes"])}

    def recover(self) -> None:
        """Nothing to bring up to date: the cluster keeps its own records."""

    def check_files(self) -> list[str]:
        """Return one line per problem the cluster reports with the index (a red shard)."""
        target = self.target()
        if target is None:
            return []
        health = self.call(
            "reading the index's health",
            lambda: self.client.cluster.health(index=target),
        )
        if health.get("status") == "red":
            return [
                f"{target} has {health.get('unassigned_shards', '?')} unassigned shards "
                "(status red)"
            ]
        return []
