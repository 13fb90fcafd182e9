"""Ingest: files and folders into stored, indexed episodes, and nothing on failure."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive.errors import ArchiveError, InvalidIdError
from archive.ingest.pipeline import (
    SourceFileError,
    add_file,
    add_paths,
    expand_paths,
    iter_add,
    remove_episode,
)
from archive.integrity.verify import verify
from archive.search.indexing import indexed_episode_ids
from archive.search.run import search
from archive.store.folder import Archive

DATA = Path(__file__).resolve().parent / "data" / "archive"
TreeHash = Callable[[Path], str]


def test_add_file_stores_indexes_and_summarises(archive: Archive) -> None:
    """One file becomes one stored, searchable episode with the contract's summary."""
    result = add_file(
        archive,
        DATA / "lighthouse-night.vtt",
        show="Coastal Voices",
        date="2024-03-14",
        hosts=["Mara Quill"],
        guests=["Ivo Brand"],
    )
    summary = result.summary()
    assert result.status == "added"
    assert summary["id"] == "lighthouse-night"
    assert {"id", "title", "passages", "turns", "speakers", "sections", "warnings"} <= set(summary)
    assert summary["speakers"] == 2
    episode = archive.get_episode("lighthouse-night")
    original = (DATA / "lighthouse-night.vtt").read_bytes()
    assert episode.source.sha256 == hashlib.sha256(original).hexdigest()
    assert archive.original_path(episode.id).read_bytes() == original
    assert (episode.show, episode.date) == ("Coastal Voices", "2024-03-14")
    assert {p.name: p.role for p in episode.participants} == {
        "Mara Quill": "host",
        "Ivo Brand": "guest",
    }
    hit = search(archive, '"it was the first time"').hits[0]
    assert (hit.episode_id, hit.speaker) == ("lighthouse-night", "Ivo Brand")


def test_ids_come_from_the_file_name_and_are_unique(archive: Archive, tmp_path: Path) -> None:
    """Without --id the file name gives the id; a second file of that name gets -2."""
    first = add_file(archive, DATA / "market-voices.txt", title="Market Day")
    other = tmp_path / "market-voices.txt"
    other.write_bytes((DATA / "market-voices.txt").read_bytes() + b"\nRosa Pell: Goodbye.\n")
    second = add_file(archive, other, title="Market Day")
    generic = tmp_path / "transcript.txt"
    generic.write_bytes(b"Rosa Pell: A different market, a different day.\n")
    third = add_file(archive, generic, title="Market Day")
    assert first.summary()["id"] == "market-voices"
    assert second.summary()["id"] == "market-voices-2"
    assert third.summary()["id"] == "market-day"


def test_the_same_file_twice_is_unchanged(archive: Archive, tree_hash: TreeHash) -> None:
    """An identical file (same sha256) is reported unchanged and nothing is written."""
    add_file(archive, DATA / "market-voices.txt")
    before = tree_hash(archive.root)
    again = add_file(archive, DATA / "market-voices.txt", episode_id="another-id")
    assert again.status == "unchanged"
    assert again.summary()["id"] == "market-voices"
    assert tree_hash(archive.root) == before


def test_an_existing_id_takes_a_correction(archive: Archive) -> None:
    """Adding different content under a taken id stores it as the next revision."""
    add_file(archive, DATA / "market-voices.txt", episode_id="shared")
    result = add_file(archive, DATA / "zanzibar-late.txt", episode_id="shared")
    assert result.status == "corrected"
    assert archive.get_episode("shared").revision == 2
    assert [r.revision for r in archive.revisions("shared")] == [1, 2]
    assert archive.episode_revision("shared", 1).source.filename == "market-voices.txt"


@pytest.mark.parametrize(
    ("name", "options", "error", "message"),
    [
        ("missing.vtt", {}, SourceFileError, "no such file"),
        ("market-voices.txt", {"episode_id": "../x"}, InvalidIdError, "invalid episode id"),
        ("market-voices.txt", {"date": "14/03/2024"}, ArchiveError, "YYYY-MM-DD"),
        ("market-voices.txt", {"format": "json"}, SourceFileError, "market-voices.txt"),
    ],
)
def test_failures_change_nothing(
    archive: Archive,
    tree_hash: TreeHash,
    name: str,
    options: dict[str, str],
    error: type[Exception],
    message: str,
) -> None:
    """Every failed add raises an ArchiveError naming the problem and leaves no trace."""
    before = tree_hash(archive.root)
    with pytest.raises(error, match=message):
        add_file(archive, DATA / name, **options)  # type: ignore[arg-type]
    assert tree_hash(archive.root) == before


