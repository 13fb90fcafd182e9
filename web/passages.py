"""Passages as readers meet them: an episode's outline, a passage in context, its citation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask import url_for

from archive.results import Hit
from archive.search import search_episode
from transcripts.model import Episode, Passage, Section
from web.filters import time_range
from web.resources import get_archive, get_search


@dataclass(frozen=True)
class TurnView:
    """One speaker's consecutive passages within one section."""

    speaker: str | None
    role: str | None
    passages: tuple[Passage, ...]

    @property
    def start_ms(self) -> int | None:
        """Return when this stretch of speech starts, if timed."""
        return self.passages[0].start_ms


@dataclass(frozen=True)
class SectionView:
    """A section heading (None before the first titled section) and its turns."""

    section: Section | None
    turns: tuple[TurnView, ...]
    # False when the section came back after another one: its id is anchored only once.
    first: bool = True


def episode_outline(episode: Episode) -> tuple[SectionView, ...]:
    """Group an episode's passages by section, then by speaker turn, in order."""
    blocks: list[tuple[str | None, list[list[Passage]]]] = []
    for passage in episode.passages:
        # A turn that crosses a section boundary is split, so every heading sits
        # between turns and each part still names its speaker.
        if not blocks or blocks[-1][0] != passage.section:
            blocks.append((passage.section, [[passage]]))
        elif blocks[-1][1][-1][0].turn != passage.turn:
            blocks[-1][1].append([passage])
        else:
            blocks[-1][1][-1].append(passage)
    views: list[SectionView] = []
    seen: set[str | None] = set()
    for section_id, groups in blocks:
        views.append(
            SectionView(
                section=episode.section(section_id),
                turns=tuple(_turn_view(episode, group) for group in groups),
                first=section_id not in seen,
            )
        )
        seen.add(section_id)
    return tuple(views)


def _turn_view(episode: Episode, passages: list[Passage]) -> TurnView:
    """Build a turn view, with the speaker's role in this episode."""
    speaker = passages[0].speaker
    participant = episode.participant(speaker)
    return TurnView(speaker, participant.role if participant else None, tuple(passages))


@dataclass(frozen=True)
class PassageInContext:
    """A passage with its episode, the passages around it and how to cite it."""

    episode: Episode
    passage: Passage
    section: Section | None
    before: tuple[Passage, ...]
    after: tuple[Passage, ...]
    permalink: str
    citation: str

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON twin of the permalink page."""
        episode = self.episode
        participant = episode.participant(self.passage.speaker)
        return {
            "passage": self.passage.to_dict(),
            "speaker_role": participant.role if participant else None,
            "section_title": self.section.title if self.section else None,
            "episode": {
                "id": episode.id,
                "title": episode.title,
                "show": episode.show,
                "date": episode.date,
                "url": url_for("pages.episode", episode_id=episode.id),
            },
            "url": url_for("pages.passage", passage_id=self.passage.id),
            "permalink": self.permalink,
            "in_context": url_for(
                "pages.episode", episode_id=episode.id, _anchor=self.passage.id, _external=True
            ),
            "citation": self.citation,
            "context": {
                "before": [p.to_dict() for p in self.before],
                "after": [p.to_dict() for p in self.after],
            },
        }


def passage_in_context(passage_id: str, *, context: int) -> PassageInContext:
    """Find a passage in the archive with `context` passages either side of it."""
    episode, passage = get_archive().find_passage(passage_id)
    index = next(i for i, p in enumerate(episode.passages) if p.id == passage.id)
    permalink = url_for("pages.passage", passage_id=passage.id, _external=True)
    return PassageInContext(
        episode=episode,
        passage=passage,
        section=episode.section(passage.section),
        before=episode.passages[max(0, index - context) : index],
        after=episode.passages[index + 1 : index + 1 + context],
        permalink=permalink,
        citation=plain_citation(episode, passage, permalink),
    )


def plain_citation(episode: Episode, passage: Passage, permalink: str) -> str:
    """Return a one-paragraph plain-text citation for a passage."""
    speaker = passage.speaker or "Unknown speaker"
    where = ", ".join(
        part
        for part in (
            f'in "{episode.title}"',
            episode.show,
            episode.date,
            time_range(passage.start_ms, passage.end_ms),
        )
        if part
    )
    return f"{speaker}, {where}. Verbatim passage {passage.id}. {permalink}"


@dataclass(frozen=True)
class FindView:
    """Find-in-transcript: one query's hits in one episode, in reading order."""

    query: str
    hits: tuple[Hit, ...]
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """Return how many passages match."""
        return len(self.hits)

    def highlight(self, passage_id: str) -> str | None:
        """Return a matching passage's highlighted (escaped) text, or None."""
        return self._by_id.get(passage_id, (None, None, None))[0]

    def neighbours(self, passage_id: str) -> tuple[str | None, str | None]:
        """Return the ids of the matches before and after a matching passage."""
        _, before, after = self._by_id.get(passage_id, (None, None, None))
        return before, after

    def position(self, passage_id: str) -> int:
        """Return a match's place in the list, counting from 1."""
        return self._order.index(passage_id) + 1

    @cached_property
    def _order(self) -> list[str]:
        return [hit.passage_id for hit in self.hits]

    @cached_property
    def _by_id(self) -> dict[str, tuple[str, str | None, str | None]]:
        ids = self._order
        return {
            hit.passage_id: (
                hit.highlight,
                ids[i - 1] if i else None,
                ids[i + 1] if i + 1 < len(ids) else None,
            )
            for i, hit in enumerate(self.hits)
        }


def find_in_episode(episode: Episode, query: str) -> FindView:
    """Search one episode for `query` and return its hits in passage order."""
    results = search_episode(get_search(), episode.id, query)
    order = {p.id: n for n, p in enumerate(episode.passages)}
    # Passage order is the engine's promise; sorting again costs nothing and keeps the
    # previous/next links right even if a passage is missing from the stored episode.
    hits = sorted(results.hits, key=lambda hit: order.get(hit.passage_id, len(order)))
    return FindView(query=query, hits=tuple(hits), notes=tuple(results.notes))
