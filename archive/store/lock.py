"""The archive-wide write lock: one writing command at a time, released by the OS on death.

`<archive>/.lock` is locked with `fcntl.flock`. The kernel drops the lock when the holder
exits for any reason, kill -9 included, so a crash never leaves a stale lock behind. The
file's text says who holds it and since when; a holder that died without finishing leaves
that text in place, which is how the next writer knows to run recovery.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from archive.errors import ArchiveError

LOCK_FILE = ".lock"
LOCK_TIMEOUT_ENV = "VERBATIM_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT_S = 30.0
_POLL_S = 0.1
# A command still waiting for the lock after this long says so, once, and for whom.
WAIT_NOTICE_S = 1.0


class LockTimeoutError(ArchiveError):
    """Another process held the write lock for longer than we were willing to wait."""


@dataclass(frozen=True)
class Holder:
    """Who held (or last held without finishing) the write lock: pid, command, start time."""

    pid: int | None
    command: str
    started: float
    host: str = ""

    def describe(self) -> str:
        """Return who this is, for people: `pid 123 (add) on host-a`."""
        who = f"pid {self.pid}" if self.pid else "a verbatim command"
        where = f" on {self.host}" if self.host else ""
        return f"{who} ({self.command or 'unknown'}){where}"


@dataclass
class WriteLock:
    """A held write lock; `interrupted` is the holder that died mid-write, if any."""

    path: Path
    started: float
    interrupted: Holder | None
    # Set by recovery once the interrupted writer's work is finished or undone.
    recovered: bool = False


_held: dict[Path, tuple[int, WriteLock, int]] = {}


def lock_timeout_s() -> float:
    """Return the lock timeout from the environment, or the default."""
    value = os.environ.get(LOCK_TIMEOUT_ENV)
    if not value:
        return DEFAULT_LOCK_TIMEOUT_S
    try:
        return max(0.0, float(value))
    except ValueError:
        raise ArchiveError(
            f"{LOCK_TIMEOUT_ENV}={value!r} is not a number of seconds; set it to e.g. 30"
        ) from None


def _read_holder(fd: int) -> Holder | None:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 4096)
    if not raw.strip():
        return None
    try:
        data = json.loads(raw)
        return Holder(
            int(data["pid"]),
            str(data.get("command", "")),
            float(data["started"]),
            str(data.get("host", "")),
        )
    except (ValueError, KeyError, TypeError):
        # Unreadable text means a holder died while writing it: treat it as interrupted.
        return Holder(None, "unknown", 0.0)


def _holder_text(holder: Holder) -> str:
    data = {"pid": holder.pid, "command": holder.command, "started": holder.started}
    return json.dumps(data | {"host": holder.host}) + "\n"


def _write_text(fd: int, text: str) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text.encode("utf-8"))
    os.fsync(fd)


@contextmanager
def write_lock(
    root: str | os.PathLike[str],
    *,
    timeout_s: float | None = None,
    command: str = "write",
    on_wait: Callable[[Holder | None], None] | None = None,
) -> Iterator[WriteLock]:
    """Hold the archive's write lock, waiting up to `timeout_s` for another writer.

    Re-entrant within one process: a nested call shares the outer lock. `on_wait` is
    called once, with the holder, if the lock is still taken after WAIT_NOTICE_S.
    """
    path = Path(root).resolve() / LOCK_FILE
    if path in _held:
        fd, lock, depth = _held[path]
        _held[path] = (fd, lock, depth + 1)
        try:
            yield lock
        finally:
            fd, lock, depth = _held[path]
            _held[path] = (fd, lock, depth - 1)
        return
    timeout = lock_timeout_s() if timeout_s is None else timeout_s
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, timeout, on_wait)
        interrupted = _read_holder(fd)
        lock = WriteLock(path=path, started=time.time(), interrupted=interrupted)
        holder = {
            "pid": os.getpid(),
            "command": command,
            "started": lock.started,
            "host": socket.gethostname(),
        }
        _write_text(fd, json.dumps(holder) + "\n")
        _held[path] = (fd, lock, 1)
        try:
            yield lock
        except Exception:
            # A command that failed cleanly left the archive as it was: not interrupted,
            # unless it failed before recovering a dead writer, whose name then stays.
            dead = lock.interrupted if not lock.recovered else None
            _write_text(fd, _holder_text(dead) if dead is not None else "")
            raise
        else:
            # Only a writer that finished clears its name: a dead one leaves it as a flag.
            _write_text(fd, "")
        finally:
            del _held[path]
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _acquire(
    fd: int,
    path: Path,
    timeout_s: float,
    on_wait: Callable[[Holder | None], None] | None,
    *,
    shared: bool = False,
) -> None:
    began = time.monotonic()
    deadline = began + timeout_s
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            now = time.monotonic()
            if on_wait is not None and now - began >= WAIT_NOTICE_S and now < deadline:
                on_wait(_read_holder(fd))
                on_wait = None  # once is enough: the message says what we wait for
            if now >= deadline:
                holder = _read_holder(fd)
                who = f" (pid {holder.pid})" if holder and holder.pid else ""
                raise LockTimeoutError(
                    f"{path}: another verbatim command is writing to this archive{who}; "
                    f"waited {timeout_s:g} s \u2014 try again when it finishes "
                    f"(or wait longer with --lock-timeout)"
                ) from None
            time.sleep(_POLL_S)


@contextmanager
def read_lock(
    root: str | os.PathLike[str],
    *,
    timeout_s: float | None = None,
    on_wait: Callable[[Holder | None], None] | None = None,
) -> Iterator[Holder | None]:
    """Wait out any writer and keep writers out, writing nothing; yield a dead writer, if any.

    For a command that must see the archive between writes but never change it (`verify`):
    a shared flock, so writers wait for it, and the lock file's text left as it is. What it
    yields is the holder a writer that died left named in the file (None if none did).
    """
    path = Path(root).resolve() / LOCK_FILE
    if path in _held:
        yield None  # this process is the writer: nothing was cut short
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        yield None  # no writer ever ran here
        return
    try:
        _acquire(
            fd, path, lock_timeout_s() if timeout_s is None else timeout_s, on_wait, shared=True
        )
        yield _read_holder(fd)
    finally:
        os.close(fd)


def dead_writer(root: str | os.PathLike[str]) -> Holder | None:
    """Return the writer the lock file names if it died mid-write; None if none or it is alive.

    Never waits and never writes: one stat when the file is empty, which is almost always.
    """
    path = Path(root) / LOCK_FILE
    try:
        if path.stat().st_size == 0:
            return None
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return None  # a live writer holds it: its name is there because it is writing
        return _read_holder(fd)
    finally:
        os.close(fd)
