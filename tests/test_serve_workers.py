"""`verbatim serve --workers N`: N real server processes on one port, stopped together.

Each test starts the real command line in its own process and talks to it over HTTP.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from archive.store.folder import Archive

BULK = Path(__file__).resolve().parent / "data" / "bulk"
ROOT = Path(__file__).resolve().parent.parent
GOOD = sorted(p for p in BULK.iterdir() if p.suffix != ".json")
# Hang guards only: no test asserts how long anything takes.
HANG_S = 120

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked processes")


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("VERBATIM_")}


def _cli(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "archive", "--archive", str(root), *args]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _total(port: int, query: str = "patience") -> int:
    url = f"http://127.0.0.1:{port}/api/search?q={query}"
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return int(json.loads(response.read())["total"])


def _children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(p) for p in path.read_text().split()} if path.exists() else set()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead; its parent has not collected it yet.
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().split(") ")[-1][:1] != "Z"


def _wait_until(check: object, what: str) -> None:
    deadline = time.monotonic() + HANG_S
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.1)


@pytest.fixture
def archive_root(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    assert subprocess.run(_cli(root, "init"), env=_env(), cwd=ROOT, timeout=HANG_S).returncode == 0
    done = subprocess.run(
        _cli(root, "add", str(GOOD[0])), env=_env(), cwd=ROOT, timeout=HANG_S, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    return root


def _interrupts_as_at_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def server(archive_root: Path) -> object:
    port = _free_port()
    proc = subprocess.Popen(
        _cli(archive_root, "serve", "--port", str(port), "--workers", "2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
        # Its own process group, as at a terminal: Ctrl+C goes to the server and workers.
        start_new_session=True,
        # And Ctrl+C not ignored, as at a terminal, however this test run was started
        # (a shell's background job, as CI may be, ignores it).
        preexec_fn=_interrupts_as_at_a_terminal,
    )

    def answers() -> bool:
        assert proc.poll() is None, proc.communicate()
        try:
            _total(port)
        except OSError:
            return False
        return True

    _wait_until(answers, "the server to answer")
    yield proc, port
    if proc.poll() is None:
        proc.kill()
    proc.communicate(timeout=HANG_S)


def test_two_workers_answer_concurrent_searches_and_see_new_episodes(
    server: tuple[subprocess.Popen[str], int], archive_root: Path
) -> None:
    """Two worker processes; every concurrent answer agrees, before and after an add."""
    proc, port = server
    assert len(_children(proc.pid)) == 2
    with ThreadPoolExecutor(8) as pool:
        before = set(pool.map(lambda _: _total(port), range(40)))
    assert len(before) == 1
    first = before.pop()
    assert first >= 1
    added = subprocess.run(
        _cli(archive_root, "add", *map(str, GOOD[1:])),
        env=_env(),
        cwd=ROOT,
        timeout=HANG_S,
        capture_output=True,
    )
    assert added.returncode == 0, added.stderr
    # Whichever worker answers, it has seen the new episodes: no restart.
    with ThreadPoolExecutor(8) as pool:
        after = set(pool.map(lambda _: _total(port), range(40)))
    assert len(after) == 1 and after.pop() > first


def test_sigterm_stops_every_worker(server: tuple[subprocess.Popen[str], int]) -> None:
    """Stopping the server stops its workers, and it exits cleanly."""
    proc, _ = server
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=HANG_S) == 0
    _wait_until(lambda: not any(_alive(pid) for pid in workers), "the workers to stop")


def test_ctrl_c_stops_every_worker_without_an_error(
    server: tuple[subprocess.Popen[str], int],
) -> None:
    """Ctrl+C at a terminal (SIGINT to the whole group) is a stop, not a failure."""
    proc, _ = server
    workers = _children(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=HANG_S) == 0
    _, err = proc.communicate(timeout=HANG_S)
    assert "error:" not in err
    _wait_until(lambda: not any(_alive(pid) for pid in workers), "the workers to stop")


def test_sigterm_to_every_process_stops_cleanly(
    server: tuple[subprocess.Popen[str], int],
) -> None:
    """A service manager or pkill signals server and workers at once: a stop, no error."""
    proc, _ = server
    workers = _children(proc.pid)
    os.killpg(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=HANG_S) == 0
    _, err = proc.communicate(timeout=HANG_S)
    assert "error:" not in err
    _wait_until(lambda: not any(_alive(pid) for pid in workers), "the workers to stop")


def test_a_server_started_ignoring_ctrl_c_keeps_its_workers_through_it(
    archive_root: Path,
) -> None:
    """Started as a background job (SIGINT ignored), no worker dies of Ctrl+C either."""
    port = _free_port()

    def ignore_interrupts() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    proc = subprocess.Popen(
        _cli(archive_root, "serve", "--port", str(port), "--workers", "2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
        start_new_session=True,
        preexec_fn=ignore_interrupts,
    )
    try:

        def answers() -> bool:
            assert proc.poll() is None
            try:
                return _total(port) >= 1
            except OSError:
                return False

        _wait_until(answers, "the server to answer")
        workers = _children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(1)  # let any worker that would die of it do so (not a timing check)
        assert proc.poll() is None and _children(proc.pid) == workers
        with ThreadPoolExecutor(4) as pool:
            assert min(pool.map(lambda _: _total(port), range(8))) >= 1
        proc.terminate()
        assert proc.wait(timeout=HANG_S) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=HANG_S)


def test_a_worker_that_dies_stops_the_server_with_a_message(
    server: tuple[subprocess.Popen[str], int],
) -> None:
    """A worker killed from outside takes the server down, saying so in one line."""
    proc, _ = server
    workers = sorted(_children(proc.pid))
    os.kill(workers[0], signal.SIGKILL)
    assert proc.wait(timeout=HANG_S) != 0
    _, err = proc.communicate(timeout=HANG_S)
    # Waitress may have logged warnings before; the error is one line, the last.
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: a server worker stopped on its own (killed by signal 9); the others were stopped"
    ]
    assert err.rstrip().endswith(errors[0])
    _wait_until(lambda: not _alive(workers[1]), "the other worker to stop")


def test_workers_die_with_a_killed_server(server: tuple[subprocess.Popen[str], int]) -> None:
    """kill -9 of the server leaves no worker holding the port."""
    proc, port = server
    workers = _children(proc.pid)
    assert len(workers) == 2
    proc.kill()
    proc.wait(timeout=HANG_S)
    _wait_until(lambda: not any(_alive(pid) for pid in workers), "the workers to die")

    def refused() -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) != 0

    _wait_until(refused, "the port to be free")


def _warm_up_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "verbatim-warm-up"]


def test_a_worker_warms_up_its_index_as_it_starts(sample_archive: Archive) -> None:
    """With WARM_UP (as `verbatim serve` sets it), the app opens its index and searches in
    a thread of its own; searches then answer as ever."""
    from web import create_app, resources

    app = create_app({"TESTING": True, "ARCHIVE": str(sample_archive.root), "WARM_UP": True})
    for thread in _warm_up_threads():
        thread.join(timeout=60)
    assert not _warm_up_threads()
    search = app.extensions["verbatim"].search()
    assert search.search("lighthouse").total > 0
    assert app.test_client().get("/?q=lighthouse").status_code == 200
    resources.close(app)


def test_a_warm_up_without_an_archive_ends_quietly(tmp_path: Path) -> None:
    """No archive yet: the warm-up gives up; the first request explains, as it always did."""
    from web import create_app

    app = create_app({"TESTING": True, "ARCHIVE": str(tmp_path / "none"), "WARM_UP": True})
    for thread in _warm_up_threads():
        thread.join(timeout=60)
    response = app.test_client().get("/api/search?q=x")
    assert response.status_code >= 400 and "verbatim" in response.get_json()["error"]
