"""Large batches are indexed by parallel writer processes: nothing lost, nothing left behind.

A bulk import big enough (archive.engines.whoosh.index.PARALLEL_MIN_PASSAGES) forks Whoosh's writer
helpers. These tests check that every passage arrives, that the index agrees with one
built by a single writer, and that killing the importer mid-commit takes its helpers
(and the locks they inherited) with it.
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from archive.engines.whoosh.index import PARALLEL_MIN_PASSAGES, open_index
from archive.engines.whoosh.workers import writer_processes
from archive.ingest.pipeline import add_paths
from archive.integrity.verify import verify
from archive.search.indexing import rebuild
from archive.store.folder import Archive

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
HANG_S = 300  # a hang guard only: nothing here asserts how long anything takes

pytestmark = pytest.mark.skipif(writer_processes() < 2, reason="needs two cores on Linux")


@pytest.fixture(scope="module")
def generate() -> Iterator[ModuleType]:
    """Import the benchmark's generator of synthetic interviews."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCHMARKS))
        yield importlib.import_module("generate")


@pytest.fixture(scope="module")
def sources(generate: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return one show's folder of generated interviews, enough for a parallel batch."""
    out = tmp_path_factory.mktemp("generated")
    records = generate.generate(out, 24, seed=11)
    folders = {r["show_dir"] for r in records}
    # Gather them in one folder: a single `add` of it is a single batch.
    folder = out / "all"
    folder.mkdir()
    for name in folders:
        for path in (out / name).iterdir():
            path.rename(folder / path.name)
    return folder


def stored_passages(archive: Archive) -> dict[str, str]:
    return {p.id: p.text for e in archive.iter_episodes() for p in e.passages}


def indexed_passages(archive: Archive) -> dict[str, str]:
    ix = open_index(archive)
    try:
        with ix.searcher() as searcher:
            return {f["passage_id"]: f["text"] for f in searcher.all_stored_fields()}
    finally:
        ix.close()


def test_a_parallel_batch_indexes_every_passage(sources: Path, tmp_path: Path) -> None:
    """The helpers' segments hold every stored passage, as a single writer's index does."""
    archive = Archive.init(tmp_path / "archive")
    results = add_paths(archive, [sources])
    assert all(r.status == "added" for r in results), [r.error for r in results]
    stored = stored_passages(archive)
    assert len(stored) >= PARALLEL_MIN_PASSAGES  # or this test proves nothing
    ix = open_index(archive)
    try:
        # Each helper wrote its own segment.
        assert len(ix._segments()) >= 2
    finally:
        ix.close()
    assert indexed_passages(archive) == stored
    assert verify(archive).ok
    by_helpers = archive.root / "index"
    first = {p.name for p in by_helpers.iterdir()}
    rebuild(archive)
    assert indexed_passages(archive) == stored
    assert {p.name for p in by_helpers.iterdir()} != first  # rebuilt, really


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The fields after the command name (in brackets) start with state, ppid.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killing_the_importer_takes_its_helpers_with_it(sources: Path, tmp_path: Path) -> None:
    """SIGKILL mid-commit: the helpers die too, no lock is left, the next command recovers."""
    root = tmp_path / "archive"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERBATIM_")}
    command = [sys.executable, "-m", "archive", "--archive", str(root)]
    subprocess.run([*command, "init"], check=True, env=env, cwd=ROOT, timeout=HANG_S)
    importer = subprocess.Popen(
        [*command, "add", str(sources)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    helpers: list[int] = []
    deadline = time.monotonic() + HANG_S
    while not helpers and importer.poll() is None and time.monotonic() < deadline:
        helpers = _children(importer.pid)
        time.sleep(0.05)
    assert helpers, "the import finished before its helpers could be seen"
    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=HANG_S)
    while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in helpers)
    # No helper holds the archive's lock or Whoosh's: the next command gets both at once
    # (verify --repair: plain verify only reports the dead importer, and writes nothing).
    checked = subprocess.run(
        [*command, "verify", "--repair"],
        capture_output=True,
        text=True,
        env={**env, "VERBATIM_LOCK_TIMEOUT": "5"},
        cwd=ROOT,
        timeout=HANG_S,
    )
    assert checked.returncode == 0, (checked.stdout, checked.stderr)
    archive = Archive.open(root)
    assert verify(archive).ok
    assert indexed_passages(archive) == stored_passages(archive)
