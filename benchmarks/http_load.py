"""Serve an archive with the real web app and measure search end to end over HTTP.

The app (`web.create_app` under waitress, with as many worker processes as `verbatim
serve` starts) listens on 127.0.0.1 on a port the system picks, in a subprocess; after a
warm-up from every client, client threads share a
bounded number of requests, alternating the search page (`/?q=`) and `/api/search?q=`,
under a time limit.

Example:
    python benchmarks/http_load.py --archive demo-archive --clients 4 --requests 400
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from queries import BenchQuery, draw_queries, interleave, percentiles, read_passages

from archive.store.folder import Archive
from web.server import THREADS, default_workers

# The search page (`/?q=`, the site's home) and its JSON twin, by the name they report under.
PATHS = {"/": "search_page", "/api/search": "api_search"}
START_TIMEOUT_S = 60.0


def serve(root: str, workers: int) -> None:
    """Serve the archive on a free loopback port as `verbatim serve` does (the subprocess's job).

    Print the port and the worker processes' ids once it listens.
    """
    from web import create_app
    from web.server import serve as run_server

    def ready(port: int, pids: list[int]) -> None:
        print(f"port {port} pids {','.join(map(str, pids))}", flush=True)

    run_server(
        lambda: create_app({"ARCHIVE": root}),
        host="127.0.0.1",
        port=0,
        workers=workers,
        ready=ready,
    )


def start_server(
    root: Path, workers: int, log: Any
) -> tuple[subprocess.Popen[str], str, list[int]]:
    """Start the server subprocess; return it, its base URL and its workers once it listens."""
    command = [sys.executable, __file__, "--serve", str(root), "--workers", str(workers)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
    assert proc.stdout is not None
    # The server binds before it prints, so once the line is read it accepts connections.
    line = proc.stdout.readline()
    if not line.startswith("port "):
        proc.kill()
        proc.wait()
        log.seek(0)
        raise RuntimeError(f"the server did not start: {log.read()[-2000:]}")
    _, port, _, pids = line.split()
    return proc, f"http://127.0.0.1:{int(port)}", [int(p) for p in pids.split(",")]


def stop_server(proc: subprocess.Popen[str]) -> None:
    """Stop the server subprocess, forcefully if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _peak_rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _url(base: str, path: str, query: BenchQuery) -> str:
    args = {"q": query.text}
    if query.speaker:
        args["speaker"] = query.speaker
    return f"{base}{path}?{urllib.parse.urlencode(args)}"


def _fetch(url: str) -> str | None:
    """Fetch a URL; return None on success, else what went wrong."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return None if response.status == 200 else f"HTTP {response.status} for {url}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code} for {url}"
    except (urllib.error.URLError, OSError) as exc:
        return f"{exc} for {url}"


def load(
    base: str,
    queries: Sequence[BenchQuery],
    *,
    clients: int,
    max_requests: int,
    max_seconds: float,
) -> dict[str, Any]:
    """Send up to `max_requests` requests from `clients` threads; return the timings."""
    lock = threading.Lock()
    counter = iter(range(max_requests))
    timings: dict[str, list[float]] = {path: [] for path in PATHS}
    errors: list[str] = []
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            path = list(PATHS)[i % len(PATHS)]
            start = time.perf_counter()
            error = _fetch(_url(base, path, queries[i % len(queries)]))
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                timings[path].append(elapsed)
                if error:
                    errors.append(error)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    done = sum(len(t) for t in timings.values())
    report: dict[str, Any] = {
        "clients": clients,
        "requests": done,
        "errors": len(errors),
        "seconds": round(seconds, 2),
        "throughput_rps": round(done / seconds, 1) if seconds else 0.0,
    }
    if errors:
        report["first_error"] = errors[0]
    for path, samples in timings.items():
        if samples:
            p50, p95 = percentiles(samples)
            report[PATHS[path]] = {
                "p50_ms": round(p50, 1),
                "p95_ms": round(p95, 1),
            }
    return report


def measure(
    root: Path,
    queries: Sequence[BenchQuery],
    *,
    clients: int = 4,
    max_requests: int = 400,
    max_seconds: float = 120.0,
    server_workers: int | None = None,
) -> dict[str, Any]:
    """Serve `root`, warm it up, load it, stop it; return throughput and latencies."""
    workers = server_workers or default_workers()
    with tempfile.TemporaryFile("w+") as log:
        proc, base, pids = start_server(root, workers, log)
        try:
            # Warm-up, from as many clients, so that every worker opens the index and
            # reads its caches before the clock starts.
            load(base, queries[:20], clients=clients, max_requests=40, max_seconds=max_seconds)
            report = load(
                base, queries, clients=clients, max_requests=max_requests, max_seconds=max_seconds
            )
            report["server_workers"] = workers
            report["server_threads_per_worker"] = THREADS
            peaks = [_peak_rss_mb(pid) for pid in pids]
            report["server_peak_rss_mb"] = round(sum(p or 0.0 for p in peaks), 1)
        finally:
            stop_server(proc)
    return report


def print_report(report: dict[str, Any]) -> None:
    """Print the HTTP figures for people."""
    print(
        f"HTTP: {report['clients']} clients, {report['requests']} requests in "
        f"{report['seconds']} s ({report['throughput_rps']} req/s), {report['errors']} errors"
    )
    if "first_error" in report:
        print(f"  first error: {report['first_error']}")
    for path, name in PATHS.items():
        if name in report:
            row = report[name]
            print(f"  {path}?q=: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms")


def main(argv: list[str] | None = None) -> None:
    """Measure an existing archive over HTTP from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, help="the archive folder to serve")
    parser.add_argument("--queries", type=int, default=50, help="queries drawn per class")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=120.0, help="time limit")
    parser.add_argument(
        "--workers", type=int, help="server processes (default: as `verbatim serve`)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.workers or default_workers())
        return
    if args.archive is None:
        parser.error("--archive is required")
    archive = Archive.open(args.archive)
    drawn = draw_queries(read_passages(archive), args.queries, seed=args.seed)
    report = measure(
        archive.root,
        interleave(drawn),
        clients=args.clients,
        max_requests=args.requests,
        max_seconds=args.seconds,
        server_workers=args.workers,
    )
    if args.json:
        print(json.dumps(report))
    else:
        print_report(report)


if __name__ == "__main__":
    main()
