"""Crash safety: a bulk import killed with SIGKILL anywhere leaves whole episodes or none.

Real `python -m archive` processes are killed at every named step of the write path
(`VERBATIM_FAULT_AFTER`, see archive/faults.py) and after random delays; after each kill
the next command must recover by itself and the archive must pass every check.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.integrity.verify import verify
from archive.store.folder import EPISODE_FILE, Archive
from tests.cli_process import BULK, HANG_S, ROOT, verbatim


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """Return a folder of the dozen good interviews (the broken one is tested elsewhere)."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    for path in BULK.iterdir():
        if path.suffix != ".json":
            shutil.copy(path, folder / path.name)
    return folder


def leftovers(root: Path) -> list[str]:
    """Return every dot-named path in the archive outside the index, the lock excepted."""
    found = []
    for path in root.rglob(".*"):
        rel = path.relative_to(root)
        if rel.parts[0] != "index" and rel.as_posix() != ".lock":
            found.append(rel.as_posix())
    return sorted(found)


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Return every path under the archive with its bytes (None for a folder)."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


def verify_changes_nothing(root: Path) -> subprocess.CompletedProcess[str]:
    """Run plain `verify` and prove it left every byte of the archive as it was."""
    before = snapshot(root)
    checked = verbatim(root, "verify")
    assert snapshot(root) == before, checked.stdout
    return checked


def read_and_recover(root: Path) -> None:
    """Run a reading command after a kill: it recovers by itself and finds every episode."""
    found = verbatim(root, "search", '"patience"', "--json", "--limit", "100")
    assert found.returncode == 0, found.stderr
    hits = {h["episode_id"] for h in json.loads(found.stdout)["hits"]}
    saying = {
        e.id
        for e in Archive.open(root).iter_episodes()
        if any(re.search(r"\bpatience\b", p.text, re.IGNORECASE) for p in e.passages)
    }
    assert hits == saying, found.stderr
    assert "warning:" not in found.stderr


def after_a_kill(root: Path, fault: str) -> None:
    """Plain verify reports the dead writer and changes nothing; a reader then recovers."""
    checked = verify_changes_nothing(root)
    if checked.returncode != 0:  # a kill that landed after the write finished leaves none
        assert "interrupted (1):" in checked.stdout, (fault, checked.stdout)
        assert "run `verbatim verify --repair`" in checked.stdout, fault
    read_and_recover(root)
    checked = verbatim(root, "verify")
    assert checked.returncode == 0, (fault, checked.stdout, checked.stderr)


def assert_consistent(root: Path, sources: Path) -> set[str]:
    """Check the archive after recovery; return the ids of the stored episodes."""
    assert leftovers(root) == []
    archive = Archive.open(root)
    report = verify(archive)
    assert report.ok, [p.to_dict() for p in report.problems]
    by_name = {p.name: p.read_bytes() for p in sources.iterdir()}
    stored = set(archive.episode_ids())
    for episode_id in stored:
        folder = root / "episodes" / episode_id
        record = json.loads((folder / EPISODE_FILE).read_text(encoding="utf-8"))
        assert record["passages"], episode_id
        # The original is there, byte for byte the file it came from.
        original = folder / "original" / record["source"]["filename"]
        assert original.read_bytes() == by_name[record["source"]["filename"]]
    # No episode folder was half made: every folder in episodes/ is a stored episode.
    assert {p.name for p in (root / "episodes").iterdir()} == stored
    return stored


# Each step of storing an episode, at several episodes of the import (`step:n` dies the
# n-th time the step is reached); tmp-written is every atomic file write, so its counts
# land inside the staging of different episodes. The episodes stored before the kill are
# not yet in the manifest or the index: a bulk import records both once per batch.
FAULTS = [
    "tmp-written:1",
    "staged:1",
    "renamed:1",
    "tmp-written:4",
    "tmp-written:6",
    "staged:2",
    "renamed:2",
    "renamed:1",
]
# The steps of committing a batch: its checksums recorded, then its passages indexed.
COMMIT_FAULTS = [
    "tmp-written:37",
    "manifest-written:1",
    "tmp-written:38",
    "indexed-unrecorded:1",
    "indexed:1",
]


def test_kill_at_every_step_of_a_bulk_import(tmp_path: Path, sources: Path) -> None:
    """Killed at each step, an import leaves whole episodes; the next command recovers."""
    root = tmp_path / "archive"
    assert verbatim(root, "init").returncode == 0
    stored: set[str] = set()
    for fault in FAULTS:
        killed = verbatim(root, "add", str(sources), fault=fault)
        assert killed.returncode == -signal.SIGKILL, (fault, killed.stderr)
        # The next command that reads recovers by itself (plain verify only reports).
        after_a_kill(root, fault)
        now = assert_consistent(root, sources)
        assert stored <= now, fault  # nothing that was whole is ever lost
        stored = now
    # Some were added, and the import was cut short before the end each time.
    assert 0 < len(stored) < 12
    finished = verbatim(root, "add", str(sources))
    assert finished.returncode == 0, finished.stderr
    assert "summary: " in finished.stdout
    assert len(assert_consistent(root, sources)) == 12


@pytest.mark.parametrize("fault", COMMIT_FAULTS)
def test_kill_while_a_batch_is_committed(tmp_path: Path, sources: Path, fault: str) -> None:
    """Killed while recording or indexing a batch, the next command completes the batch."""
    root = tmp_path / "archive"
    assert verbatim(root, "init").returncode == 0
    killed = verbatim(root, "add", str(sources), fault=fault)
    assert killed.returncode == -signal.SIGKILL, (fault, killed.stderr)
    after_a_kill(root, fault)
    # All twelve were stored before the batch was committed: none is lost.
    assert len(assert_consistent(root, sources)) == 12


