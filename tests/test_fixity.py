"""Fixity cannot be reset: a deleted or edited manifest is a finding, rebuilt only by repair.

Every test runs the real command line in its own process on an archive built by it.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.cli_process import BULK, bulk_archive, verbatim

ORIGINAL = "episodes/beekeeper/original/beekeeper.txt"


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Return every path under the archive with its bytes (None for a folder)."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Return an archive holding three episodes, added through the real command line."""
    return bulk_archive(tmp_path / "archive")


def alter_original(root: Path) -> None:
    """Change one word of a kept original, as bit rot or a careless edit would."""
    target = root / ORIGINAL
    target.write_bytes(target.read_bytes().replace(b"patience", b"patienc3"))


def kinds(result: subprocess.CompletedProcess[str]) -> set[str]:
    """Return the problem kinds of a `verify --json` run."""
    return {p["kind"] for p in json.loads(result.stdout)["problems"]}


def test_deleting_the_manifest_does_not_reset_fixity(root: Path) -> None:
    """Altered original, manifest deleted: found, refused, rebuilt loudly, and still found."""
    alter_original(root)
    (root / "manifest-sha256.txt").unlink()
    before = snapshot(root)
    checked = verbatim(root, "verify", "--json")
    assert checked.returncode == 1
    assert kinds(checked) == {"no-manifest", "record-mismatch"}
    assert snapshot(root) == before  # plain verify wrote no new manifest
    # No other command takes the files as they are now for the new normal.
    refused = verbatim(root, "add", str(BULK / "radio-ham.vtt"))
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and refused.stderr.startswith("error: ")
    assert "manifest-sha256.txt is missing" in refused.stderr
    assert "`verbatim verify --repair`" in refused.stderr
    assert snapshot(root) == before
    repaired = verbatim(root, "verify", "--repair")
    assert "repaired: REBUILT manifest-sha256.txt from the 9 files now on disk" in repaired.stdout
    assert "warning: the rebuilt manifest-sha256.txt is NOT the one" in repaired.stdout
    # The altered original is still named: its episode record keeps its checksum.
    assert repaired.returncode == 1
    assert "record-mismatch (1):" in repaired.stdout and ORIGINAL in repaired.stdout
    again = verbatim(root, "verify", "--json")
    assert again.returncode == 1 and kinds(again) == {"record-mismatch"}


