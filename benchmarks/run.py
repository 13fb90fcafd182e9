"""Benchmark Verbatim against SQLite FTS5 on a generated archive, in one run (issue 7).

Generates synthetic interviews, imports them through Verbatim's own pipeline
(`archive.ingest.pipeline.add_paths`) into a fresh archive, builds an FTS5 table from the very same
passages, times six query classes on both, times adding one more episode, and prints one
JSON object (`--json`) or a table. `--http` also serves the archive with the real web
app and measures search (`/?q=` and `/api/search?q=`) end to end with concurrent clients.

Example:
    python benchmarks/run.py --episodes 200 --queries 200 --json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import fts5
import http_load
from generate import DEFAULT_SEED, DEFAULT_WORDS, generate
from queries import (
    BenchQuery,
    draw_queries,
    interleave,
    percentiles,
    read_passages,
    run_verbatim,
    time_queries,
    verbatim_latency,
    warm_up,
)

from archive.ingest.pipeline import add_paths, iter_add
from archive.search.indexing import engine_settings, optimize, rebuild
from archive.search.indexing import part_count as segment_count
from archive.search.service import SearchService
from archive.store.folder import Archive

ADD_ONE_RUNS = 5
WIDTHS = (12, 8, 9, 8, 6)  # the query table's columns


def machine() -> dict[str, Any]:
    """Return what the figures were measured on."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(pages / 2**30, 1),
        "python": sys.version.split()[0],
        **fts5.sqlite_info(),
    }


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Return the peak resident memory so far of this process (or its largest child), in MB.

    Linux reports kilobytes.
    """
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def import_shows(archive: Archive, source: Path, records: Sequence[dict[str, Any]]) -> int:
    """Import the generated files one show folder at a time, as an archivist would.

    Return how many were added. Each result holds its whole episode, so they are
    counted as they come and dropped, as `verbatim add` does: keeping 10,000 of them
    would be the benchmark's memory, not Verbatim's.
    """
    shows: dict[str, dict[str, Any]] = {}
    for record in records:
        shows.setdefault(record["show_dir"], record)
    added = 0
    for folder, record in shows.items():
        # The bulk command takes one --show and --host for the batch: a show's folder.
        for result in iter_add(
            archive, [source / folder], show=record["show"], hosts=record["hosts"]
        ):
            if not result.ok:
                raise SystemExit(f"error: a file failed to import: {result.error}")
            added += 1
    return added


def time_add_one(archive: Archive, source: Path, records: Sequence[dict[str, Any]]) -> list[float]:
    """Add each new episode on its own, as `verbatim add FILE` does; return milliseconds."""
    times = []
    for record in records:
        start = time.perf_counter()
        results = add_paths(
            archive, [source / record["file"]], show=record["show"], hosts=record["hosts"]
        )
        times.append((time.perf_counter() - start) * 1000)
        if not results[0].ok:
            raise SystemExit(f"error: adding one episode failed: {results[0].error}")
    return times


def optimized(archive: Archive) -> dict[str, float]:
    """Merge the index into one segment, as `verbatim optimize` does; return what it took."""
    start = time.perf_counter()
    before = optimize(archive)
    return {"seconds": round(time.perf_counter() - start, 2), "segments_before": before}


def compare_queries(
    service: SearchService, fts: fts5.Fts5Search, queries: dict[str, list[BenchQuery]]
) -> dict[str, dict[str, float]]:
    """Return per-class latencies of both engines and the p95 ratio (Verbatim / FTS5)."""
    report = verbatim_latency(service, queries)
    for name, items in queries.items():
        times, totals = time_queries(fts.search, items)
        p50, p95 = percentiles(times)
        row = report[name]
        row.update(
            fts5_p50_ms=round(p50, 2),
            fts5_p95_ms=round(p95, 2),
            fts5_hits_mean=round(sum(totals) / len(totals), 1),
            ratio_p95=round(row["verbatim_p95_ms"] / p95, 1) if p95 else 0.0,
        )
    return report


def measure_queries(
    archive: Archive, work: Path, passages: Sequence[Any], args: argparse.Namespace
) -> tuple[dict[str, list[BenchQuery]], dict[str, dict[str, float]]]:
    """Draw the queries and time them on both engines, after a warm-up; return both."""
    queries = draw_queries(passages, args.queries, seed=args.seed)
    warm = draw_queries(passages, 10, seed=args.seed + 1)
    fts = fts5.Fts5Search(work / "fts5.sqlite")
    try:
        with SearchService(archive) as service:
            warm_up(lambda q: run_verbatim(service, q), warm)
            warm_up(fts.search, warm)
            return queries, compare_queries(service, fts, queries)
    finally:
        fts.close()


def benchmark(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Run the whole benchmark in `work` and return the report."""
    started = time.perf_counter()
    records = generate(work / "source", args.episodes, seed=args.seed, words=args.words)
    generate_s = time.perf_counter() - started
    archive = Archive.init(
        work / "archive", engine=args.engine, engine_settings=engine_settings(args.engine_url)
    )

    before_import_mb = peak_rss_mb()
    start = time.perf_counter()
    added = import_shows(archive, work / "source", records)
    verbatim_s = time.perf_counter() - start
    # The importer's peak, and its writer helpers' (children): flat if batches bound it.
    import_memory = {
        "peak_rss_mb": peak_rss_mb(),
        "before_mb": before_import_mb,
        "helper_peak_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN),
    }

    passages = read_passages(archive)
    fts_s = fts5.build(work / "fts5.sqlite", passages)
    optimize_report = optimized(archive) if args.optimize else None
    segments = segment_count(archive)

    queries, query_report = measure_queries(archive, work, passages, args)

    # New episodes continue the series; they stay in the archive (not removed) afterwards.
    extra = generate(work / "extra", ADD_ONE_RUNS, seed=args.seed, first=args.episodes)
    add_ms = time_add_one(archive, work / "extra", extra)
    add_p50, add_p95 = percentiles(add_ms)

    report: dict[str, Any] = {
        "episodes": added,
        "passages": len(passages),
        "words": sum(len(p.text.split()) for p in passages),
        "import": {
            "verbatim_s": round(verbatim_s, 2),
            "fts5_s": round(fts_s, 2),
            "ratio": round(verbatim_s / fts_s, 1),
            **import_memory,
        },
        "add_one": {
            "p50_ms": round(add_p50, 1),
            "p95_ms": round(add_p95, 1),
            "runs": len(add_ms),
            "kept": True,
        },
        "index_segments": segments,
        "query": query_report,
        "peak_rss_mb": 0.0,
    }
    if optimize_report is not None:
        report["optimize"] = optimize_report
    if args.reindex:
        start = time.perf_counter()
        rebuild(archive)
        report["import"]["verbatim_reindex_s"] = round(time.perf_counter() - start, 2)
    if args.http:
        report["http"] = http_load.measure(
            archive.root, interleave(queries), clients=args.clients, max_requests=args.http_requests
        )
    report["peak_rss_mb"] = peak_rss_mb()
    report["generate_s"] = round(generate_s, 2)
    report["settings"] = {
        "seed": args.seed,
        "words": args.words,
        "queries": args.queries,
        "engine": args.engine,
    }
    report["machine"] = machine()
    return report


