"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Every write is fsynced, then renamed into place, then its folder fsynced, so that after
a crash at any instant the file is whole (the fault point `tmp-written` lets the crash
tests stop between the write and the rename).
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from archive.store import faults


def _fsync_dir(path: Path) -> None:
    # A rename is only durable once the directory entry itself reaches the disk.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so readers see the old file or the new one, never half."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        faults.reached("tmp-written")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def atomic_write_json(path: Path, data: Any) -> None:
    """Write pretty UTF-8 JSON atomically."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))
