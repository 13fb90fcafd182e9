"""A time budget for a search: stop when it runs out, keep what was found.

The budget is a deadline held in a context variable for the search's whole run (its
thread's, in a web worker), so every loop a query drives checks the same clock:
collecting matches, matching a phrase, expanding wildcards and fuzzy words, counting,
"did you mean" and the quote checker. A loop past the deadline raises OutOfTime,
which the search catches to answer with what it found and TIME_BUDGET_NOTE. Every
engine's loops check the same clock (`check`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Collecting matches stops after this long and the matches found so far are shown, with
# TIME_BUDGET_NOTE; the query caps in `archive.query.language` keep ordinary searches far below it.
SEARCH_TIME_BUDGET_S = 2.0
TIME_BUDGET_NOTE = (
    "The search took too long and was stopped early: only the matches found in time are "
    "shown. Try fewer or more specific words."
)

_deadline: ContextVar[float | None] = ContextVar("verbatim_search_deadline", default=None)
# While this returns True, a search checking its deadline waits, holding nothing: an
# expensive query steps aside while a simple one runs in the same process (archive.search.service).
_yield_while: ContextVar[Callable[[], bool] | None] = ContextVar(
    "verbatim_search_yield_while", default=None
)
# How long a search stepping aside sleeps between looks: the interpreter is released.
STEP_ASIDE_S = 0.001


@contextmanager
def deadline(budget_s: float | None) -> Iterator[None]:
    """Within the block, `check()` raises once `budget_s` seconds have passed (None: never).

    A block inside another keeps the earlier of the two deadlines.
    """
    outer = _deadline.get()
    mine = None if budget_s is None else time.monotonic() + budget_s
    token = _deadline.set(min((d for d in (outer, mine) if d is not None), default=None))
    try:
        yield
    finally:
        _deadline.reset(token)


def current_deadline() -> float | None:
    """Return the deadline in force (time.monotonic()), or None."""
    return _deadline.get()


def expired() -> bool:
    """Return True if a deadline is in force and has passed."""
    at = _deadline.get()
    return at is not None and time.monotonic() >= at


@contextmanager
def stepping_aside(others_running: Callable[[], bool]) -> Iterator[None]:
    """Within the block, each `check()` first waits while `others_running()` is True."""
    token = _yield_while.set(others_running)
    try:
        yield
    finally:
        _yield_while.reset(token)


class OutOfTime(Exception):
    """The search's deadline has passed: whatever loop raised it stops with what it has."""


def check() -> None:
    """Raise OutOfTime if the deadline in force has passed.

    In a `stepping_aside` block, first wait (until the deadline at most) while others run.
    """
    at = _deadline.get()
    others_running = _yield_while.get()
    if others_running is not None:
        while others_running() and (at is None or time.monotonic() < at):
            time.sleep(STEP_ASIDE_S)
    if at is not None and time.monotonic() >= at:
        raise OutOfTime
