"""Search results as dataclasses: a hit per passage, and a page of them with its facets."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archive.engines.base import QueryTerms
from archive.search.highlight import highlight
from transcripts.stage_directions import stage_spans


@dataclass(frozen=True)
class Hit:
    """One matching passage with where it comes from and its highlighted text."""

    passage_id: str
    episode_id: str
    episode_title: str
    show: str | None
    date: str | None
    speaker: str | None
    section: str | None
    section_id: str | None
    start_ms: int | None
    end_ms: int | None
    text: str
    highlight: str
    score: float
    url: str
    audio_url: str | None = None
    # How many passages of this hit's episode match the query (this one included).
    episode_matches: int = 1
    # `speaker` is the registry's canonical name; this is how the source wrote it.
    speaker_as_written: str | None = None
    # The person's id in the speaker registry: their page is /speakers/<id>.
    speaker_id: str | None = None

    @property
    def episode_url(self) -> str:
        """Return the link to this passage in its episode's transcript."""
        return f"/episodes/{self.episode_id}#{self.passage_id}"

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's hit JSON, with the extras."""
        return {
            "passage_id": self.passage_id,
            "episode_id": self.episode_id,
            "episode_title": self.episode_title,
            "show": self.show,
            "date": self.date,
            "speaker": self.speaker,
            "section": self.section,
            "section_id": self.section_id,
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
            "text": self.text,
            "highlight": self.highlight,
            # [start, end) code-point offsets into `text` of each "[laughs]": not spoken.
            "stage_directions": [list(span) for span in stage_spans(self.text)],
            "score": round(self.score, 4),
            "url": self.url,
            "episode_url": self.episode_url,
            "audio_url": self.audio_url,
            "episode_matches": self.episode_matches,
            "speaker_as_written": self.speaker_as_written,
            "speaker_id": self.speaker_id,
        }


@dataclass(frozen=True)
class SearchResults:
    """One page of hits, the total, notes about how the query was read, and facets."""

    query: str
    total: int
    page: int
    page_size: int
    hits: tuple[Hit, ...] = ()
    notes: tuple[str, ...] = ()
    # {"speaker": [{"value": "Ada", "count": 3}, ...], "show": [...], "year": [...]},
    # biggest first, counted over the whole result set.
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sort: str = "relevance"
    # When collapsed, `total` counts episodes and each hit is its episode's best.
    collapse: bool = False
    # Matching passages per episode, for the episodes of the hits on this page.
    episode_counts: dict[str, int] = field(default_factory=dict)
    # All matching passages, before collapsing (equals `total` when not collapsed).
    passages: int = 0
    # "Did you mean": the whole query with rare words corrected, if that finds more.
    suggestion: str | None = None

    @property
    def pages(self) -> int:
        """Return how many pages the whole result set fills."""
        return max(1, -(-self.total // self.page_size))

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's search JSON, with the extras."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "pages": self.pages,
            "hits": [hit.to_dict() for hit in self.hits],
            "notes": list(self.notes),
            "facets": self.facets,
            "sort": self.sort,
            "collapse": self.collapse,
            "episode_counts": self.episode_counts,
            "passages": self.passages,
            "suggestion": self.suggestion,
        }


def permalink(passage_id: str) -> str:
    """Return a passage's permalink path, as the site serves it (`/p/<id>`)."""
    return f"/p/{passage_id}"


def passage_source(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Return where a stored passage comes from: ids, episode title, show, date, who, when."""
    return {
        "passage_id": stored["passage_id"],
        "episode_id": stored["episode_id"],
        # An episode without a title is shown by its id rather than as a blank.
        "episode_title": stored.get("episode_title") or stored["episode_id"],
        "show": stored.get("show_name"),
        "date": stored.get("date_str"),
        "speaker": stored.get("speaker_name"),
        "start_ms": stored.get("start_ms"),
        "end_ms": stored.get("end_ms"),
    }


def make_hit(
    stored: Mapping[str, Any], score: float, terms: QueryTerms | None, matches: int = 1
) -> Hit:
    """Build one hit from a passage's stored fields; highlight it if `terms` are given."""
    text = stored.get("text", "")
    return Hit(
        **passage_source(stored),
        section=stored.get("section_title"),
        section_id=stored.get("section_id"),
        text=text,
        highlight=highlight(text, terms) if terms is not None else html.escape(text),
        score=score,
        url=permalink(stored["passage_id"]),
        audio_url=stored.get("audio_url"),
        episode_matches=matches,
        # Documents indexed before the registry existed store only the name as written.
        speaker_as_written=stored.get("speaker_written", stored.get("speaker_name")),
        speaker_id=stored.get("speaker_id"),
    )
