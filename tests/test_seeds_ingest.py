"""The shared seed pages through the whole pipeline: reader, episode, archive and search.

The seeds are third-party texts kept outside the repository; these tests read them in place
and skip when they are absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
HOST, GUEST = "Karina Tehusijarana", "Mu Sochua"
HEADINGS = [
    "Joined the APHR",
    "The Elections",
    "Strengthen the Civil Society",
    "Regional Solidarity",
]
# Marks of photo captions and page furniture: none may reach a passage.
FURNITURE = ("©", "picture taken", "APHR logo", "Social Links", "(C),")


def seed_path(prefix: str) -> Path:
    """Return a seed's path, or skip the test when the shared seeds are not here."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS} (the shared seeds are not checked out)")
    return found[0]


def verbatim(archive: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "archive", "--archive", str(archive), *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def seed_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return an archive holding every seed, added as a folder in one command."""
    paths = [seed_path(prefix) for prefix in ("000", "001", "002", "003", "004")]
    root = tmp_path_factory.mktemp("seeds") / "archive"
    assert verbatim(root, "init").returncode == 0
    added = verbatim(root, "add", *map(str, paths), "--json")
    assert added.returncode == 0, added.stderr
    return root


def _episode(root: Path, prefix: str) -> dict:
    listing = json.loads(verbatim(root, "list", "--json").stdout)
    entries = listing if isinstance(listing, list) else listing["episodes"]
    (entry,) = [e for e in entries if e["id"].startswith(prefix)]
    exported = verbatim(root, "export", entry["id"], "--format", "json")
    assert exported.returncode == 0, exported.stderr
    return json.loads(exported.stdout)


def test_every_seed_ingests(seed_archive: Path) -> None:
    """All five seed pages are added without an error, each with some speech."""
    for prefix in ("000", "001", "002", "003", "004"):
        assert _episode(seed_archive, prefix)["passages"], f"seed {prefix} has no passages"


def test_the_interview_is_attributed_to_host_and_guest(seed_archive: Path) -> None:
    """Seed 002 becomes an interview: host and guest read from its introduction."""
    episode = _episode(seed_archive, "002")
    roles = {p["name"]: p["role"] for p in episode["participants"]}
    assert roles == {HOST: "host", GUEST: "guest"}
    assert [s["title"] for s in episode["sections"]] == HEADINGS
    speakers = {p["speaker"] for p in episode["passages"]}
    assert speakers == {HOST, GUEST}
    for passage in episode["passages"]:
        text = passage["text"]
        assert not any(mark in text for mark in FURNITURE), text[:80]
        # Every question put to the guest is the host's; the guest's answers are long.
        if text.rstrip().endswith("?") and GUEST.split()[-1] in text:
            assert passage["speaker"] == HOST, text[:80]


def test_the_interview_is_searchable_by_speaker(seed_archive: Path) -> None:
    """A phrase from an answer is found, attributed to the guest."""
    found = verbatim(seed_archive, "search", '"incidental"', "--speaker", "sochua", "--json")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)["hits"]
    assert hits and all(hit["speaker"] == GUEST for hit in hits)
