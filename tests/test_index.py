"""The Whoosh index: schema, documents, removal, rebuild and schema versions."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from archive.engines.whoosh.index import SCHEMA, SCHEMA_VERSION, VERSION_FILE, whoosh_document
from archive.errors import ArchiveError, IndexOutOfDateError
from archive.search import documents
from archive.search.documents import date_number
from archive.search.indexing import create_index, indexed_episode_ids, rebuild, remove_episode
from archive.search.run import search
from archive.store.folder import Archive
from transcripts.model import Episode, Section

EpisodeFactory = Callable[..., Episode]


def episode_documents(episode: Episode) -> Iterator[dict[str, Any]]:
    """The Whoosh documents of an episode: the neutral ones as the Whoosh engine writes them."""
    return (whoosh_document(doc) for doc in documents.episode_documents(episode))


Store = Callable[[Archive, Episode], Episode]


def test_schema_keeps_stop_words_and_uses_porter2() -> None:
    """The exact field keeps every word; the stem field stems with Porter2, not Porter."""
    exact = [t.text for t in SCHEMA["exact"].analyzer("It was the first time, a “Don’t” moment")]
    assert exact == ["it", "was", "the", "first", "time", "a", "don't", "moment"]
    stems = [t.text for t in SCHEMA["stem"].analyzer("Running runs generously")]
    # Whoosh's default Porter stemmer gives "runn" and "gener".
    assert stems == ["run", "run", "generous"]


def test_text_is_stored_once(make_episode: EpisodeFactory) -> None:
    """Only the `text` field stores the passage; the searchable copies are not stored."""
    stored = set(SCHEMA.stored_names())
    assert "text" in stored
    assert not {"exact", "stem", "speaker", "show", "section"} & stored
    doc = next(episode_documents(make_episode("e", [("A", "hello")])))
    assert doc["text"] == doc["exact"] == doc["stem"] == "hello"


def test_unknown_values_are_left_out(make_episode: EpisodeFactory) -> None:
    """Numeric fields never receive None: untimed, undated passages omit them."""
    episode = make_episode("e", [(None, "hello")], timed=False)
    doc = next(episode_documents(episode))
    assert not {"start_ms", "end_ms", "date", "speaker", "show"} & doc.keys()
    assert doc["order"] == 1


def test_documents_carry_episode_metadata(make_episode: EpisodeFactory) -> None:
    """Each document has its section title, show, date number and times."""
    episode = make_episode(
        "e",
        [("Ada Lovelace", "hello")],
        show="Night Shift",
        date="2024-03-14",
        sections=(Section("s1", "Opening"),),
    )
    doc = next(episode_documents(episode))
    assert doc["section_title"] == "Opening" and doc["section_id"] == "s1"
    assert doc["show_name"] == "Night Shift" and doc["show_key"] == "night shift"
    assert doc["date"] == 20240314 and doc["date_str"] == "2024-03-14"
    assert (doc["start_ms"], doc["end_ms"]) == (0, 10_000)


@pytest.mark.parametrize(
    ("value", "expected"), [("2024-03-14", 20240314), (None, None), ("2024", None), ("x", None)]
)
def test_date_number(value: str | None, expected: int | None) -> None:
    """Only full dates become yyyymmdd numbers."""
    assert date_number(value) == expected


def test_segments_are_not_compound(
    archive: Archive, make_episode: EpisodeFactory, store_episode: Store
) -> None:
    """Writers use compound=False: no .seg file that each process would copy into memory."""
    store_episode(archive, make_episode("e", [("A", "hello")]))
    assert list(archive.index_dir.glob("*.seg")) == []
    assert list(archive.index_dir.glob("*.trm"))  # separate per-segment files instead


def test_remove_episode_deletes_only_its_passages(
    archive: Archive, make_episode: EpisodeFactory, store_episode: Store
) -> None:
    """Deleting by episode id leaves the other episodes' passages."""
    store_episode(archive, make_episode("one", [("A", "lantern")]))
    store_episode(archive, make_episode("two", [("A", "lantern")]))
    remove_episode(archive, "one")
    assert indexed_episode_ids(archive) == {"two"}
    assert [h.episode_id for h in search(archive, "lantern").hits] == ["two"]


def test_reindex_reproduces_the_same_hits(sample_archive: Archive) -> None:
    """A rebuilt index answers queries exactly as the incrementally built one did."""
    queries = ['"it was the first time"', "seeds", "train OR lighthouse", "speaker:ferreira"]
    before = [search(sample_archive, q).to_dict() for q in queries]
    count = rebuild(sample_archive)
    after = [search(sample_archive, q).to_dict() for q in queries]
    assert count == sum(len(e.passages) for e in sample_archive.episodes())
    assert any(result["total"] for result in before)
    assert after == before
    # Only the write-lock file, made by init, is dot-named; no staging index is left.
    assert [p.name for p in sample_archive.root.iterdir() if p.name.startswith(".")] == [".lock"]


def test_rebuild_recovers_a_lost_index(
    archive: Archive, make_episode: EpisodeFactory, store_episode: Store
) -> None:
    """The index is derived: delete it and reindex brings every passage back."""
    store_episode(archive, make_episode("e", [("A", "lantern"), ("B", "keeper")]))
    for path in archive.index_dir.iterdir():
        path.unlink()
    with pytest.raises(ArchiveError, match="reindex"):
        search(archive, "lantern")
    assert rebuild(archive) == 2
    assert search(archive, "keeper").total == 1


def test_an_old_schema_demands_a_reindex(archive: Archive) -> None:
    """An index recorded with another schema version is refused until rebuilt."""
    create_index(archive)
    archive.update_metadata(index_schema=0)
    with pytest.raises(IndexOutOfDateError, match="reindex"):
        search(archive, "anything")


def test_the_index_folder_records_its_own_schema_version(archive: Archive) -> None:
    """The version beside the index's files is checked too, and a rebuild writes it anew."""
    create_index(archive)
    marker = archive.index_dir / VERSION_FILE
    assert json.loads(marker.read_text(encoding="utf-8"))["schema"] == SCHEMA_VERSION
    marker.write_text(json.dumps({"engine": "whoosh", "schema": 1}), encoding="utf-8")
    with pytest.raises(IndexOutOfDateError, match="schema version 1"):
        search(archive, "anything")
    rebuild(archive)
    assert search(archive, "anything").total == 0
    rebuild(archive)
    assert search(archive, "anything").total == 0
