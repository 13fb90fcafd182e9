"""Bulk and concurrent use: writers take turns through the lock, readers never stop.

Every test runs real processes: `python -m archive` writers, a lock holder, and a
`verbatim serve` web server queried over HTTP while episodes are being added.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive.errors import ArchiveError
from archive.integrity.verify import verify
from archive.store.folder import Archive
from archive.store.lock import LOCK_TIMEOUT_ENV, lock_timeout_s, write_lock

BULK = Path(__file__).resolve().parent / "data" / "bulk"
ROOT = Path(__file__).resolve().parent.parent
GOOD = sorted(p for p in BULK.iterdir() if p.suffix != ".json")
# Hang guards only: no test asserts how long anything takes.
HANG_S = 120


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("VERBATIM_")}


def verbatim(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line in its own process and wait for it."""
    return subprocess.run(
        [sys.executable, "-m", "archive", "--archive", str(root), *args],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=HANG_S,
    )


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    """Start the real command line in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "archive", "--archive", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Return an initialised, empty archive folder."""
    folder = tmp_path / "archive"
    assert verbatim(folder, "init").returncode == 0
    return folder


@pytest.fixture
def lock_holder(root: Path) -> Iterator[subprocess.Popen[str]]:
    """Hold the archive's write lock in another process until the test ends."""
    code = (
        "import sys, time\n"
        "from archive.store.lock import write_lock\n"
        f"with write_lock({str(root)!r}, command='test holder'):\n"
        "    print('held', flush=True)\n"
        f"    time.sleep({HANG_S})\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=_env(), cwd=ROOT
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    yield holder
    holder.kill()
    holder.communicate(timeout=HANG_S)


def test_a_writer_times_out_with_a_clear_message_and_changes_nothing(
    root: Path, lock_holder: subprocess.Popen[str], tree_hash: Callable[[Path], str]
) -> None:
    """While another process writes, `add` waits, then names the holder and changes nothing."""
    before = tree_hash(root / "episodes"), (root / "manifest-sha256.txt").read_bytes()
    result = verbatim(root, "--lock-timeout", "0.5", "add", str(GOOD[0]))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert (
        f"another verbatim command is writing to this archive (pid {lock_holder.pid})" in (lines[0])
    )
    assert "waited 0.5 s" in lines[0] and str(root) in lines[0]
    assert (tree_hash(root / "episodes"), (root / "manifest-sha256.txt").read_bytes()) == before


def test_every_writing_command_takes_the_lock(
    root: Path, lock_holder: subprocess.Popen[str]
) -> None:
    """remove, reindex and verify wait for the writer too (the env var sets the timeout)."""
    env = _env() | {LOCK_TIMEOUT_ENV: "0.2"}
    for args in (("remove", "x"), ("reindex",), ("verify",), ("verify", "--repair")):
        result = subprocess.run(
            [sys.executable, "-m", "archive", "--archive", str(root), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=HANG_S,
        )
        assert result.returncode == 1, args
        assert "another verbatim command is writing" in result.stderr, args


def test_a_killed_writer_leaves_no_stale_lock(root: Path) -> None:
    """After kill -9 of the lock holder, the next writer goes straight on and recovers."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import time\nfrom archive.store.lock import write_lock\n"
            f"with write_lock({str(root)!r}, command='doomed'):\n"
            f"    print('held', flush=True)\n    time.sleep({HANG_S})\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.send_signal(signal.SIGKILL)
    holder.communicate(timeout=HANG_S)
    result = verbatim(root, "--lock-timeout", "0", "add", str(GOOD[0]))
    assert result.returncode == 0, result.stderr
    assert f"pid {holder.pid} (doomed) was cut short" in result.stderr or not result.stderr
    assert Archive.open(root).episode_ids() == [GOOD[0].stem]


def test_two_bulk_imports_at_once_take_turns(root: Path) -> None:
    """Two `add` processes started together both finish, and the archive is whole."""
    first = start(root, "add", *map(str, GOOD[:6]))
    second = start(root, "add", *map(str, GOOD[6:]))
    for process in (first, second):
        out, err = process.communicate(timeout=HANG_S)
        assert process.returncode == 0, err
        assert "summary: 6 added, 0 unchanged, 0 corrected, 0 failed" in out
    archive = Archive.open(root)
    assert archive.episode_ids() == sorted(p.stem for p in GOOD)
    report = verify(archive)
    assert report.ok, [p.to_dict() for p in report.problems]


def test_a_bulk_import_goes_on_past_a_bad_file_and_recognises_repeats(root: Path) -> None:
    """A folder with one broken file: the rest go in, the summary names it, exit 1."""
    result = verbatim(root, "add", str(BULK))
    assert result.returncode == 1
    assert "summary: 12 added, 0 unchanged, 0 corrected, 1 failed" in result.stdout
    assert "failed  " in result.stdout and "not-a-transcript.json" in result.stdout
    assert result.stderr.startswith("error: not-a-transcript.json")
    # No progress bar when stderr is not a terminal.
    assert "adding" not in result.stderr
    manifest = (root / "manifest-sha256.txt").read_bytes()
    again = verbatim(root, "add", *map(str, GOOD))
    assert again.returncode == 0
    assert "summary: 0 added, 12 unchanged, 0 corrected, 0 failed" in again.stdout
    assert (root / "manifest-sha256.txt").read_bytes() == manifest


def test_a_progress_bar_at_a_terminal(root: Path) -> None:
    """With stderr on a terminal, a bulk add draws click's progress bar there."""
    import pty

    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "archive", "--archive", str(root), "add", *map(str, GOOD[:3])],
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
            env=_env(),
            cwd=ROOT,
        )
        out, _ = process.communicate(timeout=HANG_S)
        os.close(terminal)
        terminal = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break  # the terminal closed: everything written has been read
            if not chunk:
                break
            drawn += chunk
    finally:
        if terminal != -1:
            os.close(terminal)
        os.close(controller)
    assert process.returncode == 0
    assert b"adding" in drawn and b"3/3" in drawn
    assert "adding" not in out  # stdout keeps only the reports


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get_json(url: str) -> tuple[int, dict[str, object]]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, json.loads(response.read())


