"""The archive on disk: one readable folder per episode, every write atomic.

Layout (a person can browse it)::

    archive.json                          format marker and versions
    episodes/<id>/episode.json            the current revision (Episode.to_dict), pretty UTF-8
    episodes/<id>/original/<file>         the source file as first added (revision 1), byte for byte
    episodes/<id>/revisions.json          the log: [{revision, date, source, note}], oldest first
    episodes/<id>/revisions/<n>/episode.json      every revision once the episode is corrected
    episodes/<id>/revisions/<n>/original/<file>   the source of each correction (n >= 2)
    index/                                Whoosh, derived: `verbatim reindex` rebuilds it

Re-adding a transcript under an existing id is a correction: it adds revision n+1 and keeps
every earlier one. Revision 1's original stays in `original/`, where it always was, so an
archive written before revisions existed (no `revisions.json`) reads as revision 1 and is
migrated on its first correction. Nothing here treats unknown files inside an episode
folder as an error.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.errors import (
    ArchiveError,
    EpisodeNotFoundError,
    InvalidIdError,
    NotAnArchiveError,
    PassageNotFoundError,
    UnreadableRecordError,
)
from archive.store import faults
from archive.store.atomic import _fsync_dir, atomic_write_bytes, atomic_write_json
from archive.store.ids import validate_id
from transcripts.model import Episode, Passage

if TYPE_CHECKING:
    from archive.store.history import PassageRecord

ARCHIVE_FORMAT = "verbatim-archive"
ARCHIVE_VERSION = 1
# The search engine a new archive uses (archive.engines); archive.json records it.
DEFAULT_ENGINE = "whoosh"
MANIFEST = "archive.json"
EPISODE_FILE = "episode.json"
ORIGINAL_DIR = "original"
REVISIONS_DIR = "revisions"
REVISIONS_LOG = "revisions.json"


class EpisodeExistsError(ArchiveError):
    """An episode with this id is already in the archive."""


class RetiredIdError(ArchiveError):
    """An episode id belonged to a removed episode, and ids are never issued twice."""


# Ids of removed episodes, with when each was removed: an id is never given to a new
# episode, so an old permalink can never lead to someone else's words.
RETIRED_FILE = "removed.json"


class RevisionNotFoundError(EpisodeNotFoundError):
    """The episode has no revision with this number."""


@dataclass(frozen=True)
class RevisionInfo:
    """One entry of an episode's revision log."""

    revision: int
    date: str | None  # UTC, ISO 8601, to the second
    filename: str
    sha256: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the log's JSON shape."""
        return {
            "revision": self.revision,
            "date": self.date,
            "source": {"filename": self.filename, "sha256": self.sha256},
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RevisionInfo:
        """Build from the log's JSON shape."""
        source = data.get("source") or {}
        return cls(
            revision=int(data["revision"]),
            date=data.get("date"),
            filename=source.get("filename", ""),
            sha256=source.get("sha256", ""),
            note=data.get("note", ""),
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def safe_filename(name: str) -> str:
    """Return a plain file name for an original: no folders, not hidden, not empty."""
    base = Path(name.replace("\\", "/")).name.strip()
    if not base or base.startswith("."):
        # A hidden name would be skipped by listings; keep only its extension.
        base = "source" + Path(base).suffix
    return base


# --- the archive ---------------------------------------------------------------------


class Archive:
    """A Verbatim archive folder: episodes, their originals and the derived index."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"Archive({str(self.root)!r})"

    @property
    def manifest_path(self) -> Path:
        """Return the path of `archive.json`."""
        return self.root / MANIFEST

    @property
    def episodes_dir(self) -> Path:
        """Return the folder that holds one folder per episode."""
        return self.root / "episodes"

    @property
    def index_dir(self) -> Path:
        """Return the folder of the derived Whoosh index."""
        return self.root / "index"

    # --- opening and creating

    @staticmethod
    def exists_at(root: str | os.PathLike[str]) -> bool:
        """Return True if `root` already holds an archive."""
        return (Path(root) / MANIFEST).is_file()

    @classmethod
    def init(
        cls,
        root: str | os.PathLike[str],
        *,
        engine: str = DEFAULT_ENGINE,
        engine_settings: dict[str, Any] | None = None,
    ) -> Archive:
        """Create an archive in `root` (or open the one already there) and return it.

        `engine` names the search engine the archive's index lives in (archive.engines),
        and `engine_settings` what else archive.json records of it (a cluster's URL, say).
        """
        root = Path(root)
        if cls.exists_at(root):
            return cls.open(root)
        if root.exists() and not root.is_dir():
            raise ArchiveError(f"{root} exists and is not a folder")
        if root.is_dir() and any(not p.name.startswith(".") for p in root.iterdir()):
            raise ArchiveError(
                f"{root} is not empty and is not an archive; choose a new or empty folder"
            )
        root.mkdir(parents=True, exist_ok=True)
        archive = cls(root)
        archive.episodes_dir.mkdir(exist_ok=True)
        # The manifest goes last: its presence is what marks a finished archive.
        atomic_write_json(
            archive.manifest_path,
            {
                "format": ARCHIVE_FORMAT,
                "version": ARCHIVE_VERSION,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                # The engine writes its index, and its schema version, on the first write.
                "engine": engine,
                **(engine_settings or {}),
                # Names the archive's index where an engine keeps several archives' (a cluster).
                "id": uuid.uuid4().hex,
            },
        )
        from archive.store import manifest
        from archive.store.lock import LOCK_FILE

        manifest.build(archive)
        # Made now, so a writing command that fails leaves the folder exactly as it was.
        (archive.root / LOCK_FILE).touch()
        return archive

    @classmethod
    def open(cls, root: str | os.PathLike[str]) -> Archive:
        """Open an existing archive, or raise NotAnArchiveError saying how to make one."""
        archive = cls(root)
        try:
            meta = json.loads(archive.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise NotAnArchiveError(
                f"{archive.root} is not a Verbatim archive; "
                f"run `verbatim --archive {archive.root} init` first"
            ) from None
        except (OSError, ValueError) as exc:
            raise NotAnArchiveError(f"cannot read {archive.manifest_path}: {exc}") from exc
        if not isinstance(meta, dict) or meta.get("format") != ARCHIVE_FORMAT:
            raise NotAnArchiveError(f"{archive.manifest_path} is not a Verbatim archive manifest")
        if meta.get("version", 0) > ARCHIVE_VERSION:
            raise NotAnArchiveError(
                f"{archive.root} was written by a newer Verbatim (archive version "
                f"{meta.get('version')}); upgrade Verbatim to open it"
            )
        return archive

    def metadata(self) -> dict[str, Any]:
        """Return the contents of `archive.json`."""
        return json.loads(self.manifest_path.read_text(encoding="utf-8"))

    def update_metadata(self, **changes: Any) -> None:
        """Change keys in `archive.json` atomically."""
        meta = self.metadata()
        meta.update(changes)
        atomic_write_json(self.manifest_path, meta)

    # --- reading episodes

    def _episode_dir(self, episode_id: str) -> Path:
        # Ids that are not slugs can never name a folder here: this blocks `../` lookups.
        try:
            validate_id(episode_id)
        except InvalidIdError:
            raise EpisodeNotFoundError(f"no episode {episode_id!r} in the archive") from None
        return self.episodes_dir / episode_id

    def episode_ids(self) -> list[str]:
        """Return the ids of all stored episodes, sorted."""
        if not self.episodes_dir.is_dir():
            return []
        # Dot-prefixed folders are unfinished or half-removed episodes: never listed.
        return sorted(
            p.name
            for p in self.episodes_dir.iterdir()
            if not p.name.startswith(".") and (p / EPISODE_FILE).is_file()
        )

    def has_episode(self, episode_id: str) -> bool:
        """Return True if an episode with this id is stored."""
        try:
            return (self._episode_dir(episode_id) / EPISODE_FILE).is_file()
        except EpisodeNotFoundError:
            return False

    def get_episode(self, episode_id: str) -> Episode:
        """Return the stored episode, or raise EpisodeNotFoundError."""
        path = self._episode_dir(episode_id) / EPISODE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise EpisodeNotFoundError(f"no episode {episode_id!r} in the archive") from None
        except (OSError, ValueError) as exc:
            reason = (
                f"not valid JSON ({exc})" if isinstance(exc, ValueError) else f"unreadable ({exc})"
            )
            raise UnreadableRecordError(
                f"cannot read {path}: {reason}; run `verbatim verify` to see what is damaged",
                path=self._relative(path),
                reason=reason,
            ) from exc
        return _episode_record(path, data, self._relative(path))

    def _relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def readable_episodes(self, unreadable: list[UnreadableRecordError]) -> Iterator[Episode]:
        """Yield every stored episode whose record reads back; note the others in `unreadable`."""
        for episode_id in self.episode_ids():
            try:
                yield self.get_episode(episode_id)
            except EpisodeNotFoundError:
                continue  # removed while we were listing
            except UnreadableRecordError as exc:
                unreadable.append(exc)

    def iter_episodes(self) -> Iterator[Episode]:
        """Yield every stored episode in id order."""
        for episode_id in self.episode_ids():
            try:
                yield self.get_episode(episode_id)
            except EpisodeNotFoundError:
                continue  # removed while we were listing

    def episodes(self, unreadable: list[UnreadableRecordError] | None = None) -> list[Episode]:
        """Return all episodes, newest date first (undated last), then by title.

        With `unreadable`, a record that cannot be read is noted there and the others are
        returned (a listing shows what it can, and says what it cannot); without it, the
        first one raises.
        """
        stored = self.iter_episodes() if unreadable is None else self.readable_episodes(unreadable)
        items = list(stored)
        items.sort(key=lambda e: (e.title.casefold(), e.id))
        # Stable sorts: title order survives inside each date, undated episodes go last.
        items.sort(key=lambda e: e.date or "", reverse=True)
        return items

    def find_passage(self, passage_id: str) -> tuple[Episode, Passage]:
        """Return the episode and passage for a passage id, or raise PassageNotFoundError."""
        episode_id, dot, _ = passage_id.rpartition(".")
        if not dot:
            raise PassageNotFoundError(f"no passage {passage_id!r} in the archive")
        try:
            episode = self.get_episode(episode_id)
        except EpisodeNotFoundError:
            raise PassageNotFoundError(f"no passage {passage_id!r} in the archive") from None
        passage = episode.passage(passage_id)
        if passage is None:
            raise PassageNotFoundError(f"no passage {passage_id!r} in the archive")
        return episode, passage

    def original_path(self, episode_id: str, revision: int | None = None) -> Path:
        """Return the path of the source file of a revision (default: the current one)."""
        episode = self.episode_revision(episode_id, revision)
        folder = self._episode_dir(episode_id)
        name = safe_filename(episode.source.filename)
        candidate = folder / REVISIONS_DIR / str(episode.revision) / ORIGINAL_DIR / name
        # Revision 1's source never moves from `original/`, where it was first written.
        return candidate if candidate.is_file() else folder / ORIGINAL_DIR / name

    # --- revisions

    def current_revision(self, episode_id: str) -> int:
        """Return the number of the episode's current revision."""
        return self.get_episode(episode_id).revision

    def revisions(self, episode_id: str) -> list[RevisionInfo]:
        """Return the episode's revisions, oldest first (revision 1 alone if never corrected)."""
        current = self.get_episode(episode_id)
        entries = self._read_log(episode_id)
        if not entries:
            return [self._legacy_entry(episode_id, current)]
        # A log entry past the current revision is a correction that crashed before its
        # episode.json was replaced: it never happened.
        return [e for e in entries if e.revision <= current.revision]

    def _read_log(self, episode_id: str) -> list[RevisionInfo]:
        path = self._episode_dir(episode_id) / REVISIONS_LOG
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise ArchiveError(f"cannot read {path}: {exc}") from exc
        return sorted((RevisionInfo.from_dict(item) for item in data), key=lambda e: e.revision)

    def _legacy_entry(self, episode_id: str, episode: Episode) -> RevisionInfo:
        """Describe revision 1 of an episode stored before revisions were logged."""
        path = self._episode_dir(episode_id) / EPISODE_FILE
        try:
            stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            date: str | None = stamp.isoformat(timespec="seconds")
        except OSError:
            date = None
        return RevisionInfo(
            episode.revision, date, episode.source.filename, episode.source.sha256, "added"
        )

    def episode_revision(self, episode_id: str, revision: int | None = None) -> Episode:
        """Return one revision of an episode (None: the current one)."""
        current = self.get_episode(episode_id)
        if revision is None or revision == current.revision:
            return current
        missing = RevisionNotFoundError(
            f"episode {episode_id!r} has no revision {revision} (it has 1 to {current.revision})"
        )
        if not isinstance(revision, int) or revision < 1 or revision > current.revision:
            raise missing
        path = self._episode_dir(episode_id) / REVISIONS_DIR / str(revision) / EPISODE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise missing from None
        except (OSError, ValueError) as exc:
            raise ArchiveError(
                f"cannot read {path}: {exc}; run `verbatim verify` to see what is damaged"
            ) from exc
        return _episode_record(path, data)

    def episode_revisions(self, episode_id: str) -> list[Episode]:
        """Return every revision of an episode, oldest first."""
        current = self.get_episode(episode_id)
        return [self.episode_revision(episode_id, n) for n in range(1, current.revision)] + [
            current
        ]

    def resolve_passage(self, passage_id: str, *, revision: int | None = None) -> PassageRecord:
        """Return what became of any passage id ever issued (see `archive.store.history`)."""
        from archive.store.history import resolve_passage

        return resolve_passage(self, passage_id, revision=revision)

    def checksums(self) -> dict[str, str]:
        """Return a map from each original's sha256 to its episode id."""
        return {episode.source.sha256: episode.id for episode in self.iter_episodes()}

    def id_taken(self, episode_id: str) -> bool:
        """Return True if a folder of this name is stored (complete or not) or the id retired."""
        return (self.episodes_dir / episode_id).exists() or episode_id in self.retired_ids()

    def find_by_sha256(self, sha256: str) -> Episode | None:
        """Return the stored episode whose original has this checksum, if any."""
        episode_id = self.checksums().get(sha256)
        return self.get_episode(episode_id) if episode_id else None

    # --- writing episodes

    def add(
        self,
        episode: Episode,
        original: bytes,
        *,
        extras: Mapping[str, bytes] | None = None,
        record: bool = True,
    ) -> Path:
        """Store a new episode, its original and any companion files (a chapters file).

        Raise EpisodeExistsError if the id is taken. `record=False` leaves the checksum
        manifest to the caller, who records a whole batch at once (`manifest.update_episodes`);
        a crash before that is made good by recovery, which records what was written.
        """
        validate_id(episode.id)
        final = self.episodes_dir / episode.id
        if final.exists():
            raise EpisodeExistsError(
                f"episode {episode.id!r} is already in the archive; remove it first "
                f"(`verbatim remove {episode.id}`) or choose another --id"
            )
        # Build the whole folder under a dot name, then rename: an episode appears complete
        # or not at all, even if the process dies halfway.
        staging = self.episodes_dir / f".new-{episode.id}-{uuid.uuid4().hex[:8]}"
        try:
            (staging / ORIGINAL_DIR).mkdir(parents=True)
            atomic_write_bytes(
                staging / ORIGINAL_DIR / safe_filename(episode.source.filename), original
            )
            for name, data in (extras or {}).items():
                atomic_write_bytes(staging / ORIGINAL_DIR / safe_filename(name), data)
            atomic_write_json(
                staging / REVISIONS_LOG, [_log_entry(episode, "added", _now()).to_dict()]
            )
            atomic_write_json(staging / EPISODE_FILE, episode.to_dict())
            faults.reached("staged")
            try:
                # rename() onto an existing non-empty folder fails, so a racing add loses.
                os.rename(staging, final)
            except OSError as exc:
                raise EpisodeExistsError(
                    f"episode {episode.id!r} is already in the archive; remove it first"
                ) from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _fsync_dir(self.episodes_dir)
        faults.reached("renamed")
        if record:
            self._record_checksums(episode.id)
        return final

    def _record_checksums(self, episode_id: str, tags: tuple[str, ...] = ()) -> None:
        """Bring the checksum manifest up to date with one episode folder (and `tags`)."""
        from archive.store import manifest

        manifest.update_episodes(self, [episode_id], tags=tags)

    def add_revision(
        self,
        episode: Episode,
        original: bytes,
        *,
        extras: Mapping[str, bytes] | None = None,
        note: str = "",
    ) -> Episode:
        """Store a correction of an existing episode as its next revision; return it.

        The new revision is built in a dot-named staging folder and renamed into
        `revisions/<n>/`, then the log and finally `episode.json` are replaced, each
        atomically: a crash at any point leaves the old revision current and complete.
        """
        folder = self._episode_dir(episode.id)
        current = self.get_episode(episode.id)
        number = current.revision + 1
        revisions = folder / REVISIONS_DIR
        revisions.mkdir(exist_ok=True)
        log = self._read_log(episode.id) or [self._legacy_entry(episode.id, current)]
        # First correction of a revision whose record lives only in episode.json: keep it.
        kept = revisions / str(current.revision)
        if not (kept / EPISODE_FILE).is_file():
            self._stage_revision(revisions, current.revision, current, None, {})
        stored = replace(episode, revision=number)
        self._stage_revision(revisions, number, stored, original, extras or {})
        entries = [e for e in log if e.revision < number]
        entries.append(_log_entry(stored, note, _now()))
        atomic_write_json(folder / REVISIONS_LOG, [e.to_dict() for e in entries])
        atomic_write_json(folder / EPISODE_FILE, stored.to_dict())
        faults.reached("revision-current")
        self._record_checksums(episode.id)
        return stored

    def _stage_revision(
        self,
        revisions: Path,
        number: int,
        episode: Episode,
        original: bytes | None,
        extras: Mapping[str, bytes],
    ) -> None:
        """Write `revisions/<number>/` whole under a dot name, then rename it into place."""
        final = revisions / str(number)
        if final.exists():
            # Left by a correction that crashed before it became current: never listed,
            # never read, so it is set aside rather than trusted.
            trash = revisions / f".orphan-{number}-{uuid.uuid4().hex[:8]}"
            os.rename(final, trash)
            shutil.rmtree(trash, ignore_errors=True)
        staging = revisions / f".staging-{number}-{uuid.uuid4().hex[:8]}"
        try:
            staging.mkdir()
            if original is not None:
                (staging / ORIGINAL_DIR).mkdir()
                atomic_write_bytes(
                    staging / ORIGINAL_DIR / safe_filename(episode.source.filename), original
                )
                for name, data in extras.items():
                    atomic_write_bytes(staging / ORIGINAL_DIR / safe_filename(name), data)
            atomic_write_json(staging / EPISODE_FILE, episode.to_dict())
            os.rename(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _fsync_dir(revisions)

    def rollback_revision(self, episode_id: str, revision: int) -> None:
        """Undo a correction that just became current: its predecessor is current again."""
        folder = self._episode_dir(episode_id)
        current = self.get_episode(episode_id)
        if current.revision != revision or revision < 2:
            raise ArchiveError(f"revision {revision} of {episode_id!r} is not the newest")
        previous = self.episode_revision(episode_id, revision - 1)
        atomic_write_json(folder / EPISODE_FILE, previous.to_dict())
        entries = [e for e in self._read_log(episode_id) if e.revision < revision]
        atomic_write_json(folder / REVISIONS_LOG, [e.to_dict() for e in entries])
        dropped = folder / REVISIONS_DIR / str(revision)
        if dropped.exists():
            trash = folder / REVISIONS_DIR / f".orphan-{revision}-{uuid.uuid4().hex[:8]}"
            os.rename(dropped, trash)
            shutil.rmtree(trash, ignore_errors=True)
        self._record_checksums(episode_id)

    def retired_ids(self) -> dict[str, str]:
        """Return the ids of removed episodes, each with when it was removed (UTC)."""
        path = self.root / RETIRED_FILE
        if not path.is_file():
            return {}
        try:
            return dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as exc:
            raise ArchiveError(f"{path}: unreadable ({exc}); run `verbatim verify`") from exc

    def remove(self, episode_id: str, *, retire: bool = True) -> None:
        """Delete an episode folder and retire its id; raise EpisodeNotFoundError if none.

        `retire=False` is for taking back an add that never completed: nobody saw its ids.
        """
        folder = self._episode_dir(episode_id)
        if not (folder / EPISODE_FILE).is_file():
            raise EpisodeNotFoundError(f"no episode {episode_id!r} in the archive")
        # Retire the id first: a crash after this leaves the episode in place, still
        # correctable, and its id still never handed to a different episode.
        if retire:
            retired = {**self.retired_ids(), episode_id: _now()}
            atomic_write_json(self.root / RETIRED_FILE, retired)
        # Rename first so readers stop seeing it at once, then delete at leisure.
        trash = self.episodes_dir / f".removed-{episode_id}-{uuid.uuid4().hex[:8]}"
        os.rename(folder, trash)
        _fsync_dir(self.episodes_dir)
        faults.reached("removed")
        self._record_checksums(episode_id, (RETIRED_FILE,) if retire else ())
        shutil.rmtree(trash, ignore_errors=True)


def _episode_record(path: Path, data: Any, rel: str | None = None) -> Episode:
    """Build an episode from a stored record, or say which file is damaged and what to run."""
    try:
        return Episode.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        reason = f"not a valid episode record ({type(exc).__name__}: {exc})"
        raise UnreadableRecordError(
            f"{path} is not a valid episode record; run `verbatim verify` to see what is damaged",
            path=rel or str(path),
            reason=reason,
        ) from exc


def _log_entry(episode: Episode, note: str, date: str) -> RevisionInfo:
    """Return the log entry for a revision being written now."""
    return RevisionInfo(
        episode.revision, date, episode.source.filename, episode.source.sha256, note
    )
