"""Import memory against archive size: the same new folder added to archives of any size.

Generates `--episodes` new interviews (numbered on from those in the archive), adds them
with the real command line (`python -m archive add FOLDER`) in a child process, and
prints that process's peak resident memory with the archive's size. Run it on archives
of 1,000 and 10,000 episodes: if import memory is flat, the peaks are about the same.

`--at-limit` measures single hostile files instead, each at the archive's size limit
(`DEFAULT_MAX_BYTES`, or `--bytes`): one line of prose, one line without a space (a pasted
blob), Chinese prose without a newline, and an HTML page with a 10 MB attribute. Each is
added to a fresh archive by its own child process, whose time and peak resident memory
(ru_maxrss from wait4, writer helpers included) are printed per file.

Example:
    python benchmarks/import_memory.py --archive /tmp/bench/archive --episodes 40 --json
    python benchmarks/import_memory.py --at-limit --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import DEFAULT_SEED, generate

from archive.store.folder import Archive
from archive.store.source_files import DEFAULT_MAX_BYTES

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


_WORDS = (
    "the seed library opened in a small room on calder street and people came with "
    "envelopes of beans tomatoes and squash it was the first time we saw so many"
).split()


def hostile_files(folder: Path, size: int) -> list[Path]:
    """Write the files `--at-limit` measures, each `size` bytes (the HTML: its attribute)."""
    rng = random.Random(DEFAULT_SEED)
    sentences = []
    total = 0
    while total < size:
        words = rng.choices(_WORDS, k=rng.randint(5, 20))
        sentence = " ".join(words).capitalize() + ". "
        sentences.append(sentence)
        total += len(sentence)
    chinese = "我们今天谈谈种子图书馆的事情，大家都带来了自己的种子。"
    files = {
        "one-line-prose.txt": "".join(sentences)[:size].encode(),
        "one-line-blob.txt": b"x" * size,
        "one-line-chinese.txt": (chinese * (size // len(chinese.encode()) + 1)).encode()[:size],
        "html-attribute.html": (
            b'<html><body><p data-x="' + b"a" * min(size, 10_000_000) + b'">Ana: hello there.</p>'
            b"<p>Ben: hi, it was the first time.</p></body></html>"
        ),
    }
    paths = []
    for name, data in files.items():
        path = folder / name
        # Cut at a character boundary: the Chinese file must stay UTF-8.
        path.write_bytes(data.decode("utf-8", errors="ignore").encode())
        paths.append(path)
    return paths


def measure_file(path: Path, workdir: Path, max_bytes: int) -> dict[str, object]:
    """Add one file to a fresh archive in a child process; return its time and peak memory."""
    root = workdir / f"archive-{path.stem}"
    command = [sys.executable, "-m", "archive", "--archive", str(root)]
    subprocess.run([*command, "init"], capture_output=True, cwd=ROOT, check=True)
    log = workdir / f"{path.stem}.log"
    with log.open("wb") as output:
        start = time.perf_counter()
        child = subprocess.Popen(
            [*command, "add", str(path), f"--max-size={max(max_bytes, DEFAULT_MAX_BYTES)}"],
            stdout=output,
            stderr=output,
            cwd=ROOT,
        )
        # wait4, not wait: it gives this child's own peak memory, its helpers included.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    lines = log.read_text(errors="replace").splitlines()
    return {
        "file": path.name,
        "bytes": path.stat().st_size,
        "exit": os.waitstatus_to_exitcode(status),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "result": next((line for line in lines if "found" in line or "error" in line), ""),
    }


def measure_at_limit(size: int, only: list[str] | None = None) -> list[dict[str, object]]:
    """Measure each hostile file at `size` bytes, one child process each.

    The files are written by another child: Linux carries a process's peak memory over
    fork and exec into ru_maxrss, so a parent that built 50 MB strings itself would report
    its own peak as every importer's.
    """
    with tempfile.TemporaryDirectory(prefix="verbatim-at-limit-") as tmp:
        work = Path(tmp)
        script = [sys.executable, str(Path(__file__).resolve()), "--write-files", tmp]
        subprocess.run([*script, "--bytes", str(size)], cwd=ROOT, check=True)
        paths = sorted(p for p in work.iterdir() if p.is_file())
        if only:
            paths = [p for p in paths if any(name in p.name for name in only)]
        return [measure_file(path, work, size) for path in paths]


def main(argv: list[str] | None = None) -> None:
    """Run from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path)
    parser.add_argument("--at-limit", action="store_true", help="time hostile files at the limit")
    parser.add_argument("--bytes", type=int, default=DEFAULT_MAX_BYTES, help="with --at-limit")
    parser.add_argument("--only", action="append", help="with --at-limit: files named so")
    parser.add_argument("--write-files", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--episodes", type=int, default=40)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.write_files is not None:
        hostile_files(args.write_files, args.bytes)
        return
    if args.at_limit:
        rows = measure_at_limit(args.bytes, args.only)
        print(json.dumps(rows) if args.json else json.dumps(rows, indent=2))
        return
    if args.archive is None:
        parser.error("--archive is required (or give --at-limit)")
    report = measure(args.archive, args.episodes, args.seed)
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
