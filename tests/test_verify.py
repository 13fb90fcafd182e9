"""`verbatim verify` finds each kind of damage; `--repair` fixes what is derived, only that."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.integrity.verify import verify
from archive.search.indexing import index_episode, rebuild
from archive.store.folder import Archive
from tests.cli_process import BULK, bulk_archive, verbatim
from transcripts.model import Episode


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Return an archive holding three episodes, added through the real command line."""
    return bulk_archive(tmp_path / "archive")


def originals(root: Path) -> dict[str, bytes]:
    """Return every kept original's bytes by path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in (root / "episodes").glob("*/original/*")
    }


def test_a_sound_archive_verifies(root: Path) -> None:
    """Verify checks every kept file and episode, says all is well and exits 0."""
    result = verbatim(root, "verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all well" in result.stdout
    report = json.loads(verbatim(root, "verify", "--json").stdout)
    assert report["ok"] is True and report["episodes_checked"] == 3
    # 3 originals, 3 records, 3 revision logs, then archive.json and the manifest.
    assert report["files_checked"] == 11


def test_a_changed_original_is_a_mismatch_repair_never_touches(root: Path) -> None:
    """A flipped byte in an original is found, named, and left for a person to restore."""
    target = root / "episodes" / "beekeeper" / "original" / "beekeeper.txt"
    target.write_bytes(target.read_bytes().replace(b"patience", b"patienc3"))
    result = verbatim(root, "verify")
    assert result.returncode == 1
    assert "checksum-mismatch (1):" in result.stdout
    assert "episodes/beekeeper/original/beekeeper.txt" in result.stdout
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    kept = originals(root)
    repaired = verbatim(root, "verify", "--repair")
    assert repaired.returncode == 1
    assert originals(root) == kept  # byte for byte as it was, damage included
    assert "restore it from a backup" in repaired.stdout


@pytest.mark.parametrize(
    ("damage", "kind"),
    [
        ("delete-record", "missing"),
        ("extra-file", "unlisted"),
        ("staging", "staging"),
    ],
)
def test_each_kind_of_damage_is_reported(root: Path, damage: str, kind: str) -> None:
    """A missing file, an unlisted file and a half-written staging folder each show up."""
    folder = root / "episodes" / "map-maker"
    if damage == "delete-record":
        (folder / "original" / "map-maker.vtt").unlink()
    elif damage == "extra-file":
        (folder / "original" / "notes.txt").write_text("slipped in by hand\n")
    else:
        staging = root / "episodes" / ".new-ghost-1234abcd" / "original"
        staging.mkdir(parents=True)
        (staging / "ghost.txt").write_text("half an episode\n")
    report = verify(Archive.open(root))
    assert [p.kind for p in report.problems] == [kind]
    result = verbatim(root, "verify", "--json")
    assert result.returncode == 1
    assert [p["kind"] for p in json.loads(result.stdout)["problems"]] == [kind]
    if kind == "staging":
        # Plain verify only reports what a dead writer left, and names the command that
        # clears it; `--repair` (like any command that writes) then clears it, saying so.
        assert (root / "episodes" / ".new-ghost-1234abcd").exists()
        assert "`verbatim verify --repair`" in json.loads(result.stdout)["problems"][0]["detail"]
        repaired = verbatim(root, "verify", "--repair", "--json")
        assert repaired.returncode == 0, repaired.stdout + repaired.stderr
        assert json.loads(repaired.stdout)["repaired"] == [
            "removed episodes/.new-ghost-1234abcd, left by a cut-short write"
        ]
        assert not (root / "episodes" / ".new-ghost-1234abcd").exists()


def test_index_problems_are_found_and_repaired(
    root: Path, make_episode: Callable[..., Episode], tree_hash: Callable[[Path], str]
) -> None:
    """Not indexed, indexed stale, indexed but not stored: found, then rebuilt by --repair."""
    archive = Archive.open(root)
    # Indexed but never stored.
    index_episode(archive, make_episode("phantom", [("A", "never kept anywhere")]))
    # Indexed with other words than the stored record.
    stored = archive.get_episode("beekeeper")
    stale = make_episode("beekeeper", [("A", "an older wording of the interview")])
    index_episode(archive, stale)
    from archive.search.indexing import remove_episode

    remove_episode(archive, "lock-keeper")
    kinds = sorted(p.kind for p in verify(archive).problems)
    assert kinds == ["indexed-not-stored", "not-indexed", "stale-index"]
    episodes_before = tree_hash(root / "episodes")
    result = verbatim(root, "verify", "--repair")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "repaired: rebuilt the index" in result.stdout
    assert verify(archive).ok
    assert tree_hash(root / "episodes") == episodes_before
    assert archive.get_episode("beekeeper") == stored


def test_repair_writes_a_missing_manifest_and_clears_leftovers(root: Path) -> None:
    """An archive from before manifests gets one; leftovers of dead writes are cleared."""
    (root / "manifest-sha256.txt").unlink()
    (root / "episodes" / ".removed-old-0000aaaa").mkdir()
    report = verify(Archive.open(root))
    assert {p.kind for p in report.problems} == {"no-manifest", "staging"}
    result = verbatim(root, "verify", "--repair")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (root / "episodes" / ".removed-old-0000aaaa").exists()
    assert verify(Archive.open(root)).ok


def test_a_corrected_and_a_removed_episode_keep_the_manifest_whole(root: Path) -> None:
    """Every revision's record and original is listed; a removed episode's are dropped."""
    corrected = root.parent / "beekeeper-v2.txt"
    corrected.write_text(
        (BULK / "beekeeper.txt").read_text(encoding="utf-8").replace("patience", "courage"),
        encoding="utf-8",
    )
    assert verbatim(root, "add", str(corrected), "--id", "beekeeper").returncode == 0
    assert verbatim(root, "remove", "lock-keeper").returncode == 0
    listed = (root / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert "  episodes/beekeeper/revisions/2/original/beekeeper-v2.txt\n" in listed
    assert "  episodes/beekeeper/revisions/1/episode.json\n" in listed
    assert "lock-keeper" not in listed
    assert verbatim(root, "verify").returncode == 0
    rebuild(Archive.open(root))
    assert verify(Archive.open(root)).ok
