"""A time budget for a search: stop when it runs out, keep what was found.

The budget is a deadline held in a context variable for the search's whole run (its
thread's, in a web worker), so every loop a query drives checks the same clock:
collecting matches, matching a phrase, expanding wildcards and fuzzy words, counting,
"did you mean" and the quote checker. A loop past the deadline raises Whoosh's
`TimeLimit`, which the search catches to answer with what it found and TIME_BUDGET_NOTE.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from whoosh import collectors
from whoosh import query as wq
from whoosh.searching import Searcher

# Collecting matches stops after this long and the matches found so far are shown, with
# TIME_BUDGET_NOTE; the query caps in `archive.query` keep ordinary searches far below it.
SEARCH_TIME_BUDGET_S = 2.0
TIME_BUDGET_NOTE = (
    "The search took too long and was stopped early: only the matches found in time are "
    "shown. Try fewer or more specific words."
)

_deadline: ContextVar[float | None] = ContextVar("verbatim_search_deadline", default=None)
# While this returns True, a search checking its deadline waits, holding nothing: an
# expensive query steps aside while a simple one runs in the same process (archive.service).
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


def check() -> None:
    """Raise Whoosh's TimeLimit if the deadline in force has passed.

    In a `stepping_aside` block, first wait (until the deadline at most) while others run.
    """
    at = _deadline.get()
    others_running = _yield_while.get()
    if others_running is not None:
        while others_running() and (at is None or time.monotonic() < at):
            time.sleep(STEP_ASIDE_S)
    if at is not None and time.monotonic() >= at:
        raise collectors.TimeLimit


class DeadlineCollector(collectors.TimeLimitCollector):
    """Whoosh's time-limit collector, checking a deadline at each match instead of a timer.

    The stock one starts a timer thread per search and may signal the main thread; a web
    worker is not the main thread, and a deadline is checked the same way in any thread.
    The check sits in `collect`, so it still runs when a FilterCollector wraps this one
    (the stock one checks in `collect_matches`, which a wrapping filter never calls).
    """

    def __init__(self, child: collectors.Collector, deadline_at: float) -> None:
        super().__init__(child, max(0.0, deadline_at - time.monotonic()), use_alarm=False)
        self.deadline = deadline_at

    def prepare(self, top_searcher: Searcher, q: wq.Query, context: Any) -> None:
        """Prepare the child; the clock is the search's deadline, already running."""
        self.child.prepare(top_searcher, q, context)
        self.timedout = False

    def collect_matches(self) -> None:
        """Collect every match, through `collect`, so the deadline is checked at each."""
        for sub_docnum in self.child.matches():
            self.collect(sub_docnum)

    def collect(self, sub_docnum: int) -> Any:
        """Collect one match, or raise TimeLimit once the deadline has passed."""
        try:
            check()
        except collectors.TimeLimit:
            self.timedout = True
            raise
        return self.child.collect(sub_docnum)


def collect_within(
    searcher: Searcher,
    q: wq.Query,
    restrict: wq.Query | Any | None,
    budget_s: float | None,
    *,
    wrap: Callable[[collectors.Collector], collectors.Collector] = lambda c: c,
    **options: Any,
) -> tuple[Any, bool]:
    """Run a search within the time budget; return its (maybe partial) results and whether cut.

    `restrict` is a filter query, or the set of documents it allows (archive.filter_sets).
    The budget counts from now, or from an enclosing `deadline` block if that ends sooner.

    `wrap` wraps the collector that keeps the hits, inside the clock and the filter.
    """
    inner = wrap(searcher.collector(**options))
    with deadline(budget_s):
        at = current_deadline()
        timed = inner if at is None else DeadlineCollector(inner, at)
        # The filter wraps the clock, as Searcher.collector would wrap it, so it sees docs first.
        outer = collectors.FilterCollector(timed, restrict) if restrict is not None else timed
        try:
            searcher.search_with_collector(q, outer)
        except collectors.TimeLimit:
            # Raised by the collector at a match, or by a matcher between matches (a
            # phrase checking passages that hold its words but not the phrase).
            return outer.results(), True
    return outer.results(), False
