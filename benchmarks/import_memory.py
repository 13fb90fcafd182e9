"""Import memory against archive size: the same new folder added to archives of any size.

Generates `--episodes` new interviews (numbered on from those in the archive), adds them
with the real command line (`python -m archive add FOLDER`) in a child process, and
prints that process's peak resident memory with the archive's size. Run it on archives
of 1,000 and 10,000 episodes: if import memory is flat, the peaks are about the same.

Example:
    python benchmarks/import_memory.py --archive /tmp/bench/archive --episodes 40 --json
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import DEFAULT_SEED, generate

from archive.store import Archive

ROOT = Path(__file__).resolve().parent.parent


def measure(archive_root: Path, episodes: int, seed: int) -> dict[str, object]:
    """Add `episodes` new generated interviews in a child process; return its peak memory."""
    archive = Archive.open(archive_root)
    before = len(archive.episode_ids())
    with tempfile.TemporaryDirectory(prefix="verbatim-import-memory-") as tmp:
        generate(Path(tmp), episodes, seed=seed, first=before)
        command = [sys.executable, "-m", "archive", "--archive", str(archive_root), "add"]
        start = time.perf_counter()
        done = subprocess.run(
            [*command, tmp], capture_output=True, text=True, cwd=ROOT, check=False
        )
        seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"error: the import failed: {done.stderr.strip()[-500:]}")
    return {
        "archive_episodes": before,
        "added": episodes,
        "seconds": round(seconds, 2),
        # The largest finished child: the importer (its writer helpers are its own children).
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> None:
    """Run from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--episodes", type=int, default=40)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    report = measure(args.archive, args.episodes, args.seed)
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
