"""What a citation of one passage says, gathered once from its episode and passage.

Every style in `archive.research.cite_styles` formats the same `CitationData`, so they can never
disagree about who spoke, when, or where the passage lives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from transcripts.model import Episode, Passage
from transcripts.timecodes import format_clock

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# MLA 9 abbreviates months longer than four letters; May, June and July stay whole.
MLA_MONTHS = (
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Person:
    """A named participant, split into family and given names for the styles that invert."""

    name: str
    role: str | None = None

    @property
    def family(self) -> str | None:
        """Return the family name, or None for a one-word name (an organisation, a mononym)."""
        parts = self.name.split()
        # The last word is the family name: right for the names archivists type
        # ("Ada Okafor"); particles ("van der Berg") and suffixes are kept with the given name.
        return parts[-1] if len(parts) > 1 else None

    @property
    def given(self) -> str | None:
        """Return the given names, or None for a one-word name."""
        parts = self.name.split()
        return " ".join(parts[:-1]) if len(parts) > 1 else None

    def inverted(self) -> str:
        """Return `Family, Given` (or the name as it is when it has one word)."""
        return f"{self.family}, {self.given}" if self.family else self.name

    def initials(self) -> str:
        """Return APA's `Family, G. N.` form; hyphenated given names keep the hyphen."""
        if not self.family or not self.given:
            return self.name
        initials = " ".join(
            "-".join(f"{piece[0]}." for piece in word.split("-") if piece)
            for word in self.given.split()
        )
        return f"{self.family}, {initials}"


@dataclass(frozen=True)
class EpisodeDate:
    """An episode's date as far as it is known: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> EpisodeDate | None:
        """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything else is no date."""
        match = _PARTIAL_DATE.fullmatch((text or "").strip())
        if match is None:
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None and not 1 <= month <= 12:
            return cls(year)
        return cls(year, month, day if day and 1 <= day <= 31 else None)

    @classmethod
    def of(cls, day: date) -> EpisodeDate:
        """Return the full date of a `datetime.date`."""
        return cls(day.year, day.month, day.day)

    def parts(self) -> list[int]:
        """Return CSL's date-parts: as many of year, month and day as are known."""
        return [p for p in (self.year, self.month, self.day if self.month else None) if p]

    def apa(self) -> str:
        """Return `2024, March 5`."""
        text = str(self.year)
        if self.month:
            text += f", {MONTHS[self.month - 1]}"
            if self.day:
                text += f" {self.day}"
        return text

    def chicago(self) -> str:
        """Return `March 5, 2024`."""
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{MONTHS[self.month - 1]} {self.day}, {self.year}"

    def mla(self) -> str:
        """Return `5 Mar. 2024`."""
        if not self.month:
            return str(self.year)
        month = MLA_MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def iso(self) -> str:
        """Return `2024-03-05` (or `2024-03`, `2024`)."""
        return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(self.parts()))

    def ris(self) -> str:
        """Return RIS's `2024/03/05` (or `2024/03`, `2024`)."""
        return self.iso().replace("-", "/")


@dataclass(frozen=True)
class CitationData:
    """Everything any style needs to cite one passage."""

    passage_id: str
    text: str
    speaker: Person | None
    hosts: tuple[Person, ...]
    title: str
    show: str | None
    date: EpisodeDate | None
    raw_date: str | None
    start_ms: int | None
    end_ms: int | None
    paragraph: int
    permalink: str
    revision: int
    accessed: EpisodeDate

    @property
    def is_interview(self) -> bool:
        """Return True when someone other than a host is speaking to the hosts."""
        return self.speaker is not None and self.speaker.role != "host" and bool(self.hosts)

    @property
    def co_hosts(self) -> tuple[Person, ...]:
        """Return the hosts other than the speaker."""
        name = self.speaker.name if self.speaker else None
        return tuple(host for host in self.hosts if host.name != name)

    @property
    def locator(self) -> str:
        """Return where the passage is: `12:34–13:10`, `12:34`, or `para. 14` when untimed."""
        if self.start_ms is None:
            return f"para. {self.paragraph}"
        start, end = format_clock(self.start_ms), format_clock(self.end_ms)
        # A passage shorter than a second would read "0:03–0:03": give the start alone.
        return start if end in ("", start) else f"{start}–{end}"


def paragraph_numbers(episode: Episode) -> dict[str, int]:
    """Return each passage's paragraph number in the episode, counting from 1."""
    return {p.id: n for n, p in enumerate(episode.passages, start=1)}


def citation_data(
    episode: Episode,
    passage: Passage,
    *,
    permalink: str,
    accessed: date,
    paragraph: int | None = None,
) -> CitationData:
    """Gather what a citation of `passage` says: the speaker is the author, hosts host.

    Pass `paragraph` (from `paragraph_numbers`) when citing many passages of one episode.
    """
    participant = episode.participant(passage.speaker)
    speaker = None
    if passage.speaker:
        speaker = Person(passage.speaker, participant.role if participant else None)
    if paragraph is None:
        # A passage shown from another revision than `episode` falls back on its id's number.
        suffix = passage.id.rpartition(".")[2]
        paragraph = paragraph_numbers(episode).get(
            passage.id, int(suffix) if suffix.isdigit() else 0
        )
    return CitationData(
        passage_id=passage.id,
        text=passage.text,
        speaker=speaker,
        hosts=tuple(Person(p.name, p.role) for p in episode.participants if p.role == "host"),
        title=episode.title,
        show=episode.show,
        date=EpisodeDate.parse(episode.date),
        raw_date=episode.date,
        start_ms=passage.start_ms,
        end_ms=passage.end_ms,
        paragraph=paragraph,
        permalink=permalink,
        revision=episode.revision,
        accessed=EpisodeDate.of(accessed),
    )
