"""Serving the web app with waitress: in one process, or in several sharing one socket.

A search runs in Python and holds the interpreter's lock, so one process answers one
search at a time, however many threads it has: with four readers at once on a two-core
machine, the benchmark's searches mostly waited for each other (issue 7). With
`workers` above one, the listening socket is opened once and each worker process (a
fork) accepts on it; the kernel hands each connection to one of them. Every worker
builds its own app, and so its own engine readers and caches, after the fork: open files
are never shared between processes. Workers die with the process that started them.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any

from archive.processes import die_with_parent

# Threads per worker: a search holds the interpreter, but a page also waits on files.
THREADS = 4
MAX_WORKERS = 4


def default_workers() -> int:
    """Return one worker per core (at most MAX_WORKERS) where processes can fork."""
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def serve(
    make_app: Callable[[], Any],
    *,
    host: str,
    port: int,
    workers: int = 1,
    ready: Callable[[int, list[int]], None] | None = None,
) -> None:
    """Serve the app until interrupted; `ready(port, worker pids)` once it listens.

    With one worker the app is served in this process, as `waitress.serve` does.
    """
    import waitress

    if workers <= 1 or not hasattr(os, "fork"):
        if ready is None:
            waitress.serve(make_app(), host=host, port=port, threads=THREADS)
            return
        server = waitress.create_server(make_app(), host=host, port=port, threads=THREADS)
        ready(int(server.effective_port), [os.getpid()])
        server.run()
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.create_server((host, port), family=family, backlog=1024)
    bound = int(listener.getsockname()[1])
    parent = os.getpid()
    pids = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the worker, seen by the serving tests
            _work(make_app, listener, parent)
        pids.append(pid)
    listener.close()
    if ready is not None:
        ready(bound, pids)
    died = _supervise(pids)
    if died is not None:
        raise ServerError(f"a server worker stopped on its own ({died}); the others were stopped")


class ServerError(RuntimeError):
    """A worker process stopped without being asked to."""


def _work(make_app: Callable[[], Any], listener: socket.socket, parent: int) -> None:
    import waitress

    code = 0
    try:
        die_with_parent(parent)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        # Ctrl+C ends a worker at once, as it ends the server; unless the server was
        # started ignoring it (a background job), as the server itself then does.
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
        waitress.serve(make_app(), sockets=[listener], threads=THREADS)
    except Exception as exc:
        print(f"error: a server worker failed: {exc}", file=sys.stderr, flush=True)
        code = 1
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _supervise(pids: list[int]) -> str | None:
    """Wait for the workers; on SIGTERM or Ctrl+C, or when one dies, stop them all.

    Return how the first worker that stopped on its own ended, or None if none did.
    """
    asked = False

    def stop(*_: object) -> None:
        nonlocal asked
        asked = True
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    died: str | None = None
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        running = set(pids)
        while running:
            try:
                pid, status = os.wait()
            except KeyboardInterrupt:
                stop()
                continue
            except ChildProcessError:
                break
            running.discard(pid)
            if not asked:
                # Ctrl+C at a terminal reaches every worker too: that is a stop asked for.
                if not _stopped_by_request(status):
                    died = died or _described(status)
                stop()  # one worker gone: take the others down rather than limp on
    finally:
        signal.signal(signal.SIGTERM, previous)
    return died


def _stopped_by_request(status: int) -> bool:
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGINT, signal.SIGTERM)


def _described(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
