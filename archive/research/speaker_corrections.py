"""Corrections to who is who: rename, merge and alias, recorded in the speaker registry.

A correction changes the registry only, records itself with the date in the person's
history, and re-indexes just the episodes that person speaks in: episode records and
the kept originals are never rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from archive.errors import ArchiveError
from archive.research.speakers import Tally, episode_names, find_tally, speaker_from, tally_speakers
from archive.search.indexing import index_episodes
from archive.store.registry import (
    Person,
    Registry,
    clean_name,
    load_registry,
    name_key,
    registry_path,
    save_registry,
)

if TYPE_CHECKING:
    from archive.store.folder import Archive


class SpeakerConflictError(ArchiveError):
    """A correction would make one name stand for two people, or change nothing."""


@dataclass(frozen=True)
class Correction:
    """What a correction did: the person as now registered, and the episodes re-indexed."""

    person: Person
    reindexed: tuple[str, ...]
    removed_id: str | None = None


def _as_person(registry: Registry, tally: Tally) -> Person:
    """Return the registered person for a tally, registering an as-written name if need be."""
    found = registry.by_id(tally.person.id)
    if found is not None:
        return found
    speaker = speaker_from(tally)
    return Person(speaker.id, speaker.name, speaker.aliases)


def _claimed_by_other(registry: Registry, name: str, person: Person) -> None:
    other = registry.person(name)
    if other is not None and other.id != person.id:
        raise SpeakerConflictError(
            f"{clean_name(name)!r} already names {other.name!r}; to make them one person "
            f"run `verbatim speakers merge {person.name!r} {other.name!r}`"
        )


def _joined_ids(tallies: dict[str, Tally], name: str, person: Person) -> tuple[str, ...]:
    """Return the ids of unregistered speakers written `name`, who join `person` with it."""
    # Their pages had these ids: keeping them as former ids keeps those links working.
    return tuple(
        t.person.id
        for t in tallies.values()
        if not t.person.registered
        and t.person.id != person.id
        and name_key(name) in {name_key(n) for n in t.spellings}
    )


def _apply(
    archive: Archive, new: Registry, keys: set[str], person: Person, removed_id: str | None = None
) -> Correction:
    """Write the new registry, re-index the episodes whose speakers it touches, or undo."""
    affected = [
        e for e in archive.iter_episodes() if keys & {name_key(n) for n in episode_names(e)}
    ]
    path = registry_path(archive)
    before = path.read_bytes() if path.exists() else None
    save_registry(archive, new)
    try:
        index_episodes(archive, affected)
    except BaseException:
        # The index commit is all or nothing; put the registry back so both agree again.
        if before is None:
            path.unlink(missing_ok=True)
        else:
            from archive.store.atomic import atomic_write_bytes

            atomic_write_bytes(path, before)
        raise
    return Correction(person, tuple(e.id for e in affected), removed_id)


def rename_speaker(archive: Archive, old: str, new: str) -> Correction:
    """Give a person a new canonical name; the old one stays as an alias."""
    new = clean_name(new)
    if not new:
        raise SpeakerConflictError("the new name cannot be empty")
    registry = load_registry(archive)
    tallies = tally_speakers(archive, registry)
    person = _as_person(registry, find_tally(archive, registry, old, tallies))
    if new == person.name:
        raise SpeakerConflictError(f"{person.name!r} already has that name; nothing to change")
    _claimed_by_other(registry, new, person)
    aliases = [a for a in person.aliases if name_key(a) != name_key(new)]
    joined = _joined_ids(tallies, new, person)
    renamed = Person(person.id, new, (), person.history, (*person.former_ids, *joined))
    renamed = renamed.with_aliases([person.name, *aliases])
    renamed = renamed.noted("rename", f"renamed {person.name!r} to {new!r}")
    keys = person.keys() | renamed.keys()
    return _apply(archive, registry.replaced(renamed), keys, renamed)


def merge_speakers(archive: Archive, keep: str, other: str) -> Correction:
    """Make `other` the same person as `keep`: all of other's names become keep's aliases."""
    registry = load_registry(archive)
    tallies = tally_speakers(archive, registry)
    kept = _as_person(registry, find_tally(archive, registry, keep, tallies))
    gone = _as_person(registry, find_tally(archive, registry, other, tallies))
    if kept.id == gone.id:
        raise SpeakerConflictError(
            f"{clean_name(other)!r} and {clean_name(keep)!r} are already one person "
            f"({kept.name!r}); nothing to merge"
        )
    merged = kept.with_aliases(gone.names)
    merged = Person(
        merged.id,
        merged.name,
        merged.aliases,
        (*merged.history, *gone.history),
        (*kept.former_ids, gone.id, *gone.former_ids),
    ).noted("merge", f"merged {gone.name!r} (id {gone.id}) into {kept.name!r}")
    new = registry.replaced(merged, removed=[gone.id])
    return _apply(archive, new, merged.keys(), merged, removed_id=gone.id)


def add_alias(archive: Archive, name: str, alias: str) -> Correction:
    """Add another name (any script or spelling) a person goes by."""
    alias = clean_name(alias)
    if not alias:
        raise SpeakerConflictError("the alias cannot be empty")
    registry = load_registry(archive)
    tallies = tally_speakers(archive, registry)
    person = _as_person(registry, find_tally(archive, registry, name, tallies))
    if name_key(alias) in person.keys():
        raise SpeakerConflictError(f"{person.name!r} already goes by {alias!r}; nothing to add")
    _claimed_by_other(registry, alias, person)
    updated = person.with_aliases([alias]).noted("alias", f"added alias {alias!r}")
    joined = _joined_ids(tallies, alias, person)
    updated = replace(updated, former_ids=(*updated.former_ids, *joined))
    return _apply(archive, registry.replaced(updated), updated.keys(), updated)
