"""The real `verbatim` command line run in its own process, for tests that kill or damage.

Tests of crash safety, fixity, verify and the site over a damaged archive need the CLI as a
user runs it: a separate process (so it can be killed), without the caller's VERBATIM_
settings, and optionally with a fault point armed (`archive.store.faults`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BULK = Path(__file__).resolve().parent / "data" / "bulk"
BULK_FILES = [BULK / "beekeeper.txt", BULK / "map-maker.vtt", BULK / "lock-keeper.srt"]
# A hang guard only: nothing asserts how long anything takes.
HANG_S = 120


def verbatim(
    root: Path, *args: str, fault: str | None = None, raising: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in its own process.

    `fault` arms VERBATIM_FAULT_AFTER (a kill there), `raising` VERBATIM_FAULT_RAISE (an
    unforeseen exception there).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERBATIM_")}
    if fault:
        env["VERBATIM_FAULT_AFTER"] = fault
    if raising:
        env["VERBATIM_FAULT_RAISE"] = raising
    return subprocess.run(
        [sys.executable, "-m", "archive", "--archive", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=HANG_S,
    )


def bulk_archive(folder: Path) -> Path:
    """Create an archive at `folder` holding the three bulk episodes, through the real CLI."""
    assert verbatim(folder, "init").returncode == 0
    assert verbatim(folder, "add", *map(str, BULK_FILES)).returncode == 0
    return folder
