"""Keep server paths out of what the site shows: archive messages name files for the operator."""

from __future__ import annotations

import os
import re

# An absolute path: a slash, then path segments, up to a space, quote or punctuation.
_ABSOLUTE = re.compile(r"(?<![\w`.])/(?:[^\s/:;,'\"`()]+/)*[^\s/:;,'\"`()]+")


def without_paths(message: str, archive_root: str | os.PathLike[str] | None) -> str:
    """Return `message` with the archive's folder and any other absolute path taken out.

    A file inside the archive keeps its path relative to it (`episodes/x/episode.json`),
    which is what an archivist needs; `--archive DIR` in a suggested command is dropped;
    any other absolute path is cut to its last part.
    """
    if archive_root:
        # Absolute forms only: a relative root ("a") would match inside any word.
        for root in {os.path.abspath(archive_root), os.path.realpath(archive_root)}:
            root = root.rstrip("/")
            message = message.replace(f"--archive {root} ", "")
            message = message.replace(f"{root}/", "").replace(root, "the archive")
    return _ABSOLUTE.sub(lambda m: os.path.basename(m.group(0)), message)
