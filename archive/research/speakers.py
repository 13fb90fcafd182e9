"""Speakers as people across the archive: who speaks where, and corrections to who is who.

The list is derived from the stored episodes and the registry (`archive.store.registry`);
people no one has registered yet appear under their name as written. Corrections to
who is who live in `archive.research.speaker_corrections`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from archive.errors import ArchiveError, UnreadableRecordError
from archive.store.registry import (
    Change,
    Registry,
    clean_name,
    load_registry,
    name_key,
)
from transcripts.model import Episode

if TYPE_CHECKING:
    from archive.store.folder import Archive


class SpeakerNotFoundError(ArchiveError):
    """No speaker in the archive goes by this name or id."""


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


# --- reading -------------------------------------------------------------------------


def episode_names(episode: Episode) -> list[str]:
    """Return every speaker name as written in an episode: speakers, then silent participants."""
    names = [p.speaker for p in episode.passages if p.speaker]
    names += [p.name for p in episode.participants]
    return list(dict.fromkeys(names))


@dataclass
class Tally:
    """A person being counted: who they are so far, their appearances and spellings."""

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


def tally_speakers(
    archive: Archive, registry: Registry, unreadable: list[UnreadableRecordError] | None = None
) -> dict[str, Tally]:
    """Count every registered person and every unregistered name across the archive.

    With `unreadable`, records that cannot be read are noted there and left out (a page
    shows what it can); without it, the first one raises (corrections must see all).
    """
    tallies: dict[str, Tally] = {
        p.id: Tally(Speaker(p.id, p.name, p.aliases, True, history=p.history))
        for p in registry.people
    }
    for episode in archive.episodes(unreadable):
        for pid, appearance in _appearances(registry, episode).items():
            tally = tallies.get(pid)
            if tally is None:
                name = appearance.as_written[0]
                tally = tallies[pid] = Tally(Speaker(pid, clean_name(name), (), False))
            tally.appearances.append(appearance)
            tally.spellings.update(appearance.as_written)
    return tallies


def speaker_from(tally: Tally) -> Speaker:
    """Return the person a tally counted, named by the registry or their commonest spelling."""
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


def list_speakers(
    archive: Archive, unreadable: list[UnreadableRecordError] | None = None
) -> list[Speaker]:
    """Return every person in the archive, most passages first, then by name."""
    tallies = tally_speakers(archive, load_registry(archive), unreadable)
    speakers = [speaker_from(t) for t in tallies.values()]
    speakers.sort(key=lambda s: (-s.passages, s.name.casefold()))
    return speakers


def get_speaker(
    archive: Archive, person_id: str, unreadable: list[UnreadableRecordError] | None = None
) -> Speaker:
    """Return one person by id (or an id merged into theirs), or raise SpeakerNotFoundError."""
    registry = load_registry(archive)
    person = registry.by_id(person_id)
    tallies = tally_speakers(archive, registry, unreadable)
    tally = tallies.get(person.id if person else person_id)
    if tally is None:
        raise SpeakerNotFoundError(f"no speaker with id {person_id!r} in the archive")
    return speaker_from(tally)


def find_speaker(archive: Archive, name: str) -> Speaker:
    """Return the person a name, alias or id stands for, or raise SpeakerNotFoundError."""
    registry = load_registry(archive)
    return speaker_from(find_tally(archive, registry, name, tally_speakers(archive, registry)))


def find_tally(archive: Archive, registry: Registry, name: str, tallies: dict[str, Tally]) -> Tally:
    """Return the tally of the person a name, alias or id stands for, or raise."""
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
