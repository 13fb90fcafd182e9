"""What a bulk `add` shows while it works and when it is done: a progress bar, a summary."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import click

from archive.ingest import AddResult

STATUSES = ("added", "unchanged", "corrected", "failed")


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[AddResult], None]]:
    """Yield a per-file callback that moves a progress bar on stderr, if stderr is a TTY."""
    # A bar in a log file or a pipe is noise: only people at a terminal see it.
    if total < 2 or not sys.stderr.isatty():
        yield lambda result: None
        return
    with click.progressbar(
        length=total,
        label="adding",
        file=sys.stderr,
        show_pos=True,
        item_show_func=lambda name: name,
    ) as bar:

        def tick(result: AddResult) -> None:
            bar.update(1, result.path.name)

        yield tick


def bulk_summary(results: Sequence[AddResult]) -> str:
    """Return the closing summary of an import: counts by outcome, then each failure."""
    counts = Counter(result.status for result in results)
    lines = ["summary: " + ", ".join(f"{counts[status]} {status}" for status in STATUSES)]
    for result in results:
        if not result.ok:
            lines.append(f"  failed  {result.path}: {result.error}")
    return "\n".join(lines)
