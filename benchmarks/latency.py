"""Query latency of an existing archive through the search service the web app uses (issue 4).

Draws queries of the benchmark's six classes from the archive's own passages, times the
first search (which opens the index) on its own, warms up, then reports the median and
95th percentile per class and over all queries.

Example:
    python benchmarks/latency.py --archive demo-archive --queries 100
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from queries import (
    draw_queries,
    interleave,
    percentiles,
    read_passages,
    run_verbatim,
    verbatim_latency,
    warm_up,
)

from archive.search.service import SearchService
from archive.store.folder import Archive


def measure(root: Path, per_class: int, *, seed: int = 1) -> dict[str, Any]:
    """Return the first-search time and per-class latencies for the archive at `root`."""
    archive = Archive.open(root)
    passages = read_passages(archive)
    queries = draw_queries(passages, per_class, seed=seed)
    warm = draw_queries(passages, 10, seed=seed + 1)
    with SearchService(archive) as service:
        first = next(iter(interleave(warm)))
        start = time.perf_counter()
        run_verbatim(service, first)
        first_ms = (time.perf_counter() - start) * 1000
        warm_up(lambda q: run_verbatim(service, q), warm)
        samples: dict[str, list[float]] = {}
        classes = verbatim_latency(service, queries, samples)
    mixed = [ms for times in samples.values() for ms in times]
    p50, p95 = percentiles(mixed)
    return {
        "archive": str(root),
        "episodes": len({p.episode_id for p in passages}),
        "passages": len(passages),
        "first_search_ms": round(first_ms, 1),
        "query": classes,
        "all": {"queries": len(mixed), "p50_ms": round(p50, 2), "p95_ms": round(p95, 2)},
    }


def print_report(report: dict[str, Any]) -> None:
    """Print the latencies for people."""
    print(f"{report['archive']}: {report['episodes']} episodes, {report['passages']} passages")
    print(f"first search (opens the index): {report['first_search_ms']} ms")
    print(f"{'query class':<16} {'p50 ms':>8} {'p95 ms':>8} {'mean hits':>10}")
    for name, row in report["query"].items():
        print(
            f"{name:<16} {row['verbatim_p50_ms']:>8} {row['verbatim_p95_ms']:>8} "
            f"{row['verbatim_hits_mean']:>10}"
        )
    mixed = report["all"]
    print(f"{'all':<16} {mixed['p50_ms']:>8} {mixed['p95_ms']:>8}   ({mixed['queries']} queries)")


def main(argv: list[str] | None = None) -> None:
    """Measure an archive's query latency from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="the archive folder")
    parser.add_argument("--queries", type=int, default=100, help="queries per class")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    report = measure(args.archive, args.queries, seed=args.seed)
    if args.json:
        print(json.dumps(report))
    else:
        print_report(report)


if __name__ == "__main__":
    main()
