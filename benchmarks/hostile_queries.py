"""Hostile queries against a real server: do simple searches keep answering? (issue 14)

Starts `verbatim serve` on an archive (built from synthetic episodes unless `--archive`
is given), then measures one client doing simple searches (the benchmark's common word,
rare word, two words and four-word quote, one after another) twice: alone, and while
`--attackers` threads send a fixed set of hostile queries as fast as the server answers
(long repeated-word phrases, huge wildcards, many fuzzy words, deep nesting and NEAR
chains within the caps, a 300-word quote). Reports the client's p50 and p95 in both
phases, and what the attackers got (answers, 503 "busy, try again", errors). The target:
the client's p95 under attack at most 3x its p95 alone.

Example:
    python benchmarks/hostile_queries.py --episodes 27 --seconds 20 --attackers 4
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

from generate import DEFAULT_SEED, FUNCTION_WORDS, generate
from queries import draw_queries, interleave, percentiles, read_passages

from archive.ingest.pipeline import add_paths
from archive.store.folder import Archive

TARGET_RATIO = 3.0
SIMPLE_CLASSES = ("term_common", "term_rare", "and2", "phrase4")
_F = list(FUNCTION_WORDS)


def _phrase(words: list[str], slop: str = "") -> str:
    return '"' + " ".join(words) + '"' + slop


# (path, arguments): each within the site's caps (1,000 characters read, 100 words).
HOSTILE: list[tuple[str, dict[str, str]]] = [
    ("/", {"q": _phrase(["the"] * 200)}),
    ("/api/search", {"q": _phrase(["the", "and"] * 100)}),
    ("/", {"q": _phrase(["the"] * 120, "~3")}),
    ("/api/search", {"q": _phrase(_F[:60])}),
    ("/", {"q": " OR ".join(f"{c}*" for c in "abcdefghijklmnopqrstuvwxyz")}),
    ("/api/search", {"q": " ".join(f"{c}*{v}" for c in "bcdfghklmnprst" for v in "aeiou")[:990]}),
    ("/", {"q": " OR ".join(f"{w}~2" for w in _F[:100])[:990]}),
    ("/api/search", {"q": "(" * 60 + " OR ".join(_F[:30]) + ")" * 60}),
    ("/", {"q": " NEAR ".join(_F[:60])}),
    ("/api/quote", {"text": " ".join((_F * 5)[:300])}),
]


def free_port() -> int:
    """Return a loopback port nobody listens on (the server takes it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_archive(work: Path, episodes: int, seed: int) -> Path:
    """Generate `episodes` synthetic interviews and import them; return the archive folder."""
    corpus, root = work / "corpus", work / "archive"
    generate(corpus, episodes, seed=seed)
    archive = Archive.init(root)
    failed = [r.error for r in add_paths(archive, [corpus]) if not r.ok]
    if failed:
        raise SystemExit(f"error: the synthetic corpus did not import: {failed[:3]}")
    return root


def start_server(root: Path, workers: int | None, log: Any) -> tuple[subprocess.Popen, str]:
    """Run `verbatim serve` on a free port; return it and its base URL once it answers."""
    port = free_port()
    verbatim = Path(sys.executable).with_name("verbatim")
    command = [str(verbatim), "--archive", str(root), "serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    proc = subprocess.Popen(command, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if fetch(f"{base}/api/search?q=warm")[0] == 200:
            return proc, base
        time.sleep(0.2)
    proc.kill()
    proc.wait()
    log.seek(0)
    raise SystemExit(f"error: the server did not start: {log.read()[-2000:]!r}")


def stop_server(proc: subprocess.Popen) -> None:
    """Stop the server (it stops its workers), forcefully if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def fetch(url: str) -> tuple[int, float]:
    """Fetch a URL; return its HTTP status (0 for no answer) and milliseconds taken."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except (urllib.error.URLError, OSError):
        status = 0
    return status, (time.perf_counter() - start) * 1000


def simple_client(base: str, urls: list[str], seconds: float) -> tuple[list[float], Counter[int]]:
    """Search `urls` in turn, one at a time, for `seconds`; return timings and statuses."""
    timings: list[float] = []
    statuses: Counter[int] = Counter()
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        status, ms = fetch(base + urls[i % len(urls)])
        statuses[status] += 1
        if status == 200:
            timings.append(ms)
        i += 1
    return timings, statuses


def attack(
    base: str, threads: int, stop: threading.Event
) -> tuple[list[float], Counter[int], list[threading.Thread]]:
    """Start `threads` threads sending the hostile queries until `stop`.

    Return the lists they fill (timings, statuses) and the threads, to join.
    """
    timings: list[float] = []
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def attacker(n: int) -> None:
        i = n
        while not stop.is_set():
            path, args = HOSTILE[i % len(HOSTILE)]
            status, ms = fetch(f"{base}{path}?{urllib.parse.urlencode(args)}")
            with lock:
                statuses[status] += 1
                timings.append(ms)
            i += 1

    pool = [threading.Thread(target=attacker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    return timings, statuses, pool


def _summary(timings: list[float]) -> dict[str, float]:
    if not timings:
        return {"n": 0}
    p50, p95 = percentiles(timings)
    return {"n": len(timings), "p50_ms": round(p50, 1), "p95_ms": round(p95, 1)}


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Build or open the archive, serve it, measure both phases; return the report."""
    root = args.archive or build_archive(work, args.episodes, args.seed)
    drawn = draw_queries(read_passages(Archive.open(root)), 10, seed=args.seed)
    simple = interleave({cls: drawn[cls] for cls in SIMPLE_CLASSES})
    # The search page and its JSON twin in turn, as in benchmarks/http_load.py.
    urls = [
        f"{'/api/search' if i % 2 else '/'}?{urllib.parse.urlencode({'q': q.text})}"
        for i, q in enumerate(simple)
    ]
    with open(work / "server.log", "w+", encoding="utf-8") as log:
        proc, base = start_server(Path(root), args.workers, log)
        try:
            # Warm-up: every worker opens its searchers and reads its facet columns.
            for url in urls * 2:
                fetch(base + url)
            for path, query in HOSTILE:
                fetch(f"{base}{path}?{urllib.parse.urlencode(query)}")
            alone, alone_status = simple_client(base, urls, args.seconds)
            stop = threading.Event()
            hostile, hostile_status, pool = attack(base, args.attackers, stop)
            time.sleep(1.0)  # let the attack reach the workers first
            under, under_status = simple_client(base, urls, args.seconds)
            stop.set()
            for thread in pool:
                thread.join()
        finally:
            stop_server(proc)
    report: dict[str, Any] = {
        "archive": str(root),
        "passages": len(read_passages(Archive.open(root))),
        "workers": args.workers or "default",
        "attackers": args.attackers,
        "seconds": args.seconds,
        "simple_alone": {**_summary(alone), "statuses": dict(alone_status)},
        "simple_under_attack": {**_summary(under), "statuses": dict(under_status)},
        "hostile": {**_summary(hostile), "statuses": dict(hostile_status)},
    }
    a, b = report["simple_alone"].get("p95_ms"), report["simple_under_attack"].get("p95_ms")
    report["ratio_p95"] = round(b / a, 2) if a and b else None
    report["target_ratio_p95"] = TARGET_RATIO
    report["met"] = report["ratio_p95"] is not None and report["ratio_p95"] <= TARGET_RATIO
    return report


def print_report(report: dict[str, Any]) -> None:
    """Print the figures as a few readable lines."""
    print(f"archive {report['archive']}: {report['passages']:,} passages")
    workers, attackers = report["workers"], report["attackers"]
    print(f"workers {workers}, {attackers} attackers, {report['seconds']} s a phase")
    for key, label in (
        ("simple_alone", "simple searches alone"),
        ("simple_under_attack", "simple searches under attack"),
        ("hostile", "hostile queries"),
    ):
        row = report[key]
        print(
            f"  {label:30} n={row['n']:<5} p50 {row.get('p50_ms', '-'):>8} ms  "
            f"p95 {row.get('p95_ms', '-'):>8} ms  statuses {row['statuses']}"
        )
    verdict = "met" if report["met"] else "NOT met"
    ratio = "no answer in time" if report["ratio_p95"] is None else f"{report['ratio_p95']}x"
    print(f"  p95 under attack / alone: {ratio} (target <= {TARGET_RATIO}x: {verdict})")


def main(argv: list[str] | None = None) -> None:
    """Run the hostile-query benchmark from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, help="an existing archive (default: build one)")
    parser.add_argument("--episodes", type=int, default=27, help="synthetic episodes to build")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workers", type=int, help="server workers (default: verbatim's)")
    parser.add_argument("--attackers", type=int, default=4, help="threads sending hostile queries")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.episodes < 1 or args.attackers < 1 or args.seconds <= 0:
        parser.error("--episodes and --attackers must be at least 1, --seconds above 0")
    with tempfile.TemporaryDirectory(prefix="verbatim-hostile-") as tmp:
        report = run(args, Path(tmp))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)


if __name__ == "__main__":
    main()
