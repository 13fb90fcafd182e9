"""A folder of hostile files beside good ones, through the real command line in a child
process: every good file is in, each hostile one gets exactly one `error:` line naming it,
and no traceback ever reaches the terminal."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from archive.store.folder import Archive

DATA = Path(__file__).resolve().parent / "data"
GOOD = {
    "harbour-lights.vtt": EXAMPLES / "harbour-lights.vtt",
    "seed-library.txt": EXAMPLES / "seed-library.txt",
    "night-trains.md": EXAMPLES / "night-trains.md",
    "cp1252-labels.srt": DATA / "srt_name_labels_cp1252.srt",
    "utf16-labels.srt": DATA / "srt_utf16_labels.srt",
    "blog.html": DATA / "html" / "html_blog_interview_furniture.html",
}
DEPTH = 100_000
# name -> (bytes, what the one error line must say besides the file's name)
HOSTILE: dict[str, tuple[bytes, str]] = {
    "deep-arrays.json": (b"[" * DEPTH + b"]" * DEPTH, "nested more than 64 levels"),
    "deep-objects.json": (b'{"a":' * DEPTH + b"1" + b"}" * DEPTH, "nested more than 64 levels"),
    "deep-segments.json": (
        b'{"segments": [' + b"[" * DEPTH + b"]" * DEPTH + b"]}",
        "nested more than 64 levels",
    ),
    "deep-divs.html": (
        b"<html><body>" + b"<div>" * DEPTH + b"<p>Ana: hi</p>" + b"</div>" * DEPTH,
        "more than 256 deep",
    ),
    "deep-spans.html": (b"<p>" + b"<span>" * DEPTH + b"Ana: hi", "more than 256 deep"),
    "binary.txt": (bytes(range(256)) * 64, "binary"),
    "empty.txt": (b"", "empty"),
    "zero.vtt": (b"", "empty"),
    "stray-bytes.txt": (
        "Ana: Hello there, the café is good.\n".encode() * 20 + b"Ben: caf\xe9\n",
        "UTF-8 except for 1 byte",
    ),
}
# Good files written here rather than copied: UTF-16 without a byte-order mark.
UTF16 = "Ana Ruiz: Hello there, it was the first time.\nBen Okafor: Café, and ünïcode.\n"
WRITTEN = {"utf16-le.txt": UTF16.encode("utf-16-le"), "utf16-be.txt": UTF16.encode("utf-16-be")}


def _verbatim(
    archive: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "archive", "--archive", str(archive), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )


def _folder(tmp_path: Path, hostile: dict[str, tuple[bytes, str]]) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name, source in GOOD.items():
        shutil.copyfile(source, folder / name)
    for name, data in WRITTEN.items():
        (folder / name).write_bytes(data)
    for name, (data, _) in hostile.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def archive_root(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    assert _verbatim(root, "init").returncode == 0
    return root


def _added_files(root: Path) -> set[str]:
    return {episode.source.filename for episode in Archive.open(root).episodes()}


def test_every_good_file_is_in_and_each_hostile_one_is_one_error_line(
    archive_root: Path, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, HOSTILE)
    done = _verbatim(archive_root, "add", str(folder))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    for name, (_, says) in HOSTILE.items():
        mine = [line for line in errors if name in line]
        assert len(mine) == 1, (name, errors)
        assert says in mine[0], mine[0]
    assert len(errors) == len(HOSTILE), errors
    assert _added_files(archive_root) == set(GOOD) | set(WRITTEN)


def test_an_unforeseen_failure_is_one_line_asking_for_a_bug_report(
    archive_root: Path, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, {})
    # The third file read fails as a bug in our own code would (see archive/faults.py).
    done = _verbatim(archive_root, "add", str(folder), env={"VERBATIM_FAULT_RAISE": "parsed:3"})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
    failed = sorted([*GOOD, *WRITTEN])[2]
    assert errors[0].startswith(f"error: {failed}: could not be read (InjectedFault")
    assert errors[0].endswith("this is a bug in Verbatim; please report it with the file")
    assert _added_files(archive_root) == (set(GOOD) | set(WRITTEN)) - {failed}
