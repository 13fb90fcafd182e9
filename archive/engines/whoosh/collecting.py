"""Collecting a Whoosh search within the search's time budget (archive.query.budget)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from whoosh import collectors
from whoosh import query as wq
from whoosh.searching import Searcher

from archive.query.budget import OutOfTime, check, current_deadline, deadline

# What a loop past the deadline raises: Whoosh's own collectors raise TimeLimit, every
# loop of Verbatim's raises OutOfTime.
TIMED_OUT = (collectors.TimeLimit, OutOfTime)


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
        """Collect one match, or raise OutOfTime once the deadline has passed."""
        try:
            check()
        except OutOfTime:
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

    `restrict` is a filter query, or the set of documents it allows
    (archive.engines.whoosh.filter_sets).
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
        except TIMED_OUT:
            # Raised by the collector at a match, or by a matcher between matches (a
            # phrase checking passages that hold its words but not the phrase).
            return outer.results(), True
    return outer.results(), False
