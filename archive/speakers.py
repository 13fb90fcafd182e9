"""Speakers as people across the archive: who speaks where, and corrections to who is who.

The list is derived from the stored episodes and the registry (`archive.registry`).
A correction (`rename`, `merge`, `alias`) changes the registry only, records itself in
the person's history, and re-indexes just the episodes that person speaks in: episode
records and the kept originals are never rewritten.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from archive.errors import ArchiveError
from archive.index import index_episodes
from archive.registry import (
    Change,
    Person,
    Registry,
    clean_name,
    load_registry,
    name_key,
    registry_path,
    save_registry,
)
from transcripts.model import Episode

if TYPE_CHECKING:
    from archive.store import Archive


class SpeakerNotFoundError(ArchiveError):
    """No speaker in the archive goes by this name or id."""


class SpeakerConflictError(ArchiveError):
    """A correction would make one name stand for two people, or change nothing."""


@dataclass(frozen=True)
class Appearance:
    """One episode a person speaks (or takes part) in: their role and names there."""

    episode_id: str
    episode_title: str
    show: str | None
    date: str | None
    roles: tuple[str, ...]
    as_written: tuple[str, ...]
    passages: int

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape."""
        return {
            "episode_id": self.episode_id,
            "episode_title": self.episode_title,
            "show": self.show,
            "date": self.date,
            "roles": list(self.roles),
            "as_written": list(self.as_written),
            "passages": self.passages,
        }


@dataclass(frozen=True)
class Speaker:
    """A person as the archive knows them: names, registry history and appearances."""

    id: str
    name: str
    aliases: tuple[str, ...]
    registered: bool
    appearances: tuple[Appearance, ...] = ()
    history: tuple[Change, ...] = ()

    @property
    def episodes(self) -> int:
        """Return how many episodes they appear in."""
        return len(self.appearances)

    @property
    def passages(self) -> int:
        """Return how many passages they speak across the archive."""
        return sum(a.passages for a in self.appearances)

    @property
    def roles(self) -> tuple[str, ...]:
        """Return every role they have been given, sorted."""
        return tuple(sorted({r for a in self.appearances for r in a.roles}))

    @property
    def names(self) -> tuple[str, ...]:
        """Return the canonical name, then the aliases."""
        return (self.name, *self.aliases)

    def to_dict(self, *, detail: bool = False) -> dict[str, Any]:
        """Return the listing's JSON shape; `detail` adds appearances and history."""
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "registered": self.registered,
            "episodes": self.episodes,
            "passages": self.passages,
            "roles": list(self.roles),
        }
        if detail:
            data["appearances"] = [a.to_dict() for a in self.appearances]
            data["history"] = [c.to_dict() for c in self.history]
        return data


@dataclass(frozen=True)
class Correction:
    """What a correction did: the person as now registered, and the episodes re-indexed."""

    person: Person
    reindexed: tuple[str, ...]
    removed_id: str | None = None


# --- reading -------------------------------------------------------------------------


def episode_names(episode: Episode) -> list[str]:
    """Return every speaker name as written in an episode: speakers, then silent participants."""
    names = [p.speaker for p in episode.passages if p.speaker]
    names += [p.name for p in episode.participants]
    return list(dict.fromkeys(names))


@dataclass
class _Tally:
    person: Speaker
    appearances: list[Appearance] = field(default_factory=list)
    spellings: Counter[str] = field(default_factory=Counter)


def _appearances(registry: Registry, episode: Episode) -> dict[str, Appearance]:
    """Return each person's appearance in one episode, keyed by person id."""
    counts = Counter(p.speaker for p in episode.passages if p.speaker)
    found: dict[str, tuple[list[str], set[str], int]] = {}
    for name in episode_names(episode):
        resolved = registry.resolve(name)
        written, roles, passages = found.setdefault(resolved.id, ([], set(), 0))
        written.append(name)
        participant = episode.participant(name)
        if participant is not None and participant.role:
            roles.add(participant.role)
        found[resolved.id] = (written, roles, passages + counts.get(name, 0))
    return {
        pid: Appearance(
            episode_id=episode.id,
            episode_title=episode.title or episode.id,
            show=episode.show,
            date=episode.date,
            roles=tuple(sorted(roles)),
            as_written=tuple(written),
            passages=passages,
        )
        for pid, (written, roles, passages) in found.items()
    }


def _tally(archive: Archive, registry: Registry) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = {
        p.id: _Tally(Speaker(p.id, p.name, p.aliases, True, history=p.history))
        for p in registry.people
    }
    for episode in archive.episodes():
        for pid, appearance in _appearances(registry, episode).items():
            tally = tallies.get(pid)
            if tally is None:
                name = appearance.as_written[0]
                tally = tallies[pid] = _Tally(Speaker(pid, clean_name(name), (), False))
            tally.appearances.append(appearance)
            tally.spellings.update(appearance.as_written)
    return tallies


