"""The checksum manifest: BagIt lines, kept up to date by every write, never too trusting."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.store import manifest
from archive.store.folder import Archive
from transcripts.model import Episode


def test_lines_round_trip_with_awkward_paths(tmp_path: Path) -> None:
    """`<sha256>  <path>` lines, sorted; %, CR and LF in a path are escaped as in BagIt."""
    entries = {
        "episodes/b/original/50% off.txt": "b" * 64,
        "episodes/a/original/two\nlines.txt": "a" * 64,
    }
    path = tmp_path / manifest.MANIFEST_FILE
    manifest.write(path, entries)
    text = path.read_text(encoding="utf-8")
    assert text == (
        f"{'a' * 64}  episodes/a/original/two%0Alines.txt\n"
        f"{'b' * 64}  episodes/b/original/50%25 off.txt\n"
    )
    assert manifest.read(path) == entries
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_a_malformed_line_names_the_file_and_line(tmp_path: Path) -> None:
    """A manifest that is not BagIt-shaped is an error that says where."""
    path = tmp_path / manifest.MANIFEST_FILE
    path.write_text(f"{'c' * 64}  fine.txt\nnot a checksum line\n", encoding="utf-8")
    with pytest.raises(manifest.ManifestError, match=r"manifest-sha256.txt line 2"):
        manifest.read(path)


def test_every_write_keeps_the_manifest_exact(
    archive: Archive,
    make_episode: Callable[..., Episode],
    store_episode: Callable[[Archive, Episode], Episode],
) -> None:
    """Init, add and remove each leave a manifest listing exactly the kept files' hashes."""
    assert manifest.read(archive.root / manifest.MANIFEST_FILE) == {}
    store_episode(archive, make_episode("first-talk", [("A", "hello there")]))
    store_episode(archive, make_episode("second-talk", [("B", "good evening")]))
    listed = manifest.read(archive.root / manifest.MANIFEST_FILE)
    on_disk = {
        p.relative_to(archive.root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in archive.episodes_dir.rglob("*")
        if p.is_file()
    }
    assert listed == on_disk
    assert "episodes/first-talk/original/first-talk.txt" in listed
    assert "episodes/first-talk/episode.json" in listed
    archive.remove("first-talk")
    assert not [
        rel for rel in manifest.read(archive.root / manifest.MANIFEST_FILE) if "first" in rel
    ]
    tags = manifest.read(archive.root / manifest.TAGMANIFEST_FILE)
    # The removal retired the episode's id in removed.json, a tag file too.
    assert set(tags) == {"archive.json", manifest.MANIFEST_FILE, "removed.json"}
    assert tags[manifest.MANIFEST_FILE] == manifest.file_sha256(
        archive.root / manifest.MANIFEST_FILE
    )


def test_sync_takes_in_only_what_the_write_changed(
    archive: Archive,
    make_episode: Callable[..., Episode],
    store_episode: Callable[[Archive, Episode], Episode],
) -> None:
    """Recovery records files written since the dead write began, never older damage."""
    store_episode(archive, make_episode("old-talk", [("A", "kept long ago")]))
    store_episode(archive, make_episode("new-talk", [("B", "written just now")]))
    rotted = archive.episodes_dir / "old-talk" / "original" / "old-talk.txt"
    fresh = archive.episodes_dir / "new-talk" / "original" / "new-talk.txt"
    rotted.write_bytes(b"bit rot")
    fresh.write_bytes(b"the dead writer's last word")
    began = time.time() + 100  # the write "began" after the rot, before the fresh file
    os.utime(rotted, (began - 50, began - 50))
    os.utime(fresh, (began + 1, began + 1))
    notes = manifest.sync(archive, since=began)
    assert notes == ["recorded the checksum of episodes/new-talk/original/new-talk.txt"]
    listed = manifest.read(archive.root / manifest.MANIFEST_FILE)
    assert listed["episodes/new-talk/original/new-talk.txt"] == manifest.file_sha256(fresh)
    assert listed["episodes/old-talk/original/old-talk.txt"] != manifest.file_sha256(rotted)