def test_empty_and_binary_files_are_reported(archive: Archive, tmp_path: Path) -> None:
    """Reader errors are wrapped with the file name."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "noise.vtt"
    binary.write_bytes(bytes(range(256)) * 4)
    for path in (empty, binary):
        with pytest.raises(SourceFileError, match=path.name):
            add_file(archive, path)
    assert archive.episode_ids() == []


def test_an_index_failure_takes_the_episode_back_out(
    archive: Archive, tree_hash: TreeHash, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If indexing fails the stored episode is removed, so store and index agree."""
    before = tree_hash(archive.root)

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr("archive.ingest.pipeline.index_episode", broken)
    with pytest.raises(ArchiveError, match="indexing failed"):
        add_file(archive, DATA / "market-voices.txt")
    assert archive.episode_ids() == []
    assert tree_hash(archive.root) == before


def test_folders_are_expanded_sorted_and_filtered(tmp_path: Path) -> None:
    """Folder imports take transcript extensions only, skip hidden files, sort by path."""
    names = ["b.vtt", "a.TXT", "notes.pdf", ".hidden.vtt", "sub/c.md", ".git/d.txt",
             "b.vtt.meta.json", "sub/README.md", "LICENSE.txt", "changelog_ep12.md"]  # fmt: skip
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    skipped: list[Path] = []
    found = [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path], skipped=skipped)]
    assert found == ["a.TXT", "b.vtt", "changelog_ep12.md", "sub/c.md"]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in skipped) == [
        "LICENSE.txt",
        "b.vtt.meta.json",
        "sub/README.md",
    ]


def test_add_paths_goes_on_past_failures(archive: Archive, tmp_path: Path) -> None:
    """One bad file in a folder is reported; the others are added."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ["market-voices.txt", "zanzibar-late.txt"]:
        (folder / name).write_bytes((DATA / name).read_bytes())
    (folder / "broken.txt").write_bytes(b"")
    results = add_paths(archive, [folder])
    assert [(r.path.name, r.status) for r in results] == [
        ("broken.txt", "failed"),
        ("market-voices.txt", "added"),
        ("zanzibar-late.txt", "added"),
    ]
    assert "broken.txt" in (results[0].error or "")
    assert archive.episode_ids() == ["market-voices", "zanzibar-late"]


def test_remove_episode_clears_store_and_index(archive: Archive) -> None:
    """Removing takes the episode out of the index and the store together."""
    add_file(archive, DATA / "zanzibar-late.txt")
    assert search(archive, "zanzibar").total == 2
    remove_episode(archive, "zanzibar-late")
    assert search(archive, "zanzibar").total == 0
    assert archive.episode_ids() == []
    assert indexed_episode_ids(archive) == set()


def test_examples_ingest(sample_archive: Archive) -> None:
    """Every file in examples/ becomes an episode with speakers and passages."""
    episodes = sample_archive.episodes()
    assert len(episodes) >= 3
    for episode in episodes:
        assert episode.passages
        assert any(p.speaker for p in episode.passages)
    assert search(sample_archive, '"it was the first time"').total >= 1


def test_a_copy_in_the_same_batch_is_unchanged(archive: Archive, tmp_path: Path) -> None:
    """Two identical files in one folder give one episode; the copy is reported unchanged."""
    folder = tmp_path / "copies"
    folder.mkdir()
    for name in ["a.txt", "b.txt"]:
        (folder / name).write_bytes((DATA / "zanzibar-late.txt").read_bytes())
    results = add_paths(archive, [folder])
    assert [r.status for r in results] == ["added", "unchanged"]
    assert archive.episode_ids() == ["a"]


SEARCH_DATA = DATA.parent / "search"


def _watched(paths: list[Path], read: list[Path]) -> Iterator[Path]:
    for path in paths:
        read.append(path)
        yield path


def test_results_come_batch_by_batch_in_file_order(archive: Archive) -> None:
    """A result is given once its batch is indexed, before later files are read."""
    files = sorted(p for p in SEARCH_DATA.iterdir() if p.suffix in {".txt", ".vtt"})[:4]
    read: list[Path] = []
    results = iter_add(archive, _watched(files, read), batch_passages=1)
    first = next(results)
    assert first.path == files[0] and first.status == "added"
    # The first file's batch was indexed as soon as it was full: it is searchable now.
    assert first.episode is not None
    assert indexed_episode_ids(archive) == {first.episode.id}
    assert len(read) < len(files)
    assert [r.path for r in [first, *results]] == files


def test_stopping_early_still_indexes_what_was_stored(archive: Archive) -> None:
    """A caller that stops reading results leaves no episode stored but unindexed."""
    files = sorted(p for p in SEARCH_DATA.iterdir() if p.suffix in {".txt", ".vtt"})[:3]
    results = iter_add(archive, files, batch_passages=1)
    first = next(results)
    results.close()
    assert first.status == "added"
    assert first.episode is not None
    # The files after the first were never read; the first is stored and indexed.
    assert archive.episode_ids() == [first.episode.id]
    assert indexed_episode_ids(archive) == {first.episode.id}
    assert verify(archive).ok
