"""Fault injection for crash tests: die at a named step of the write path, on purpose.

`VERBATIM_FAULT_AFTER=<step>` (or `<step>:<n>` for the n-th time the step is reached)
makes the process SIGKILL itself right after that step, so a test can hit every point
of a write deterministically. Unset, `reached` costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

FAULT_ENV = "VERBATIM_FAULT_AFTER"
_seen: dict[str, int] = {}


def reached(step: str) -> None:
    """Note that the write path has finished `step`; die there if a test asked for it."""
    wanted = os.environ.get(FAULT_ENV)
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name != step:
        return
    _seen[step] = _seen.get(step, 0) + 1
    if _seen[step] >= int(nth or 1):
        # SIGKILL, not an exception: no finally block, atexit or buffered write may run,
        # exactly as when the power goes or the OOM killer strikes.
        os.kill(os.getpid(), signal.SIGKILL)