def test_a_manifest_rebuilt_over_unchanged_files_is_the_lost_one(root: Path) -> None:
    """With no kept file changed, the rebuild is byte for byte the manifest that was lost."""
    lost = (root / "manifest-sha256.txt").read_bytes()
    (root / "manifest-sha256.txt").unlink()
    assert verbatim(root, "verify").returncode == 1
    repaired = verbatim(root, "verify", "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "is byte for byte the one tagmanifest-sha256.txt recorded" in repaired.stdout
    assert "warning:" not in repaired.stdout
    assert (root / "manifest-sha256.txt").read_bytes() == lost


def test_an_edited_manifest_is_found_never_taken_in(root: Path) -> None:
    """A manifest line edited to match an altered original: verify, writers and repair say so."""
    alter_original(root)
    listed = root / "manifest-sha256.txt"
    text = listed.read_text(encoding="utf-8")
    new_sha = __import__("hashlib").sha256((root / ORIGINAL).read_bytes()).hexdigest()
    lines = [
        f"{new_sha}  {ORIGINAL}" if line.endswith(f"  {ORIGINAL}") else line
        for line in text.splitlines()
    ]
    listed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = verbatim(root, "verify", "--json")
    assert checked.returncode == 1
    assert kinds(checked) == {"checksum-mismatch", "record-mismatch"}
    mismatch = [
        p for p in json.loads(checked.stdout)["problems"] if p["kind"] == "checksum-mismatch"
    ]
    assert [p["path"] for p in mismatch] == ["manifest-sha256.txt"]
    before = snapshot(root)
    for args in (("add", str(BULK / "radio-ham.vtt")), ("remove", "map-maker")):
        refused = verbatim(root, *args)
        assert refused.returncode == 1, args
        assert "does not match the checksum tagmanifest-sha256.txt keeps" in refused.stderr
    assert snapshot(root) == before
    repaired = verbatim(root, "verify", "--repair")
    assert "because it did not match its checksum in tagmanifest-sha256.txt" in repaired.stdout
    # The edit made the manifest agree with the altered file, so only the tag manifest
    # (and the episode record) can tell: the rebuild is not the manifest it recorded.
    assert "warning: the rebuilt manifest-sha256.txt is NOT the one" in repaired.stdout
    assert repaired.returncode == 1 and "record-mismatch (1):" in repaired.stdout


def _damage(root: Path, how: str) -> None:
    if how == "original-and-manifest":
        alter_original(root)
        (root / "manifest-sha256.txt").unlink()
    elif how == "tag-manifest":
        (root / "tagmanifest-sha256.txt").unlink()
    elif how == "staging":
        (root / "episodes" / ".new-ghost-1234abcd").mkdir()
    elif how == "index":
        shutil.rmtree(root / "index")
    elif how == "truncated-record":
        record = root / "episodes" / "map-maker" / "episode.json"
        record.write_bytes(record.read_bytes()[:200])
    elif how == "killed-writer":
        killed = verbatim(root, "add", str(BULK / "radio-ham.vtt"), fault="renamed:1")
        assert killed.returncode == -signal.SIGKILL


@pytest.mark.parametrize(
    ("how", "kind"),
    [
        ("original-and-manifest", "no-manifest"),
        ("tag-manifest", "unlisted"),
        ("staging", "staging"),
        ("index", "index"),
        ("truncated-record", "unreadable"),
        ("killed-writer", "interrupted"),
    ],
)
def test_plain_verify_changes_nothing(root: Path, how: str, kind: str) -> None:
    """In each damaged state plain verify reports, names the command, and writes no byte."""
    _damage(root, how)
    before = snapshot(root)
    checked = verbatim(root, "verify", "--json")
    assert snapshot(root) == before
    assert checked.returncode == 1
    problems = json.loads(checked.stdout)["problems"]
    assert kind in {p["kind"] for p in problems}
    assert json.loads(checked.stdout)["repaired"] == []
    text = verbatim(root, "verify")
    assert snapshot(root) == before
    assert "verbatim" in text.stdout and text.returncode == 1


def test_repair_rebuilds_the_index_from_every_readable_record(root: Path) -> None:
    """One truncated record: the index is rebuilt from the rest, the record named with a fix."""
    record = root / "episodes" / "map-maker" / "episode.json"
    record.write_bytes(record.read_bytes()[:200])
    shutil.rmtree(root / "index")
    repaired = verbatim(root, "verify", "--repair")
    assert "Traceback" not in repaired.stdout + repaired.stderr
    assert repaired.returncode == 1
    assert repaired.stderr.count("\n") == 1 and repaired.stderr.startswith("error: ")
    assert "; left out 1 unreadable record, listed below" in repaired.stdout
    assert "unreadable (1):" in repaired.stdout
    lines = [line for line in repaired.stdout.splitlines() if "not valid JSON" in line]
    assert len(lines) == 1
    assert lines[0].startswith("  episodes/map-maker/episode.json: not valid JSON")
    assert "copy episodes/map-maker/original/map-maker.vtt out of the archive" in lines[0]
    assert "`verbatim remove map-maker`" in lines[0]
    assert "`verbatim verify`" not in lines[0]  # never the command that just ran
    found = verbatim(root, "search", "the", "--json", "--collapse", "--limit", "50")
    assert found.returncode == 0, found.stderr
    assert {h["episode_id"] for h in json.loads(found.stdout)["hits"]} == {
        "beekeeper",
        "lock-keeper",
    }


def test_verify_compares_everything_the_index_stored_with_the_store(root: Path) -> None:
    """Same words, another title and times in the index: the per-episode digest finds it."""
    from dataclasses import replace

    from archive.search.indexing import index_episode
    from archive.store.folder import Archive

    archive = Archive.open(root)
    stored = archive.get_episode("beekeeper")
    shifted = tuple(replace(p, start_ms=(p.start_ms or 0) + 1) for p in stored.passages)
    index_episode(archive, replace(stored, title="Another Title", passages=shifted))
    checked = verbatim(root, "verify", "--json")
    assert checked.returncode == 1
    problems = json.loads(checked.stdout)["problems"]
    assert [(p["kind"], p["path"]) for p in problems] == [
        ("stale-index", "episodes/beekeeper/episode.json")
    ]
    assert "not the same details" in problems[0]["detail"]
    repaired = verbatim(root, "verify", "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