def _speaker(tally: _Tally) -> Speaker:
    person = tally.person
    if not person.registered and tally.spellings:
        # Unregistered: the most used spelling names them, the other spellings are aliases.
        ranked = [n for n, _ in tally.spellings.most_common()]
        person = Speaker(person.id, clean_name(ranked[0]), tuple(ranked[1:]), False)
    return Speaker(
        person.id,
        person.name,
        person.aliases,
        person.registered,
        appearances=tuple(tally.appearances),
        history=person.history,
    )


def list_speakers(archive: Archive) -> list[Speaker]:
    """Return every person in the archive, most passages first, then by name."""
    speakers = [_speaker(t) for t in _tally(archive, load_registry(archive)).values()]
    speakers.sort(key=lambda s: (-s.passages, s.name.casefold()))
    return speakers


def get_speaker(archive: Archive, person_id: str) -> Speaker:
    """Return one person by id (or an id merged into theirs), or raise SpeakerNotFoundError."""
    registry = load_registry(archive)
    person = registry.by_id(person_id)
    tallies = _tally(archive, registry)
    tally = tallies.get(person.id if person else person_id)
    if tally is None:
        raise SpeakerNotFoundError(f"no speaker with id {person_id!r} in the archive")
    return _speaker(tally)


def find_speaker(archive: Archive, name: str) -> Speaker:
    """Return the person a name, alias or id stands for, or raise SpeakerNotFoundError."""
    registry = load_registry(archive)
    return _speaker(_find(archive, registry, name, _tally(archive, registry)))


def _find(archive: Archive, registry: Registry, name: str, tallies: dict[str, _Tally]) -> _Tally:
    if not name.strip():
        raise SpeakerNotFoundError("a speaker name cannot be empty")
    person = registry.person(name) or registry.by_id(name.strip())
    if person is not None:
        return tallies[person.id]
    key = name_key(name)
    for tally in tallies.values():
        if key in {name_key(n) for n in tally.spellings} or tally.person.id == name.strip():
            return tally
    raise SpeakerNotFoundError(
        f"no speaker {name!r} in the archive; `verbatim --archive {archive.root} speakers` "
        "lists every name"
    )


# --- corrections ----------------------------------------------------------------------


def _as_person(registry: Registry, tally: _Tally) -> Person:
    """Return the registered person for a tally, registering an as-written name if need be."""
    found = registry.by_id(tally.person.id)
    if found is not None:
        return found
    speaker = _speaker(tally)
    return Person(speaker.id, speaker.name, speaker.aliases)


def _claimed_by_other(registry: Registry, name: str, person: Person) -> None:
    other = registry.person(name)
    if other is not None and other.id != person.id:
        raise SpeakerConflictError(
            f"{clean_name(name)!r} already names {other.name!r}; to make them one person "
            f"run `verbatim speakers merge {person.name!r} {other.name!r}`"
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
            from archive.store import atomic_write_bytes

            atomic_write_bytes(path, before)
        raise
    return Correction(person, tuple(e.id for e in affected), removed_id)


def rename_speaker(archive: Archive, old: str, new: str) -> Correction:
    """Give a person a new canonical name; the old one stays as an alias."""
    new = clean_name(new)
    if not new:
        raise SpeakerConflictError("the new name cannot be empty")
    registry = load_registry(archive)
    tallies = _tally(archive, registry)
    person = _as_person(registry, _find(archive, registry, old, tallies))
    if new == person.name:
        raise SpeakerConflictError(f"{person.name!r} already has that name; nothing to change")
    _claimed_by_other(registry, new, person)
    aliases = [a for a in person.aliases if name_key(a) != name_key(new)]
    # A new name someone unregistered already goes by joins them: keep their id's links.
    joined = [
        t.person.id
        for t in tallies.values()
        if not t.person.registered
        and t.person.id != person.id
        and name_key(new) in {name_key(n) for n in t.spellings}
    ]
    renamed = Person(person.id, new, (), person.history, (*person.former_ids, *joined))
    renamed = renamed.with_aliases([person.name, *aliases])
    renamed = renamed.noted("rename", f"renamed {person.name!r} to {new!r}")
    keys = person.keys() | renamed.keys()
    return _apply(archive, registry.replaced(renamed), keys, renamed)


def merge_speakers(archive: Archive, keep: str, other: str) -> Correction:
    """Make `other` the same person as `keep`: all of other's names become keep's aliases."""
    registry = load_registry(archive)
    tallies = _tally(archive, registry)
    kept = _as_person(registry, _find(archive, registry, keep, tallies))
    gone = _as_person(registry, _find(archive, registry, other, tallies))
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
    person = _as_person(registry, _find(archive, registry, name, _tally(archive, registry)))
    if name_key(alias) in person.keys():
        raise SpeakerConflictError(f"{person.name!r} already goes by {alias!r}; nothing to add")
    _claimed_by_other(registry, alias, person)
    updated = person.with_aliases([alias]).noted("alias", f"added alias {alias!r}")
    return _apply(archive, registry.replaced(updated), updated.keys(), updated)
