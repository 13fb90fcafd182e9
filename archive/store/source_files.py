"""Source files on their way in: refused by name, size or readability before they are parsed."""

from __future__ import annotations

import os
import re
from pathlib import Path

from archive.errors import ArchiveError

# What a folder import picks up; anything else in the folder is left alone.
TRANSCRIPT_EXTENSIONS = frozenset({".vtt", ".srt", ".json", ".html", ".htm", ".md", ".txt"})
# Transcripts are text: a day of speech is about 1.2 MB, and the largest real one we hold
# (a court argument with its metadata, JSON) is 1.3 MB. A file past this (eight days of
# speech) is the audio or the wrong file, and is refused before it is read (`--max-size`,
# VERBATIM_MAX_BYTES). At this size any file imports in under 10 s and 300 MB on two
# cores (`benchmarks/import_memory.py --at-limit`); at 50 MB one line of prose took 43 s
# and 950 MB.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Other names format detection knows, beside the folder-import extensions.
_KNOWN_SUFFIXES = TRANSCRIPT_EXTENSIONS | {".webvtt", ".markdown", ".text", ".xhtml"}
# A suffix that names a file type (".csv", ".mp3"), not a date or a version in a name.
_TYPE_SUFFIX = re.compile(r"\.[a-z][a-z0-9]{0,5}")
# Files that sit beside transcripts in a folder but are about them, not transcripts: a
# folder's README or licence, and sidecar records such as `episode.vtt.meta.json`. A folder
# import leaves them out (and says so once); named on their own, they are read as asked.
_DOCUMENT_STEMS = frozenset(
    {"readme", "license", "licence", "copying", "notice", "authors", "contributing",
     "changelog", "changes", "code_of_conduct", "security"}
)  # fmt: skip
_SIDECAR_SUFFIXES = (".meta.json", ".metadata.json", ".info.json")


class SourceFileError(ArchiveError):
    """A source file could not be read or understood as a transcript."""


def unexpected_failure(path: Path, exc: Exception) -> SourceFileError:
    """Return the one-line error for a file that failed in a way Verbatim did not foresee.

    Every foreseen failure is an ArchiveError or a TranscriptError with its own advice;
    anything else (a RecursionError deep in a parser, a KeyError in a reader) is a case
    the code does not handle, so the line asks for the file rather than blaming it.
    """
    detail = " ".join(str(exc).split())[:200]
    what = type(exc).__name__ + (f": {detail}" if detail else "")
    return SourceFileError(
        f"{path.name}: could not be read ({what}); this is a bug in Verbatim; "
        "please report it with the file"
    )


def not_a_transcript(name: str) -> str | None:
    """Return what kind of non-transcript a file is (`README.md`, `*.meta.json`), or None."""
    folded = name.lower()
    sidecar = next((suffix for suffix in _SIDECAR_SUFFIXES if folded.endswith(suffix)), None)
    if sidecar is not None:
        return f"*{sidecar}"
    stem = folded.split(".", 1)[0]
    return name if stem in _DOCUMENT_STEMS else None


def check_suffix(path: Path) -> None:
    """Refuse a file whose name says it is some other kind of file (`.csv`, `.mp3`)."""
    suffix = path.suffix.lower()
    if _TYPE_SUFFIX.fullmatch(suffix) and suffix not in _KNOWN_SUFFIXES:
        raise SourceFileError(
            f"{path.name}: {suffix} is not a transcript format Verbatim reads "
            f"({', '.join(sorted(s[1:] for s in TRANSCRIPT_EXTENSIONS))}); "
            "if it is a transcript, name its format with --format"
        )


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return a file's bytes, or raise SourceFileError saying what is wrong with it."""
    try:
        with path.open("rb") as source:
            size = os.fstat(source.fileno()).st_size
            # Read one byte past the limit: a pipe or a device reports no size up front.
            data = source.read(max_bytes + 1) if size <= max_bytes else b""
    except FileNotFoundError:
        raise SourceFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceFileError(f"{path} is a folder; pass it to add_paths") from None
    except OSError as exc:
        raise SourceFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if size > max_bytes or len(data) > max_bytes:
        over = f"{_size(size)}" if size > max_bytes else f"more than {_size(max_bytes)}"
        raise SourceFileError(
            f"{path}: the file is {over}, over the limit of {_size(max_bytes)}; if it "
            "really is a transcript, raise the limit with --max-size or VERBATIM_MAX_BYTES"
        )
    return data


def _size(n: int) -> str:
    """Return a byte count as `--max-size` reads it (MB = 1024 x 1024): `10.0 MB`."""
    return f"{n / 1024**2:.1f} MB" if n >= 1024**2 else f"{n:,} bytes"
