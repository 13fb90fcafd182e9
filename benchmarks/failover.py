"""Stop one node of a two-node cluster while searches run: no answer may change (issue 17).

Needs `make opensearch-cluster` (nodes on 127.0.0.1:9200 and :9201). Imports generated
episodes into an archive whose index has 2 shards and 1 replica, records each query's
total, then searches in a loop while node 9200 is stopped by its pid file, and counts
the searches that failed or answered another total. Bounded: `--seconds` of searching.

Example:
    make opensearch-cluster
    python benchmarks/failover.py --episodes 40 --seconds 20
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generate import generate  # noqa: E402

from archive.engines import open_engine  # noqa: E402
from archive.ingest.pipeline import add_paths  # noqa: E402
from archive.search.run import search  # noqa: E402
from archive.store.folder import Archive  # noqa: E402

URLS = "http://127.0.0.1:9200,http://127.0.0.1:9201"
QUERIES = ["the", "lighthouse", '"it was the"', "harb*", "keeper~", "night NEAR train"]


def main() -> None:
    """Run the failover check and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    os.environ["VERBATIM_OPENSEARCH_SHARDS"] = "2"
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp) / "files", args.episodes)
        archive = Archive.init(
            Path(tmp) / "archive", engine="opensearch", engine_settings={"engine_url": URLS}
        )
        started = time.monotonic()
        failed = [r for r in add_paths(archive, [Path(tmp) / "files"]) if not r.ok]
        import_s = time.monotonic() - started
        subprocess.run(
            [
                "curl",
                "-fsS",
                "http://127.0.0.1:9201/_cluster/health?wait_for_status=green&timeout=60s",
            ],
            check=True,
            capture_output=True,
        )
        expected = {q: search(archive, q, time_budget_s=None).total for q in QUERIES}
        seen = {"searches": 0, "wrong": 0, "errors": 0}
        stop = threading.Event()

        def load() -> None:
            while not stop.is_set():
                for q in QUERIES:
                    try:
                        total = search(archive, q, time_budget_s=None).total
                    except Exception as exc:  # noqa: BLE001 - counted, and the loop goes on
                        seen["errors"] += 1
                        seen.setdefault("first_error", str(exc)[:200])
                        continue
                    seen["searches"] += 1
                    seen["wrong"] += total != expected[q]

        worker = threading.Thread(target=load)
        worker.start()
        time.sleep(args.seconds / 3)
        stopped = subprocess.run(
            [str(ROOT / ".ci" / "opensearch.sh"), "stop-node", "9200"],
            capture_output=True,
            text=True,
        )
        time.sleep(args.seconds * 2 / 3)
        stop.set()
        worker.join()
        open_engine(archive).drop()  # type: ignore[attr-defined]
        print(
            json.dumps(
                {
                    "episodes": args.episodes,
                    "import_failed": len(failed),
                    "import_s": round(import_s, 1),
                    "expected_totals": expected,
                    "stopped": stopped.stdout.strip(),
                    **seen,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
