"""Writer processes: Whoosh's parallel writer forks helpers, which must die with us.

A large batch is indexed by `procs` forked writer processes (Whoosh's MpWriter), which
took a 1,000-passage batch in 37% of the time of one writer on two cores (benchmarks/).
A forked helper inherits every open descriptor, the archive's write lock and Whoosh's
index lock among them, and waits on a queue that nobody closes if the parent is killed;
left alone it would hold both locks forever. So each helper dies with its parent
(archive.processes), and the locks go with it, as they do for kill -9 of one process.
"""

from __future__ import annotations

import multiprocessing.util
import os
import sys

from archive.processes import die_with_parent


def writer_processes() -> int:
    """Return how many writer processes a large batch uses: two where there are cores."""
    return min(2, os.cpu_count() or 1) if sys.platform == "linux" else 1


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
