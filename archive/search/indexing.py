"""Indexing: the store's episodes written to the archive's engine, whichever it is.

The index is derived: every function here reads the stored episodes (and the speaker
registry, for who is who), builds their documents (archive.search.documents) and hands
them to the engine the archive records (archive.engines.open_engine).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from archive.engines import ENGINES, engine_name, open_engine
from archive.errors import UnreadableRecordError
from archive.search.documents import episode_documents
from archive.store.registry import Registry, load_registry
from transcripts.model import Episode

if TYPE_CHECKING:
    from archive.store.folder import Archive

# Past this many segments (or shards), `verbatim add` suggests `verbatim optimize`: each
# search visits every part, and "did you mean" searches the lexicon of the large ones.
PARTS_WORTH_MERGING = 8
# The engines an archive can be put on (`verbatim init --engine`, `reindex --engine`).
ENGINE_NAMES = tuple(ENGINES)


def _documents(
    episodes: Iterable[Episode], people: Registry
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    for episode in episodes:
        yield episode.id, list(episode_documents(episode, people))


def create_index(archive: Archive) -> None:
    """Create the archive's empty index in its engine, so that it is whole from the start."""
    open_engine(archive).create()


def index_episodes(archive: Archive, episodes: Sequence[Episode]) -> int:
    """Add or replace the passages of these episodes in one commit; return how many."""
    docs = dict(_documents(episodes, load_registry(archive)))
    return open_engine(archive).write(docs)


def index_episode(archive: Archive, episode: Episode) -> int:
    """Add or replace one episode's passages; return how many were written."""
    return index_episodes(archive, [episode])


def remove_episodes(archive: Archive, episode_ids: Iterable[str]) -> None:
    """Delete these episodes' passages from the index, in one commit."""
    open_engine(archive).write({}, remove=list(episode_ids))


def remove_episode(archive: Archive, episode_id: str) -> None:
    """Delete one episode's passages from the index."""
    remove_episodes(archive, [episode_id])


def rebuild(archive: Archive, unreadable: list[UnreadableRecordError] | None = None) -> int:
    """Build a fresh index from the store beside the old one, swap it in; return passages.

    With `unreadable`, episode records that cannot be read are left out and noted there
    (the repair lists them); without it, the first one stops the rebuild.
    """
    episodes = (
        archive.iter_episodes() if unreadable is None else archive.readable_episodes(unreadable)
    )
    return open_engine(archive).rebuild(_documents(episodes, load_registry(archive)))


def optimize(archive: Archive) -> int:
    """Compact the index for searching; return how many parts it had before."""
    return open_engine(archive).optimize()


def part_count(archive: Archive) -> int:
    """Return how many parts (segments) a search visits."""
    return open_engine(archive).parts()


def indexed_episode_ids(archive: Archive) -> set[str]:
    """Return the ids of the episodes that have passages in the index."""
    return open_engine(archive).indexed_episode_ids()


def engine_settings(url: str | None) -> dict[str, Any]:
    """Return what archive.json records of an engine besides its name: the cluster's URL."""
    return {"engine_url": url} if url else {}


def switch_engine(archive: Archive, engine: str, url: str | None = None) -> int:
    """Build the archive's index in `engine` from the store, then record it in archive.json.

    The old index is kept, and searched, until the new one is complete; then archive.json
    names the new engine (and URL), and an old index on a cluster is deleted. Returns the
    passages indexed.
    """
    old = open_engine(archive)
    was = (engine_name(archive), getattr(old, "url", None), getattr(old, "alias", None))
    new = open_engine(archive, engine, **({"url": url} if url else {}))
    count = new.rebuild(_documents(archive.iter_episodes(), load_registry(archive)))
    archive.update_metadata(engine=engine, **engine_settings(url))
    now = (engine, getattr(new, "url", None), getattr(new, "alias", None))
    # Only a cluster's index is deleted (it holds a cluster's memory); a Whoosh folder left
    # behind is inert, and rebuilt whole if the archive ever moves back.
    drop = getattr(old, "drop", None)
    if drop is not None and now != was:
        drop()
    return count
