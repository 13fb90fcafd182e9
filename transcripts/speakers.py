"""Speaker labels: spotting `Name:` labels in text and resolving labels to people and roles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Words that open a line with a colon but name no one ("Note: the audio drops out").
_NOT_SPEAKERS = frozenset(
    {
        "also", "anyway", "caption", "captions", "chapter", "correction", "date", "disclaimer",
        "edit", "editor's note", "example", "important", "language", "location", "look",
        "music", "n.b.", "nb", "note", "notes", "p.s.", "plus", "ps", "re", "remember",
        "show", "so", "source", "sources", "subject", "summary", "time", "title", "tl;dr",
        "topic", "topics", "transcript", "transcribed by", "update", "url", "warning", "well",
    }
)  # fmt: skip

# Lowercase particles inside real names ("Ursula von der Leyen", "Ana de la Cruz").
_PARTICLES = frozenset({"al", "bin", "da", "de", "del", "della", "der", "di", "du", "el", "la",
                        "le", "van", "von", "y", "zu"})  # fmt: skip

_MAX_LABEL_CHARS = 40
_MAX_LABEL_WORDS = 4

# `**Name:** text`, `**Name**: text`, `__Name:__ text`, then plain `Name: text`.
_BOLD_LABEL = re.compile(r"^(\*\*|__)(?P<name>[^*_:\n]{1,60}?)\s*(?::\1|\1\s*:)\s*(?P<rest>.*)$")
_PLAIN_LABEL = re.compile(r"^(?P<name>[^:\n]{1,60}?)\s*:(?:\s+(?P<rest>.*)|$)")


def _is_name_word(word: str, *, first: bool) -> bool:
    """Return whether one word may be part of a person's name or a generic label."""
    if word.lower() in _PARTICLES and word.islower():
        return not first  # "Ana de la Cruz", but never "de ..."
    if word.isdigit():
        return not first  # "Speaker 2", "Guest 1"
    initial = word.lstrip("(\"'“‘")[:1]
    # Caseless scripts (Khmer, Chinese, Thai) have no capitals, so only lowercase disqualifies.
    if not initial.isalpha() or initial.islower():
        return False
    # Marks belong to letters in Khmer, Thai and Devanagari names.
    return all(
        ch.isalnum() or ch in "-'’.)" or unicodedata.category(ch).startswith("M") for ch in word
    )


def is_name_like(label: str) -> bool:
    """Return whether a label looks like a speaker's name rather than the start of a sentence."""
    label = label.strip()
    if not label or len(label) > _MAX_LABEL_CHARS or label.lower() in _NOT_SPEAKERS:
        return False
    words = label.split()
    if len(words) > _MAX_LABEL_WORDS:
        return False
    return all(_is_name_word(word, first=index == 0) for index, word in enumerate(words))


def split_label(line: str) -> tuple[str, str] | None:
    """Split `Name: text` (or `**Name:** text`) into the label and the text, if it has one."""
    match = _BOLD_LABEL.match(line) or _PLAIN_LABEL.match(line)
    if match is None:
        return None
    name = clean_label(match["name"])
    if not is_name_like(name):
        return None
    return name, (match["rest"] or "").strip()


def clean_label(label: str) -> str:
    """Return a speaker label with its markup, brackets and extra spaces removed."""
    label = label.strip().strip("*_").strip()
    if label.startswith("[") and label.endswith("]"):
        label = label[1:-1]
    return " ".join(label.split()).rstrip(":").strip()


@dataclass(frozen=True)
class Person:
    """A named person the caller told us about, with their role."""

    name: str
    role: str


class SpeakerResolver:
    """Map the labels a source uses to canonical names and roles."""

    def __init__(self, hosts: Sequence[str] = (), guests: Sequence[str] = ()) -> None:
        self.people = [Person(" ".join(h.split()), "host") for h in hosts if h.strip()]
        self.people += [Person(" ".join(g.split()), "guest") for g in guests if g.strip()]
        self._cache: dict[str, str] = {}
        # Labels differing only in case ("MARIA" and "Maria") are one speaker, first spelling wins.
        self._by_folded: dict[str, str] = {}

    def _match(self, label: str) -> Person | None:
        """Return the one person a label names: by full name, or by a first or last name."""
        folded = label.casefold()
        for person in self.people:
            if person.name.casefold() == folded:
                return person
        candidates = [
            person
            for person in self.people
            if folded in {person.name.split()[0].casefold(), person.name.split()[-1].casefold()}
        ]
        # "Ana" must not guess between Ana Lopez and Ana Ruiz.
        return candidates[0] if len(candidates) == 1 else None

    def canonical(self, label: str | None) -> str | None:
        """Return the canonical name for a label (the full name given, else the label)."""
        if label is None:
            return None
        label = " ".join(label.split())
        if not label:
            return None
        if label not in self._cache:
            person = self._match(label)
            if person is not None:
                name = person.name
            else:
                name = self._by_folded.setdefault(label.casefold(), label)
            self._cache[label] = name
        return self._cache[label]

    def role(self, name: str | None) -> str | None:
        """Return the role of a canonical name, or None when no one told us."""
        if name is None:
            return None
        folded = name.casefold()
        return next((p.role for p in self.people if p.name.casefold() == folded), None)

    def silent(self, speakers: Iterable[str | None]) -> list[Person]:
        """Return the hosts and guests who never speak under any label."""
        spoken = {s.casefold() for s in speakers if s is not None}
        return [p for p in self.people if p.name.casefold() not in spoken]