def test_the_web_app_serves_searches_while_episodes_are_added(root: Path) -> None:
    """A running server answers every search during a bulk import and then shows it all."""
    assert verbatim(root, "add", str(GOOD[0])).returncode == 0
    port = _free_port()
    server = start(root, "serve", "--port", str(port))
    url = f"http://127.0.0.1:{port}/api/search?q=patience"
    try:
        deadline = time.monotonic() + HANG_S
        while True:  # wait for the server to listen (a hang guard, not a timing check)
            try:
                _get_json(url)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.2)
        writer = start(root, "add", *map(str, GOOD[1:]))
        seen = []
        while writer.poll() is None:
            status, body = _get_json(url)
            assert status == 200
            seen.append(body["total"])
        _, err = writer.communicate(timeout=HANG_S)
        assert writer.returncode == 0, err
        assert seen and all(a <= b for a, b in zip(seen, seen[1:], strict=False))
        # No restart: the same server now finds the quote in every episode.
        status, body = _get_json(url)
        assert status == 200 and body["total"] > seen[0]
        for source in GOOD:
            _, found = _get_json(f"{url}&episode={source.stem}")
            assert found["total"] >= 1, source.stem
    finally:
        server.terminate()
        server.communicate(timeout=HANG_S)


def test_the_lock_is_reentrant_and_its_timeout_configurable(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A nested write_lock in one process shares the lock; a bad timeout is an error."""
    with write_lock(root) as outer, write_lock(root) as inner:
        assert inner is outer
        assert json.loads((root / ".lock").read_text())["pid"] == os.getpid()
    assert (root / ".lock").read_text() == ""  # a finished writer clears its name
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, "7.5")
    assert lock_timeout_s() == 7.5
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, "soon")
    with pytest.raises(ArchiveError, match="VERBATIM_LOCK_TIMEOUT"):
        lock_timeout_s()


def test_a_waiting_writer_says_once_whom_it_waits_for(
    root: Path, lock_holder: subprocess.Popen[str]
) -> None:
    """After about a second, a command waiting for the lock names the holder on stderr, once."""
    result = verbatim(root, "--lock-timeout", "2.5", "add", str(GOOD[0]))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    waiting = [line for line in lines if line.startswith("note: waiting for ")]
    assert len(waiting) == 1, lines
    assert f"pid {lock_holder.pid} (test holder) on {socket.gethostname()}" in waiting[0]
    assert lines[-1].startswith("error: ") and "waited 2.5 s" in lines[-1]
