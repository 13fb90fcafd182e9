"""The speaker registry: `<archive>/speakers.json`, mapping names as written to people.

Episode records keep every speaker's name exactly as the source wrote it. The registry
says who those names are: each person has a stable id, a canonical name, the aliases
they also go by (in any script), and the history of corrections made to them. A name no
one has registered yet stands for a person of its own, under its own spelling.

Names resolve case- and accent-insensitively ("ÉLODIE" is "Elodie"), but the vowel
signs of Khmer or Thai names are letters, not accents, and are kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.errors import ArchiveError
from archive.query.words import fold
from archive.store.ids import slugify

if TYPE_CHECKING:
    from archive.store.folder import Archive

REGISTRY_FILE = "speakers.json"


def clean_name(name: str) -> str:
    """Return a name with its spaces collapsed and trimmed."""
    return " ".join(name.split())


def name_key(name: str) -> str:
    """Return the key a name resolves by: case-, width- and accent-folded, single-spaced."""
    return fold(clean_name(name))


def derived_id(name: str) -> str:
    """Return the id of a person no one has registered: the slug of their name."""
    slug = slugify(name)
    if slug:
        return slug
    # A name with no Latin letters (a Khmer name) has no slug: a short hash keeps it URL-safe.
    return "person-" + hashlib.sha256(name_key(name).encode("utf-8")).hexdigest()[:10]


def now_stamp() -> str:
    """Return the current UTC time as ISO 8601 to the second, for the history."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Change:
    """One correction made to a person: when, what kind, and what it did in words."""

    date: str
    action: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """Return the registry's JSON shape."""
        return {"date": self.date, "action": self.action, "detail": self.detail}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """Build from the registry's JSON shape."""
        return cls(date=data["date"], action=data["action"], detail=data["detail"])


@dataclass(frozen=True)
class Person:
    """A registered person: a stable id, a canonical name, aliases and corrections."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    history: tuple[Change, ...] = ()
    # Ids of people merged into this one, so their old links still find someone.
    former_ids: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Return every name this person goes by: the canonical name, then the aliases."""
        return (self.name, *self.aliases)

    def keys(self) -> set[str]:
        """Return the resolution keys of all their names."""
        return {name_key(n) for n in self.names}

    def with_aliases(self, names: Iterable[str]) -> Person:
        """Return this person with `names` added as aliases, skipping any they go by."""
        aliases = list(self.aliases)
        keys = self.keys()
        for name in names:
            if name_key(name) not in keys:
                aliases.append(clean_name(name))
                keys.add(name_key(name))
        return replace(self, aliases=tuple(aliases))

    def noted(self, action: str, detail: str, date: str | None = None) -> Person:
        """Return this person with a correction appended to their history."""
        change = Change(date=date or now_stamp(), action=action, detail=detail)
        return replace(self, history=(*self.history, change))

    def to_dict(self) -> dict[str, Any]:
        """Return the registry's JSON shape."""
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "history": [c.to_dict() for c in self.history],
        }
        if self.former_ids:
            data["former_ids"] = list(self.former_ids)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Person:
        """Build from the registry's JSON shape."""
        return cls(
            id=data["id"],
            name=data["name"],
            aliases=tuple(data.get("aliases", ())),
            history=tuple(Change.from_dict(c) for c in data.get("history", ())),
            former_ids=tuple(data.get("former_ids", ())),
        )


@dataclass(frozen=True)
class Resolved:
    """Who a name as written stands for: the person's id and canonical name."""

    id: str
    name: str
    as_written: str
    registered: bool

    @property
    def differs(self) -> bool:
        """Return True when the source wrote the name otherwise than the canonical name."""
        return self.as_written != self.name


@dataclass(frozen=True)
class Registry:
    """Every registered person, looked up by any of their names or ids."""

    people: tuple[Person, ...] = ()
    _by_key: dict[str, Person] = field(default_factory=dict, init=False, compare=False)
    _by_id: dict[str, Person] = field(default_factory=dict, init=False, compare=False)

    def __post_init__(self) -> None:
        for person in self.people:
            for key in person.keys():
                self._by_key.setdefault(key, person)
            for pid in (person.id, *person.former_ids):
                self._by_id.setdefault(pid, person)

    def person(self, name: str | None) -> Person | None:
        """Return the registered person a name (or alias) stands for, if any."""
        if not name or not name.strip():
            return None
        return self._by_key.get(name_key(name))

    def by_id(self, person_id: str) -> Person | None:
        """Return the person with this id, or who was merged from it, if any."""
        return self._by_id.get(person_id)

    def resolve(self, name: str) -> Resolved:
        """Return who a name as written stands for; unregistered names stand for themselves."""
        person = self.person(name)
        if person is not None:
            return Resolved(person.id, person.name, name, registered=True)
        pid = derived_id(name)
        if pid in self._by_id:
            # Another person's id already: keep the two apart with the name's own hash.
            pid = f"{pid}-{hashlib.sha256(name_key(name).encode('utf-8')).hexdigest()[:6]}"
        return Resolved(pid, clean_name(name), name, registered=False)

    def replaced(self, *changed: Person, removed: Iterable[str] = ()) -> Registry:
        """Return a registry with these people added or replaced and `removed` ids dropped."""
        gone = set(removed)
        new = {p.id: p for p in changed}
        kept = [new.pop(p.id, p) for p in self.people if p.id not in gone]
        return Registry((*kept, *new.values()))

    def to_dict(self) -> dict[str, Any]:
        """Return the registry file's JSON shape."""
        return {"people": [p.to_dict() for p in self.people]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Registry:
        """Build from the registry file's JSON shape."""
        return cls(tuple(Person.from_dict(p) for p in data.get("people", ())))


def registry_path(archive: Archive) -> Path:
    """Return the path of the archive's speaker registry."""
    return archive.root / REGISTRY_FILE


def load_registry(archive: Archive) -> Registry:
    """Read the archive's speaker registry; an archive without one has an empty registry."""
    path = registry_path(archive)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Registry.from_dict(data)
    except FileNotFoundError:
        return Registry()
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ArchiveError(
            f"cannot read the speaker registry {path}: {exc}; restore it from a backup "
            "or remove it to start the registry afresh"
        ) from exc


def save_registry(archive: Archive, registry: Registry) -> None:
    """Write the archive's speaker registry atomically (temp file, fsync, rename)."""
    # Imported here: the store imports the index, which imports this module.
    from archive.store.atomic import atomic_write_json

    atomic_write_json(registry_path(archive), registry.to_dict())
