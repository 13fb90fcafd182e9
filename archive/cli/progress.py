"""What a bulk `add` shows while it works and when it is done: a progress bar, a summary."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from archive.ingest.pipeline import AddResult

STATUSES = ("added", "unchanged", "corrected", "failed")


class Progress:
    """The per-file callback of a bulk `add`: moves the bar, if one is showing."""

    def __init__(self, bar: Any = None) -> None:
        self.bar = bar

    @property
    def showing(self) -> bool:
        """Return True while a bar holds the terminal (other output should wait)."""
        return self.bar is not None

    def __call__(self, result: AddResult) -> None:
        """Count one file done."""
        if self.bar is not None:
            self.bar.update(1, result.path.name)


@contextmanager
def progress_bar(total: int) -> Iterator[Progress]:
    """Yield a per-file callback that moves a progress bar on stderr, if stderr is a TTY."""
    # A bar in a log file or a pipe is noise: only people at a terminal see it.
    if total < 2 or not sys.stderr.isatty():
        yield Progress()
        return
    with click.progressbar(
        length=total,
        label="adding",
        file=sys.stderr,
        show_pos=True,
        item_show_func=lambda name: name,
    ) as bar:
        yield Progress(bar)


class Tally:
    """Counts an import's results by outcome and keeps its failures, not the episodes."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.failures: list[AddResult] = []

    def add(self, result: AddResult) -> None:
        """Count one file's result."""
        self.counts[result.status] += 1
        if not result.ok:
            self.failures.append(result)

    @property
    def files(self) -> int:
        """Return how many files were counted."""
        return sum(self.counts.values())

    def summary(self) -> str:
        """Return the closing summary of an import: counts by outcome, then each failure."""
        lines = ["summary: " + ", ".join(f"{self.counts[s]} {s}" for s in STATUSES)]
        lines += [f"  failed  {r.path}: {r.error}" for r in self.failures]
        return "\n".join(lines)
