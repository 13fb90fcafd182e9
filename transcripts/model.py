"""The transcript model: what readers produce and what the archive keeps.

Two layers live here. A `Document` is what a format reader found in one source file:
a flat run of `Utterance`s (cues or paragraphs) with `Heading`s between them. An
`Episode` is the normalised record built from it: participants, sections, and the
citable `Passage`s grouped into speaker turns. Times are integer milliseconds or None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

ROLES = ("host", "guest")
SECTION_ORIGINS = ("source", "inferred")


# --- what a reader produces ---------------------------------------------------------


@dataclass(frozen=True)
class Utterance:
    """One unit of speech as the source gave it: a caption cue or a paragraph."""

    text: str
    speaker: str | None = None
    start_ms: int | None = None
    end_ms: int | None = None
    # A line opened this turn with something shaped like a speaker label that no rule
    # accepted: the turn has no speaker, and this is the label, for the report (and for
    # `add --label` to accept). Set on every utterance of that turn.
    unread_label: str | None = None
    # The source opens a new turn here with a label, even if the same speaker had the last
    # (meeting notes write `RPR:` before each of Rob's entries).
    opens_turn: bool = field(default=False, compare=False)
    # The source set the whole utterance in bold or italics (an interviewer's question, often).
    emphasised: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Heading:
    """A section boundary found in the source, before the utterances it titles."""

    title: str
    start_ms: int | None = None


@dataclass(frozen=True)
class Document:
    """Everything a reader found in one source file, before turns and passages."""

    format: str
    items: tuple[Utterance | Heading, ...]
    # "cue": short caption cues, grouped into passages of ~30-60 s or ~150 words.
    # "paragraph": each utterance is already a citable paragraph.
    unit: Literal["cue", "paragraph"] = "paragraph"
    encoding: str = "utf-8"
    title: str | None = None
    date: str | None = None
    language: str | None = None
    warnings: tuple[str, ...] = ()
    # People the source itself names with a role (an introduction, a speakers map);
    # names given by the archivist take precedence over these.
    participants: tuple[Participant, ...] = ()

    @property
    def utterances(self) -> tuple[Utterance, ...]:
        """Return the utterances without the headings."""
        return tuple(item for item in self.items if isinstance(item, Utterance))


# --- the normalised episode -----------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    """A person who speaks in an episode, with their role there if known."""

    name: str
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's JSON shape."""
        return {"name": self.name, "role": self.role}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Participant:
        """Build from the contract's JSON shape."""
        return cls(name=data["name"], role=data.get("role"))


@dataclass(frozen=True)
class Section:
    """A titled topic section; `origin` says whether the source had it or it was inferred."""

    id: str
    title: str
    start_ms: int | None = None
    origin: str = "source"

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's JSON shape."""
        return {
            "id": self.id,
            "title": self.title,
            "start_ms": self.start_ms,
            "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Section:
        """Build from the contract's JSON shape."""
        return cls(
            id=data["id"],
            title=data["title"],
            start_ms=data.get("start_ms"),
            origin=data.get("origin", "source"),
        )


@dataclass(frozen=True)
class Passage:
    """The citable unit: a paragraph or a few cues of one speaker's turn."""

    id: str
    turn: int
    speaker: str | None
    section: str | None
    start_ms: int | None
    end_ms: int | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's JSON shape."""
        return {
            "id": self.id,
            "turn": self.turn,
            "speaker": self.speaker,
            "section": self.section,
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Passage:
        """Build from the contract's JSON shape."""
        return cls(
            id=data["id"],
            turn=data["turn"],
            speaker=data.get("speaker"),
            section=data.get("section"),
            start_ms=data.get("start_ms"),
            end_ms=data.get("end_ms"),
            text=data["text"],
        )


@dataclass(frozen=True)
class Turn:
    """Consecutive speech by one speaker: derived from the passages, never stored."""

    index: int
    speaker: str | None
    passages: tuple[Passage, ...]

    @property
    def start_ms(self) -> int | None:
        """Return when the turn starts, if the source is timed."""
        return self.passages[0].start_ms

    @property
    def end_ms(self) -> int | None:
        """Return when the turn ends, if the source is timed."""
        return self.passages[-1].end_ms

    @property
    def section(self) -> str | None:
        """Return the section the turn starts in."""
        return self.passages[0].section


@dataclass(frozen=True)
class Source:
    """The original file an episode was read from, kept byte for byte in the archive."""

    filename: str
    format: str
    sha256: str
    encoding: str | None = "utf-8"

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's JSON shape."""
        return {
            "filename": self.filename,
            "format": self.format,
            "sha256": self.sha256,
            "encoding": self.encoding,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        """Build from the contract's JSON shape."""
        return cls(
            filename=data["filename"],
            format=data["format"],
            sha256=data["sha256"],
            encoding=data.get("encoding"),
        )


@dataclass(frozen=True)
class Episode:
    """One interview or podcast episode, normalised: the record the archive keeps."""

    id: str
    title: str
    source: Source
    passages: tuple[Passage, ...]
    participants: tuple[Participant, ...] = ()
    sections: tuple[Section, ...] = ()
    show: str | None = None
    date: str | None = None
    url: str | None = None
    audio_url: str | None = None
    language: str | None = None
    revision: int = 1
    warnings: tuple[str, ...] = field(default=())

    def turns(self) -> tuple[Turn, ...]:
        """Group the passages into speaker turns, in order."""
        groups: list[list[Passage]] = []
        for passage in self.passages:
            if groups and groups[-1][0].turn == passage.turn:
                groups[-1].append(passage)
            else:
                groups.append([passage])
        return tuple(Turn(index=g[0].turn, speaker=g[0].speaker, passages=tuple(g)) for g in groups)

    def passage(self, passage_id: str) -> Passage | None:
        """Return the passage with this id, or None."""
        return next((p for p in self.passages if p.id == passage_id), None)

    def section(self, section_id: str | None) -> Section | None:
        """Return the section with this id, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def participant(self, name: str | None) -> Participant | None:
        """Return the participant with this name, or None."""
        return next((p for p in self.participants if p.name == name), None)

    @property
    def duration_ms(self) -> int | None:
        """Return the end of the last timed passage, if any passage is timed."""
        ends = [p.end_ms for p in self.passages if p.end_ms is not None]
        return max(ends) if ends else None

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's episode JSON."""
        return {
            "id": self.id,
            "title": self.title,
            "show": self.show,
            "date": self.date,
            "url": self.url,
            "audio_url": self.audio_url,
            "language": self.language,
            "revision": self.revision,
            "source": self.source.to_dict(),
            "participants": [p.to_dict() for p in self.participants],
            "sections": [s.to_dict() for s in self.sections],
            "passages": [p.to_dict() for p in self.passages],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Episode:
        """Build from the contract's episode JSON."""
        return cls(
            id=data["id"],
            title=data["title"],
            show=data.get("show"),
            date=data.get("date"),
            url=data.get("url"),
            audio_url=data.get("audio_url"),
            language=data.get("language"),
            revision=data.get("revision", 1),
            source=Source.from_dict(data["source"]),
            participants=tuple(Participant.from_dict(p) for p in data.get("participants", [])),
            sections=tuple(Section.from_dict(s) for s in data.get("sections", [])),
            passages=tuple(Passage.from_dict(p) for p in data["passages"]),
            warnings=tuple(data.get("warnings", [])),
        )
