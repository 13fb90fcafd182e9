"""Verify an archive against its manifests and its index; repair what is derived.

`verify` reads only: it changes no byte of the archive, not even to recover a write that
was cut short (it reports that, naming the command that finishes it). `repair` rebuilds
what can always be derived again (the index, the tag manifest, a payload manifest that was
never written) and clears leftovers of cut-short writes; it never touches an original or
an episode record.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

from archive.errors import UnreadableRecordError
from archive.integrity.index_check import check_index, index_health, indexed_passages
from archive.integrity.report import INDEX_KINDS, KINDS, Problem, Report
from archive.store import manifest
from archive.store.fixity import original_mismatches, rebuild_manifest
from archive.store.folder import Archive
from archive.store.lock import LOCK_FILE, Holder
from transcripts.wording import plural

__all__ = ["INDEX_KINDS", "KINDS", "Problem", "Report", "indexed_passages", "repair", "verify"]


def verify(archive: Archive, *, interrupted: Holder | None = None) -> Report:
    """Check every kept file against the manifests and the index against the store.

    `interrupted` is the writer the lock file names as cut short (`lock.read_lock`).
    """
    report = Report(root=archive.root)
    if interrupted is not None:
        report.problems.append(_interrupted(interrupted))
    report.problems += list(_check_files(archive, report))
    report.problems += list(_check_originals(archive, report))
    report.problems += list(_check_leftovers(archive))
    report.problems += list(check_index(archive, report))
    report.index = index_health(archive)
    return report


def _interrupted(holder: Holder) -> Problem:
    when = (
        datetime.fromtimestamp(holder.started, UTC).isoformat(timespec="seconds")
        if holder.started
        else "an unknown time"
    )
    return Problem(
        "interrupted",
        LOCK_FILE,
        f"{holder.describe()} was cut short (started {when}) and nothing has recovered it "
        f"yet, so search may miss what it stored; run `verbatim verify --repair` "
        f"(or any command that writes) to finish or undo it",
    )


def _check_manifest(
    archive: Archive, name: str, expected: dict[str, str], present: set[str], report: Report
) -> Iterator[Problem]:
    for rel, checksum in sorted(expected.items()):
        path = archive.root / rel
        if rel not in present and not path.is_file():
            yield Problem(
                "missing", rel, f"listed in {name} but not on disk; restore it from a backup"
            )
            continue
        report.files_checked += 1
        actual = report.hashes[rel] = manifest.file_sha256(path)
        if actual != checksum and rel == manifest.MANIFEST_FILE:
            yield Problem(
                "checksum-mismatch",
                rel,
                f"sha256 is {actual[:12]}…, {name} says {checksum[:12]}…; it was changed "
                f"outside verbatim, and no command writes to the archive until "
                f"`verbatim verify --repair` rebuilds it (saying what differs)",
            )
        elif actual != checksum:
            yield Problem(
                "checksum-mismatch",
                rel,
                f"sha256 is {actual[:12]}…, {name} says {checksum[:12]}…; "
                f"the file changed since it was kept: restore it from a backup",
            )


def _check_files(archive: Archive, report: Report) -> Iterator[Problem]:
    payload_path = archive.root / manifest.MANIFEST_FILE
    if not payload_path.is_file():
        yield Problem(
            "no-manifest",
            manifest.MANIFEST_FILE,
            "the archive has no checksum manifest, and no command writes to it until "
            "`verbatim verify --repair` rebuilds it from the files on disk",
        )
        return
    try:
        payload = manifest.read(payload_path)
        tags = manifest.read(archive.root / manifest.TAGMANIFEST_FILE)
    except manifest.ManifestError as exc:
        yield Problem("unreadable", manifest.MANIFEST_FILE, str(exc))
        return
    present = set(manifest.payload_files(archive))
    yield from _check_manifest(archive, manifest.MANIFEST_FILE, payload, present, report)
    for rel in sorted(present - set(payload)):
        yield Problem(
            "unlisted",
            rel,
            f"not in {manifest.MANIFEST_FILE}: added outside verbatim? remove it, "
            f"or re-add the episode with `verbatim add`",
        )
    tag_present = set(manifest.tag_files(archive))
    yield from _check_manifest(archive, manifest.TAGMANIFEST_FILE, tags, tag_present, report)
    for rel in sorted(tag_present - set(tags)):
        yield Problem(
            "unlisted",
            rel,
            f"not in {manifest.TAGMANIFEST_FILE}; run `verbatim verify --repair`",
        )


def _check_originals(archive: Archive, report: Report) -> Iterator[Problem]:
    # A second record of each original's checksum, which no manifest rebuild rewrites.
    for found in original_mismatches(archive, report.hashes):
        yield Problem(
            "record-mismatch",
            found.path,
            f"sha256 is {found.actual[:12]}…, its episode record (revision {found.revision}) "
            f"says {found.expected[:12]}…; the original changed since it was added: "
            f"restore it from a backup",
        )


def _check_leftovers(archive: Archive) -> Iterator[Problem]:
    # Imported here: recovery imports this module's neighbours, not the other way round.
    from archive.integrity.recovery import leftovers

    for path in leftovers(archive):
        yield Problem(
            "staging",
            path.relative_to(archive.root).as_posix(),
            "left by a write that was cut short; `verbatim verify --repair` "
            "(or any command that writes) clears it",
        )


def repair(archive: Archive) -> Report:
    """Rebuild what is derived and clear leftovers; return the report of what remains."""
    from archive.integrity.recovery import clear_leftovers
    from archive.search.indexing import rebuild

    started = time.time()
    before = verify(archive)
    done: list[str] = []
    done += clear_leftovers(archive, older_than=None)
    kinds = {p.kind for p in before.problems}
    # Checked against the tag manifest first, and said loudly: see archive.store.fixity.
    rebuilt = rebuild_manifest(archive)
    done += rebuilt.notes
    if kinds & INDEX_KINDS:
        # Every readable record is indexed; an unreadable one is left out, and the report
        # lists it with how to mend it, rather than stopping the whole rebuild.
        unreadable: list[UnreadableRecordError] = []
        passages = rebuild(archive, unreadable)
        left_out = f"; left out {plural(len(unreadable), 'unreadable record')}, listed below"
        done.append(f"rebuilt the index: {passages} passages" + (left_out if unreadable else ""))
    # Rebuilding rewrites archive.json; a tag file nobody listed yet is listed now.
    manifest.sync_tags(archive, started)
    after = verify(archive)
    after.repaired = done
    after.warnings = rebuilt.warnings
    return after
