"""The first searches after `verbatim serve` starts, and what its workers hold in memory.

Starts the real command (`verbatim --archive A serve`) on a free loopback port, waits
until it accepts connections, and times the first `/?q=` searches as a journalist
would send them the moment the site is up: a common word, a four-word quote, each
twice (two workers). Then, after the workers' warm-up, the same searches again, and each worker
process's resident memory (VmRSS) and peak (VmHWM) from /proc.

Example:
    python benchmarks/first_search.py --archive W/archive --word said --quote "and i think that"
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

VERBATIM = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "verbatim"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get_ms(base: str, query: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(f"{base}/?{urllib.parse.urlencode({'q': query})}", timeout=60) as r:
        r.read()
    return round((time.perf_counter() - start) * 1000, 1)


def _memory_mb(pid: int) -> dict[str, float]:
    found: dict[str, float] = {}
    with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                found[line.split(":")[0]] = round(int(line.split()[1]) / 1024, 1)
    return found


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="utf-8") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def measure(archive: Path, queries: list[str], workers: int, settle_s: float) -> dict[str, Any]:
    """Serve the archive, time the first searches and the warm ones; return the report."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(VERBATIM), "--archive", str(archive), "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - started > 120:
                    why = proc.stderr.read() if proc.stderr else ""
                    raise SystemExit(f"error: the server did not start: {why}") from None
                time.sleep(0.05)
        listening_s = round(time.perf_counter() - started, 2)
        # Each twice: a worker's first search, then (maybe) the other worker's.
        first = [[query, _get_ms(base, query), _get_ms(base, query)] for query in queries]
        time.sleep(settle_s)
        warm = [[query, _get_ms(base, query), _get_ms(base, query)] for query in queries]
        pids = [proc.pid, *_children(proc.pid)]
        memory = {str(pid): _memory_mb(pid) for pid in pids if os.path.exists(f"/proc/{pid}")}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {
        "listening_after_s": listening_s,
        "first_ms": first,
        f"after_{settle_s:g}_s_ms": warm,
        "memory_mb_by_process": memory,
        "workers": workers,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--word", default="said", help="a common word")
    parser.add_argument("--quote", default="and i think that", help="a four-word quote")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--settle", type=float, default=20.0, help="seconds before again")
    args = parser.parse_args(argv)
    queries = [args.word, f'"{args.quote}"']
    print(json.dumps(measure(args.archive, queries, args.workers, args.settle), indent=2))


if __name__ == "__main__":
    main()