def test_the_next_add_recovers_and_says_so(tmp_path: Path, sources: Path) -> None:
    """An episode renamed into place but never recorded is rolled forward by the next add."""
    root = tmp_path / "archive"
    assert verbatim(root, "init").returncode == 0
    killed = verbatim(root, "add", str(sources), fault="renamed:3")
    assert killed.returncode == -signal.SIGKILL
    again = verbatim(root, "add", str(sources))
    assert again.returncode == 0, again.stderr
    assert "was cut short; recovering" in again.stderr
    assert "summary: 9 added, 3 unchanged, 0 corrected, 0 failed" in again.stdout
    assert len(assert_consistent(root, sources)) == 12
    hits = verbatim(root, "search", "patience", "--json", "--limit", "50")
    assert {h["episode_id"] for h in json.loads(hits.stdout)["hits"]} == set(
        Archive.open(root).episode_ids()
    )


def test_kill_during_a_correction_and_a_removal(tmp_path: Path, sources: Path) -> None:
    """A correction or a removal killed halfway is finished or undone, never half done."""
    root = tmp_path / "archive"
    assert verbatim(root, "init").returncode == 0
    first = [str(sources / "beekeeper.txt"), str(sources / "lock-keeper.srt")]
    assert verbatim(root, "add", *first).returncode == 0
    text = (sources / "beekeeper.txt").read_text(encoding="utf-8")
    # Each attempt is a different correction, so none is recognised as already stored.
    for word, fault in (
        ("courage", "tmp-written:1"),
        ("stamina", "tmp-written:3"),
        ("humility", "revision-current:1"),
    ):
        corrected = sources / f"beekeeper-{word}.txt"
        corrected.write_text(text.replace("patience", word), encoding="utf-8")
        killed = verbatim(root, "add", str(corrected), "--id", "beekeeper", fault=fault)
        assert killed.returncode == -signal.SIGKILL, (fault, killed.stderr)
        after_a_kill(root, fault)
        assert leftovers(root) == []
        archive = Archive.open(root)
        current = archive.get_episode("beekeeper")
        # The current revision is whole: the log ends at it and its record reads back.
        assert archive.revisions("beekeeper")[-1].revision == current.revision
        assert archive.episode_revision("beekeeper", current.revision) == current
    killed = verbatim(root, "remove", "lock-keeper", fault="removed:1")
    assert killed.returncode == -signal.SIGKILL
    after_a_kill(root, "removed:1")
    assert Archive.open(root).episode_ids() == ["beekeeper"]
    assert leftovers(root) == []


def test_kills_after_random_delays(tmp_path: Path, sources: Path) -> None:
    """SIGKILL at arbitrary moments (seeded) never leaves anything verify can find."""
    root = tmp_path / "archive"
    assert verbatim(root, "init").returncode == 0
    rng = random.Random(6)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERBATIM_")}
    for _ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-m", "archive", "--archive", str(root), "add", str(sources)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=ROOT,
        )
        time.sleep(rng.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)  # may land after it finished: that is fine too
        process.wait(timeout=HANG_S)
        after_a_kill(root, "random")
        assert_consistent(root, sources)


def test_readers_see_a_crash_and_recover_it(tmp_path: Path, sources: Path) -> None:
    """After an import is killed, list and search agree: the first reader recovers it."""
    root = tmp_path / "archive"
    assert verbatim(root, "init").returncode == 0
    killed = verbatim(root, "add", str(sources), fault="renamed:3")
    assert killed.returncode == -signal.SIGKILL
    # Three episodes are stored and none is searchable yet: search recovers first.
    found = verbatim(root, "search", "patience", "--json", "--limit", "50")
    assert found.returncode == 0, found.stderr
    assert "was cut short; recovering" in found.stderr
    assert len({h["episode_id"] for h in json.loads(found.stdout)["hits"]}) == 3
    listed = verbatim(root, "list", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 3
    assert listed.stderr == ""  # recovered once, by the first reader
    assert (root / ".lock").read_text() == ""
    assert len(assert_consistent(root, sources)) == 3


def test_a_reader_that_cannot_recover_warns_and_names_the_command(
    tmp_path: Path, sources: Path
) -> None:
    """Recovery refused (the manifest was edited): every reader warns and says what to run."""
    root = tmp_path / "archive"
    assert verbatim(root, "init").returncode == 0
    killed = verbatim(root, "add", str(sources), fault="renamed:3")
    assert killed.returncode == -signal.SIGKILL
    listed = root / "manifest-sha256.txt"
    listed.write_text(listed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(listed, (1_700_000_000, 1_700_000_000))  # edited before the import began
    for args in (("list",), ("search", "patience"), ("show", "beekeeper")):
        result = verbatim(root, *args)
        assert result.returncode == 0, result.stderr
        assert "note: could not recover: " in result.stderr
        assert "warning: pid " in result.stderr and "(add) on " in result.stderr
        assert f"`verbatim --archive {root} verify --repair`" in result.stderr
    assert json.loads((root / ".lock").read_text())["command"] == "add"  # still flagged
    repaired = verbatim(root, "verify", "--repair")
    assert "REBUILT manifest-sha256.txt" in repaired.stdout
    assert verbatim(root, "list").stderr == ""
