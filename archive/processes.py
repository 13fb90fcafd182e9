"""Child processes that die with their parent: forked writers and server workers alike.

A forked process inherits every open descriptor (the archive's write lock, an index's
own lock, a listening socket) and, left alone after its parent is killed, would hold
them forever. Each child asks Linux to kill it when its parent dies (`PR_SET_PDEATHSIG`),
and what it holds goes with it, as it does for kill -9 of a single process.

Imports nothing of Verbatim's.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a freshly forked process: be killed when `parent` dies, even by SIGKILL (Linux)."""
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request took effect
