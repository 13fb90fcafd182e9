"""Checksums of the index's own files, so that a changed byte in the index is found.

Whoosh never rewrites a segment file once written (deletions live in the table of
contents, which a commit replaces), so after each commit the SHA-256 of every file of
the current generation is kept in `index/verbatim-sha256.txt`, beside the files it
lists. Whoosh deletes only files named for its own index, so it leaves this one alone.
A file already listed keeps its checksum without being read again: a commit hashes
only what it wrote.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from archive.store import manifest

if TYPE_CHECKING:
    from whoosh.index import Index

CHECKSUMS_FILE = "verbatim-sha256.txt"


def _current_files(ix: Index) -> list[str]:
    """Return the names of the files the index's current generation is made of."""
    toc = ix._read_toc()
    names = {segment.segment_id() for segment in toc.segments}
    toc_name = f"_{ix.indexname}_{toc.generation}.toc"
    # A segment's files are named `<segment id>.<ext>`, the id beginning with the index name.
    pattern = re.compile(rf"^({re.escape(ix.indexname)}_\w+)\.")
    found = [toc_name]
    for name in sorted(os.listdir(ix.storage.folder)):
        match = pattern.match(name)
        if match and match.group(1) in names:
            found.append(name)
    return found


def record(ix: Index) -> None:
    """Write the checksums of the index's current files beside them.

    A file listed before keeps its listed checksum, unread (a commit's own files always
    have new names): a file damaged since is never taken in by a later commit.
    """
    folder = Path(ix.storage.folder)
    path = folder / CHECKSUMS_FILE
    try:
        listed = manifest.read(path)
    except manifest.ManifestError:
        listed = {}
    entries = {
        name: listed.get(name) or manifest.file_sha256(folder / name)
        for name in _current_files(ix)
        if (folder / name).is_file()
    }
    manifest.write(path, entries)


def problems(ix: Index) -> list[str]:
    """Return one line per index file that is missing, changed or never recorded."""
    folder = Path(ix.storage.folder)
    path = folder / CHECKSUMS_FILE
    if not path.is_file():
        return [f"index/{CHECKSUMS_FILE} is missing, so the index's files cannot be checked"]
    try:
        listed = manifest.read(path)
    except manifest.ManifestError as exc:
        return [str(exc)]
    found = []
    current = set(_current_files(ix))
    for name, checksum in sorted(listed.items()):
        if not (folder / name).is_file():
            found.append(f"index/{name} is missing")
        elif manifest.file_sha256(folder / name) != checksum:
            found.append(f"index/{name} changed since it was written")
    for name in sorted(current - set(listed)):
        found.append(f"index/{name} was never recorded (a write cut short?)")
    return found
