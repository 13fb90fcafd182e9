"""Fault injection for crash tests: die, or fail, at a named step of the write path, on purpose.

`VERBATIM_FAULT_AFTER=<step>` (or `<step>:<n>` for the n-th time the step is reached)
makes the process SIGKILL itself right after that step, so a test can hit every point
of a write deterministically. `VERBATIM_FAULT_RAISE=<step>[:<n>]` raises `InjectedFault`
there instead (the n-th time only), as a bug in our own code would: a test can prove such
a failure is reported and survived. Unset, `reached` costs two dictionary lookups.
"""

from __future__ import annotations

import os
import signal

FAULT_ENV = "VERBATIM_FAULT_AFTER"
RAISE_ENV = "VERBATIM_FAULT_RAISE"
_seen: dict[str, int] = {}


class InjectedFault(RuntimeError):
    """An unforeseen failure raised on purpose by `VERBATIM_FAULT_RAISE`."""


def reached(step: str) -> None:
    """Note that the write path has finished `step`; die or fail there if a test asked for it."""
    killing = os.environ.get(FAULT_ENV)
    raising = os.environ.get(RAISE_ENV)
    if not killing and not raising:
        return
    _seen[step] = _seen.get(step, 0) + 1
    if killing and _due(killing, step, at_least=True):
        # SIGKILL, not an exception: no finally block, atexit or buffered write may run,
        # exactly as when the power goes or the OOM killer strikes.
        os.kill(os.getpid(), signal.SIGKILL)
    if raising and _due(raising, step, at_least=False):
        raise InjectedFault(f"fault injected after {step!r}")


def _due(wanted: str, step: str, *, at_least: bool) -> bool:
    """Return whether `wanted` (`step` or `step:n`) names this visit to `step`."""
    name, _, nth = wanted.partition(":")
    if name != step:
        return False
    seen, n = _seen[step], int(nth or 1)
    return seen >= n if at_least else seen == n