def remeasure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Measure queries (and HTTP) again on an archive a previous run left in `work`."""
    archive = Archive.open(work / "archive")
    passages = read_passages(archive)
    optimize_report = optimized(archive) if args.optimize else None
    segments = segment_count(archive)
    queries, query_report = measure_queries(archive, work, passages, args)
    episodes = len(archive.episode_ids())
    report: dict[str, Any] = {
        "episodes": episodes,
        "passages": len(passages),
        "index_segments": segments,
        "query": query_report,
    }
    if optimize_report is not None:
        report["optimize"] = optimize_report
    if args.add_one:
        # New episodes numbered on from those there, kept in the archive afterwards.
        extra_dir = work / f"extra-{episodes}"
        extra = generate(extra_dir, ADD_ONE_RUNS, seed=args.seed, first=episodes)
        add_p50, add_p95 = percentiles(time_add_one(archive, extra_dir, extra))
        report["add_one"] = {"p50_ms": round(add_p50, 1), "p95_ms": round(add_p95, 1)}
    if args.http:
        report["http"] = http_load.measure(
            archive.root, interleave(queries), clients=args.clients, max_requests=args.http_requests
        )
    report["peak_rss_mb"] = peak_rss_mb()
    report["settings"] = {"seed": args.seed, "queries": args.queries, "remeasured": True}
    report["machine"] = machine()
    return report


def print_table(report: dict[str, Any]) -> None:
    """Print the report for people."""
    imp, add = report["import"], report["add_one"]
    print(f"{report['episodes']} episodes, {report['passages']} passages, {report['words']} words")
    print(
        f"import: Verbatim {imp['verbatim_s']} s, FTS5 {imp['fts5_s']} s ({imp['ratio']}x)"
        + (f", reindex {imp['verbatim_reindex_s']} s" if "verbatim_reindex_s" in imp else "")
    )
    if "optimize" in report:
        opt = report["optimize"]
        print(f"optimize: {opt['seconds']} s, from {opt['segments_before']} segments")
    print(f"add one episode ({add['runs']} runs): p50 {add['p50_ms']} ms, p95 {add['p95_ms']} ms")
    print(f"queries on {report['index_segments']} index segments")
    heads = ("Verbatim p50", "p95", "FTS5 p50", "p95", "x p95")
    print(
        f"{'query class (ms)':<16} "
        + " ".join(f"{h:>{w}}" for h, w in zip(heads, WIDTHS, strict=True))
    )
    for name, row in report["query"].items():
        keys = ("verbatim_p50_ms", "verbatim_p95_ms", "fts5_p50_ms", "fts5_p95_ms", "ratio_p95")
        print(
            f"{name:<16} " + " ".join(f"{row[k]:>{w}}" for k, w in zip(keys, WIDTHS, strict=True))
        )
    if "http" in report:
        http_load.print_report(report["http"])
    print(f"peak RSS {report['peak_rss_mb']} MB")


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=200)
    parser.add_argument("--queries", type=int, default=200, help="queries per class")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS, help="words per episode")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--workdir", type=Path, help="build here and keep it (default: a temp dir)")
    parser.add_argument("--reindex", action="store_true", help="also time a full reindex")
    parser.add_argument("--http", action="store_true", help="also measure search over HTTP")
    parser.add_argument(
        "--optimize",
        action="store_true",
        help="merge the index into one segment (`verbatim optimize`) before measuring queries",
    )
    parser.add_argument(
        "--remeasure",
        action="store_true",
        help="measure queries again on the archive an earlier --workdir run left there",
    )
    parser.add_argument(
        "--add-one", action="store_true", help="with --remeasure: also time adding episodes"
    )
    parser.add_argument(
        "--engine",
        default="whoosh",
        help="the search engine of the archive built (whoosh, or opensearch: a node must run)",
    )
    parser.add_argument(
        "--engine-url",
        default=None,
        help="with --engine opensearch: the node's URL (default $VERBATIM_OPENSEARCH_URL or "
        "http://127.0.0.1:9200)",
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent HTTP clients")
    parser.add_argument("--http-requests", type=int, default=400, help="HTTP requests in all")
    args = parser.parse_args(argv)
    if args.episodes < 1 or args.queries < 1:
        parser.error("--episodes and --queries must be at least 1")
    if args.remeasure:
        if args.workdir is None or not (args.workdir / "archive").is_dir():
            parser.error("--remeasure needs the --workdir of an earlier run")
        report = remeasure(args, args.workdir)
        print(json.dumps(report) if args.json else json.dumps(report, indent=2))
        return
    if args.workdir is not None:
        if args.workdir.exists() and any(args.workdir.iterdir()):
            parser.error(f"--workdir {args.workdir} is not empty")
        args.workdir.mkdir(parents=True, exist_ok=True)
        report = benchmark(args, args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="verbatim-bench-") as tmp:
            report = benchmark(args, Path(tmp))
    if args.json:
        print(json.dumps(report))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
