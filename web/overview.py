"""What the search page shows around the results: every show, every speaker, recent episodes.

Reading every episode record per request cost seconds at 1,000 episodes (benchmarks/), so
the overview is computed once and kept until the archive changes. Every write to the
archive rewrites its checksum manifest atomically and renames episode folders in and out,
so the manifest's and the episodes folder's stat say when to recompute.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from archive.errors import UnreadableRecordError
from archive.store.folder import Archive
from archive.store.manifest import MANIFEST_FILE
from transcripts.model import Episode

RECENT_EPISODES = 5


@dataclass(frozen=True)
class Overview:
    """The archive at a glance, for the search page's filters and empty state."""

    shows: tuple[str, ...]
    speakers: tuple[str, ...]
    recent: tuple[Episode, ...]
    count: int
    # Episode records that cannot be read (paths in the archive): left out, and said.
    unreadable: tuple[str, ...] = ()


class OverviewCache:
    """Keep one archive's overview until the archive changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple[int, ...] | None = None
        self._overview: Overview | None = None

    def get(self, archive: Archive) -> Overview:
        """Return the overview, recomputing it only after a write to the archive."""
        stamp = _stamp(archive)
        with self._lock:
            if self._overview is None or stamp != self._stamp:
                unreadable: list[UnreadableRecordError] = []
                self._overview = _overview(archive.episodes(unreadable), unreadable)
                self._stamp = stamp
            return self._overview


def _stamp(archive: Archive) -> tuple[int, ...]:
    """Return what changes whenever an episode is added, corrected or removed."""
    parts: list[int] = []
    for path in (archive.root / MANIFEST_FILE, archive.episodes_dir):
        try:
            info = path.stat()
        except OSError:
            parts += [-1, -1]
            continue
        parts += [info.st_mtime_ns, info.st_size]
    return tuple(parts)


def _overview(
    episodes: list[Episode], unreadable: list[UnreadableRecordError] | None = None
) -> Overview:
    """Build the overview from every readable stored episode (newest first)."""
    names = {p.name for e in episodes for p in e.participants}
    names.update(p.speaker for e in episodes for p in e.passages if p.speaker)
    return Overview(
        shows=tuple(sorted({e.show for e in episodes if e.show}, key=str.casefold)),
        speakers=tuple(sorted(names, key=str.casefold)),
        recent=tuple(episodes[:RECENT_EPISODES]),
        count=len(episodes),
        unreadable=tuple(d.path for d in unreadable or ()),
    )
