"""Indexing: the store's episodes written to the archive's engine, whichever it is.

The index is derived: every function here reads the stored episodes (and the speaker
registry, for who is who), builds their documents (archive.search.documents) and hands
them to the engine the archive records (archive.engines.open_engine).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from archive.engines import open_engine
from archive.errors import UnreadableRecordError
from archive.search.documents import episode_documents
from archive.store.registry import Registry, load_registry
from transcripts.model import Episode

if TYPE_CHECKING:
    from archive.store.folder import Archive

# Past this many segments (or shards), `verbatim add` suggests `verbatim optimize`: each
# search visits every part, and "did you mean" searches the lexicon of the large ones.
PARTS_WORTH_MERGING = 8


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
