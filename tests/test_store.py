"""The archive on disk: layout, atomic writes, ids and lookups."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.errors import (
    ArchiveError,
    EpisodeNotFoundError,
    InvalidIdError,
    NotAnArchiveError,
    PassageNotFoundError,
)
from archive.store.folder import Archive, EpisodeExistsError, atomic_write_json, safe_filename
from archive.store.ids import derive_id, slugify, unique_id, validate_id
from transcripts.model import Episode

EpisodeFactory = Callable[..., Episode]


def test_init_creates_a_readable_layout(tmp_path: Path) -> None:
    """Init writes archive.json with the format marker and its engine, and episodes/."""
    archive = Archive.init(tmp_path / "new")
    meta = json.loads((tmp_path / "new" / "archive.json").read_text(encoding="utf-8"))
    assert meta["format"] == "verbatim-archive"
    assert meta["version"] == 1
    assert meta["engine"] == "whoosh"
    assert archive.episodes_dir.is_dir()


def test_the_engine_makes_its_index_on_the_first_write(
    tmp_path: Path, make_episode: EpisodeFactory
) -> None:
    """A new archive searches as empty; its first episode creates the index and its version."""
    from archive.engines import open_engine
    from archive.search.indexing import index_episode
    from archive.search.run import search

    archive = Archive.init(tmp_path / "new")
    assert search(archive, "hello").total == 0
    assert not open_engine(archive).exists()
    episode = make_episode("first", [("A", "hello there")])
    archive.add(episode, b"hello there")
    index_episode(archive, episode)
    assert open_engine(archive).exists()
    assert search(archive, "hello").total == 1


def test_init_twice_keeps_the_archive(archive: Archive, make_episode: EpisodeFactory) -> None:
    """A second init opens the archive that is there and loses nothing."""
    archive.add(make_episode("kept", [("A", "hello")]), b"hello")
    again = Archive.init(archive.root)
    assert again.episode_ids() == ["kept"]


def test_init_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    """Init never turns an unrelated, non-empty folder into an archive."""
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ArchiveError, match="not empty"):
        Archive.init(tmp_path)
    assert not (tmp_path / "archive.json").exists()


def test_open_explains_how_to_create_an_archive(tmp_path: Path) -> None:
    """Opening a plain folder names the init command to run."""
    with pytest.raises(NotAnArchiveError, match="init` first"):
        Archive.open(tmp_path)


def test_add_keeps_the_original_and_the_episode(
    archive: Archive, make_episode: EpisodeFactory
) -> None:
    """An episode folder holds episode.json and the original byte for byte."""
    episode = make_episode("pier-talk", [("Ana", "Café — “quoted”")])
    original = b"\xef\xbb\xbfAna: Caf\xc3\xa9\r\n"
    folder = archive.add(episode, original)
    assert (folder / "original" / "pier-talk.txt").read_bytes() == original
    text = (folder / "episode.json").read_text(encoding="utf-8")
    assert "Café — “quoted”" in text  # UTF-8, not \u escapes: readable by a person
    assert Episode.from_dict(json.loads(text)) == episode
    assert archive.get_episode("pier-talk") == episode


def test_writes_leave_no_temporary_files(archive: Archive, make_episode: EpisodeFactory) -> None:
    """Atomic writes and the staging folder leave nothing dot-prefixed behind."""
    archive.add(make_episode("one", [("A", "x")]), b"x")
    archive.add(make_episode("two", [("A", "y")]), b"y")
    archive.remove("one")
    atomic_write_json(archive.root / "extra.json", {"a": 1})
    # The write-lock file, made by init, is the one dot-named file an archive keeps.
    leftovers = [p for p in archive.root.rglob(".*") if p != archive.root / ".lock"]
    assert leftovers == []
    assert archive.episode_ids() == ["two"]


def test_a_failed_add_leaves_no_staging_folder(
    archive: Archive, make_episode: EpisodeFactory
) -> None:
    """An add that fails halfway leaves the episodes folder as it was."""
    episode = make_episode("broken", [("A", "x")])
    with pytest.raises(TypeError):
        archive.add(episode, "not bytes")  # type: ignore[arg-type]
    assert list(archive.episodes_dir.iterdir()) == []


def test_add_refuses_an_existing_id(archive: Archive, make_episode: EpisodeFactory) -> None:
    """Adding an id twice is an error that says to remove it first."""
    archive.add(make_episode("same", [("A", "first")]), b"1")
    with pytest.raises(EpisodeExistsError, match="remove it first"):
        archive.add(make_episode("same", [("A", "second")]), b"2")
    assert archive.get_episode("same").passages[0].text == "first"


def test_unfinished_folders_are_not_listed(archive: Archive, make_episode: EpisodeFactory) -> None:
    """Dot-prefixed folders (a crash mid-add) are never episodes."""
    archive.add(make_episode("real", [("A", "x")]), b"x")
    (archive.episodes_dir / ".new-ghost-1234").mkdir()
    assert archive.episode_ids() == ["real"]
    assert not archive.has_episode("ghost")


def test_episodes_are_newest_first_then_by_title(
    archive: Archive, make_episode: EpisodeFactory
) -> None:
    """Dated episodes come newest first, ties by title, undated last."""
    for episode_id, title, date in [
        ("a", "Zebra", "2023-01-01"),
        ("b", "Apple", "2024-05-01"),
        ("c", "Mango", None),
        ("d", "Banana", "2023-01-01"),
    ]:
        archive.add(make_episode(episode_id, [("A", title)], title=title, date=date), b"x")
    assert [e.title for e in archive.episodes()] == ["Apple", "Banana", "Zebra", "Mango"]


def test_find_passage_parses_the_episode_id(archive: Archive, make_episode: EpisodeFactory) -> None:
    """A passage id is the episode id, a dot and a number."""
    archive.add(make_episode("night-1", [("A", "first"), ("B", "second")]), b"x")
    episode, passage = archive.find_passage("night-1.2")
    assert (episode.id, passage.text) == ("night-1", "second")


@pytest.mark.parametrize("passage_id", ["night-1.9", "nope.1", "night-1", "../x.1", ""])
def test_find_passage_not_found(
    archive: Archive, make_episode: EpisodeFactory, passage_id: str
) -> None:
    """Unknown, malformed or hostile passage ids are simply not found."""
    archive.add(make_episode("night-1", [("A", "first")]), b"x")
    with pytest.raises(PassageNotFoundError):
        archive.find_passage(passage_id)


@pytest.mark.parametrize("episode_id", ["missing", "../archive", "a/b", "."])
def test_get_episode_not_found(archive: Archive, episode_id: str) -> None:
    """Lookups of unknown or path-like ids raise EpisodeNotFoundError, never touch other files."""
    with pytest.raises(EpisodeNotFoundError):
        archive.get_episode(episode_id)


def test_remove_deletes_the_folder(archive: Archive, make_episode: EpisodeFactory) -> None:
    """Remove takes the whole episode folder away; removing again is an error."""
    archive.add(make_episode("gone", [("A", "x")]), b"x")
    archive.remove("gone")
    assert not (archive.episodes_dir / "gone").exists()
    with pytest.raises(EpisodeNotFoundError):
        archive.remove("gone")


@pytest.mark.parametrize("bad", ["", "../x", "a/b", "a.b", "Caps", "-lead", "x" * 81, "sp ace"])
def test_invalid_ids_are_rejected_with_advice(bad: str) -> None:
    """Ids must be lowercase slugs; the message says what is allowed."""
    with pytest.raises(InvalidIdError, match="lowercase letters, digits and hyphens"):
        validate_id(bad)


def test_valid_ids_pass() -> None:
    """Slugs up to 80 characters are accepted unchanged."""
    assert validate_id("ep-12") == "ep-12"
    assert validate_id("x" * 80) == "x" * 80


def test_ids_are_derived_and_made_unique() -> None:
    """Titles become ASCII slugs; a taken slug gets -2, -3."""
    assert slugify("Harbour Lights: Thirty Winters") == "harbour-lights-thirty-winters"
    assert slugify("Élodie’s Café") == "elodies-cafe"
    assert slugify("Élodie's Café") == "elodies-cafe"
    assert unique_id("Harbour Lights", {"harbour-lights"}) == "harbour-lights-2"
    assert unique_id("Harbour Lights", {"harbour-lights", "harbour-lights-2"}) == "harbour-lights-3"
    assert unique_id("???", set()) == "episode"
    assert len(slugify("word " * 40)) <= 76


def test_original_file_names_are_made_safe() -> None:
    """Originals keep their name but never a folder part or a hidden name."""
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\x\\show.vtt") == "show.vtt"
    assert safe_filename(".hidden.vtt") == "source.vtt"
    assert safe_filename("") == "source"


def test_ids_come_from_the_file_name_unless_it_is_generic() -> None:
    """A file name makes a short id; a generic one gives way to the title."""
    assert derive_id("Harbour-Lights_ep04", "A Long Title", set()) == "harbour-lights-ep04"
    assert derive_id("transcript", "Night Trains Return", set()) == "night-trains-return"
    assert derive_id("harbour-lights", None, {"harbour-lights"}) == "harbour-lights-2"
