"""Writer processes: Whoosh's parallel writer forks helpers, which must die with us.

A large batch is indexed by `procs` forked writer processes (Whoosh's MpWriter), which
took a 1,000-passage batch in 37% of the time of one writer on two cores (benchmarks/).
A forked helper inherits every open descriptor, the archive's write lock and Whoosh's
index lock among them, and waits on a queue that nobody closes if the parent is killed;
left alone it would hold both locks forever. So each helper asks Linux to kill it when
its parent dies (`PR_SET_PDEATHSIG`), and the locks go with it, as they do for kill -9 of
a single process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing.util
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def writer_processes() -> int:
    """Return how many writer processes a large batch uses: two where there are cores."""
    return min(2, os.cpu_count() or 1) if sys.platform == "linux" else 1


def die_with_parent(parent: int) -> None:
    """In a freshly forked process: be killed when `parent` dies, even by SIGKILL (Linux)."""
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request took effect


def _die_with_parent(_: object) -> None:
    die_with_parent(_forker.pid)


class _Forker:
    """The process that forks helpers; noted again before each fork of a parallel write."""

    def __init__(self) -> None:
        self.pid = os.getpid()

    def arm(self) -> None:
        """Note this process as the one whose helpers must die with it."""
        self.pid = os.getpid()


_forker = _Forker()
if sys.platform == "linux":
    multiprocessing.util.register_after_fork(_forker, _die_with_parent)


def before_fork() -> None:
    """Call in the parent before a parallel write: its helpers are to die with this process."""
    _forker.arm()
