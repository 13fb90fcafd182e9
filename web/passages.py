"""Passages as readers meet them: an episode's outline, a passage in context, its citation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask import abort, current_app, request, url_for

from archive.research.cite import cite
from archive.search.results import Hit
from archive.search.run import search_episode
from archive.store.folder import RevisionInfo
from archive.store.history import PassageRecord
from transcripts.idmatch import WordChange
from transcripts.model import Episode, Passage, Section
from transcripts.stage_directions import stage_spans
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
    """A passage with its episode, the passages around it, its history and how to cite it.

    `episode` is the revision shown: the current one, or the one asked for with `?rev=N`.
    For a removed passage, `episode` is the last revision that had it, `passage` its text
    there, and `before`/`after` the current passages around where it stood.
    """

    episode: Episode
    passage: Passage
    section: Section | None
    before: tuple[Passage, ...]
    after: tuple[Passage, ...]
    permalink: str
    citation: str
    record: PassageRecord | None = None
    # The revision asked for with `?rev=N`; None shows the passage as it reads now.
    shown_revision: int | None = None
    revisions: tuple[RevisionInfo, ...] = ()

    @property
    def status(self) -> str:
        """Return "live", "corrected" or "removed" against the cited revision."""
        return self.record.status if self.record else "live"

    @property
    def diff(self) -> tuple[WordChange, ...]:
        """Return the word diff from the cited text to the current one."""
        return self.record.diff() if self.record else ()

    @property
    def current_revision(self) -> int:
        """Return the number of the episode's current revision."""
        return self.record.episode.revision if self.record else self.episode.revision

    def revision_date(self, number: int) -> str | None:
        """Return when a revision was made (UTC ISO), if logged."""
        return next((r.date for r in self.revisions if r.revision == number), None)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON twin of the permalink page."""
        episode = self.episode
        participant = episode.participant(self.passage.speaker)
        record = self.record
        data: dict[str, Any] = {
            "passage": self.passage.to_dict(),
            # [start, end) code-point offsets into the passage's text of each `[laughs]`.
            "stage_directions": [list(span) for span in stage_spans(self.passage.text)],
            "status": self.status,
            "revision": episode.revision,
            "current_revision": self.current_revision,
            "cited_revision": record.cited_revision if record else episode.revision,
            "first_revision": record.first_revision if record else episode.revision,
            "last_revision": record.last_revision if record else episode.revision,
            "cited_text": record.cited.text if record else self.passage.text,
            "current": record.current.to_dict() if record and record.current else None,
            "diff": [change.to_dict() for change in self.diff],
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
            "revisions": [revision_dict(episode.id, info) for info in self.revisions],
        }
        shown = self.shown_revision
        if shown is None and record is not None and record.current is None:
            shown = record.last_revision  # a removed passage is in context where it last was
        if shown is not None:
            data["in_context"] = url_for(
                "pages.episode",
                episode_id=episode.id,
                rev=shown,
                _anchor=self.passage.id,
                _external=True,
            )
        return data


def revision_arg(args: Mapping[str, str]) -> int | None:
    """Return the `rev` query argument as a revision number, or None when absent."""
    value = args.get("rev", "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        abort(400, description=f"rev must be a revision number (1, 2, ...), not {value!r}")
    return int(value)


def revision_dict(episode_id: str, info: RevisionInfo) -> dict[str, Any]:
    """Return one revision log entry as JSON, with the link to that revision's page."""
    return {
        **info.to_dict(),
        "url": url_for("pages.episode", episode_id=episode_id, rev=info.revision),
    }


def passage_in_context(
    passage_id: str, *, context: int, revision: int | None = None
) -> PassageInContext:
    """Find any passage id ever issued, with `context` passages either side of it.

    With `revision`, show the passage as it was in that revision of its episode.
    """
    archive = get_archive()
    record = archive.resolve_passage(passage_id, revision=revision)
    permalink = url_for("pages.passage", passage_id=passage_id, _external=True)
    revisions = tuple(archive.revisions(record.episode.id))
    if revision is not None:
        episode = archive.episode_revision(record.episode.id, revision)
        passage = record.cited
        before, after = _around(episode, passage.id, context)
    elif record.current is None:
        # The revision it was last in, so that its speaker, section and citation resolve;
        # the context around it is the current revision's.
        episode = archive.episode_revision(record.episode.id, record.last_revision)
        passage, before, after = record.last, record.before, record.after
    else:
        episode, passage = record.episode, record.current
        before, after = _around(episode, passage.id, context)
    return PassageInContext(
        episode=episode,
        passage=passage,
        section=episode.section(passage.section),
        before=before,
        after=after,
        permalink=permalink,
        # The same citation `verbatim cite` prints, for the revision this page shows.
        citation=cite(archive, passage_id, "apa", base_url=request.host_url),
        record=record,
        shown_revision=revision,
        revisions=revisions,
    )


def _around(
    episode: Episode, passage_id: str, context: int
) -> tuple[tuple[Passage, ...], tuple[Passage, ...]]:
    """Return the `context` passages before and after a passage of this episode."""
    index = next(i for i, p in enumerate(episode.passages) if p.id == passage_id)
    return (
        episode.passages[max(0, index - context) : index],
        episode.passages[index + 1 : index + 1 + context],
    )


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
    budget = current_app.config["SEARCH_TIME_BUDGET_S"]
    results = search_episode(get_search(), episode.id, query, budget)
    order = {p.id: n for n, p in enumerate(episode.passages)}
    # Passage order is the engine's promise; sorting again costs nothing and keeps the
    # previous/next links right even if a passage is missing from the stored episode.
    hits = sorted(results.hits, key=lambda hit: order.get(hit.passage_id, len(order)))
    return FindView(query=query, hits=tuple(hits), notes=tuple(results.notes))
