"""Cite a passage in APA, Chicago, MLA, BibTeX, RIS or CSL-JSON, or copy it as a quote.

`cite(archive, "harbour-lights 6", "apa", base_url=...)` is what the command line and the
web app both call. References are what people type: `harbour-lights.6`, `harbour-lights 6`,
`harbour-lights#6`, `harbour-lights:6`, or a permalink URL; `parse_reference` turns any of
them into a passage id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from urllib.parse import unquote, urlsplit

from archive.errors import PassageNotFoundError, QueryError
from archive.research.citation import CitationData, citation_data
from archive.research.cite_styles import RAW, RICH, Formatted, Span, markdown, plain
from archive.store.folder import Archive
from transcripts.model import Episode, Passage

__all__ = [
    "DEFAULT_BASE_URL",
    "QUOTE",
    "STYLES",
    "CitationData",
    "Formatted",
    "Span",
    "UnknownStyleError",
    "check_style",
    "find_reference",
    "cite",
    "citation_for",
    "format_citation",
    "parse_reference",
    "permalink",
]

STYLES = ("apa", "chicago", "mla", "bibtex", "ris", "csl-json")
STYLE_NAMES: Mapping[str, str] = {
    "apa": "APA 7",
    "chicago": "Chicago 17",
    "mla": "MLA 9",
    "bibtex": "BibTeX",
    "ris": "RIS",
    "csl-json": "CSL-JSON",
}
# Not a citation style, but the same data: the words, who said them, where, and the link.
QUOTE = "quote"
DEFAULT_BASE_URL = "http://127.0.0.1:5000"

_EPISODE = r"[a-z0-9][a-z0-9-]{0,79}"
# An episode id, then a separator people type between it and the passage number:
# `.` (the real id), `#` or `:` (anchor habits), `¶`, or just a space.
_TYPED = re.compile(rf"(?P<episode>{_EPISODE})\s*(?:[.#:¶]|\s)\s*(?P<n>\d{{1,6}})", re.IGNORECASE)
_PASSAGE_ID = re.compile(rf"(?P<episode>{_EPISODE})\.(?P<n>\d{{1,6}})")


class UnknownStyleError(QueryError):
    """A citation style that Verbatim does not write."""


def parse_reference(text: str) -> str | None:
    """Return the passage id a typed reference or permalink URL names, or None if none."""
    text = text.strip()
    if "/" in text:
        return _from_url(text)
    match = _TYPED.fullmatch(text)
    if match is None:
        return None
    # "harbour-lights 06" is passage 6: ids never pad their numbers.
    return f"{match['episode'].lower()}.{int(match['n'])}"


def _from_url(text: str) -> str | None:
    """Read `/p/<id>` permalinks and `/episodes/<id>#<passage id>` in-context links."""
    parts = urlsplit(text if "://" in text or text.startswith("/") else f"//{text}")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    candidate = None
    if len(segments) >= 2 and segments[-2] == "p":
        candidate = segments[-1]
    elif len(segments) >= 2 and segments[-2] == "episodes" and parts.fragment:
        candidate = unquote(parts.fragment)
    match = _PASSAGE_ID.fullmatch(candidate or "")
    return f"{match['episode'].lower()}.{int(match['n'])}" if match else None


def find_reference(archive: Archive, reference: str) -> tuple[Episode, Passage]:
    """Return the episode revision and passage a reference names, else PassageNotFoundError."""
    passage_id = parse_reference(reference)
    if passage_id is None:
        raise PassageNotFoundError(
            f"{reference!r} is not a passage reference; give a passage id such as "
            "harbour-lights.6 (also 'harbour-lights 6' or its permalink URL)"
        )
    try:
        # Every id ever issued resolves, as on its permalink page: a corrected passage is
        # cited as it reads now, a removed one as it last read, in that revision.
        record = archive.resolve_passage(passage_id)
    except PassageNotFoundError:
        raise PassageNotFoundError(
            f"no passage {passage_id!r} in the archive; "
            "find its id with `verbatim search` or on the episode page"
        ) from None
    if record.current is not None:
        return record.episode, record.current
    return archive.episode_revision(record.episode.id, record.last_revision), record.last


def permalink(base_url: str, passage_id: str) -> str:
    """Return the passage's permalink under `base_url` (the web app's `/p/<id>`)."""
    return f"{base_url.rstrip('/')}/p/{passage_id}"


def citation_for(
    archive: Archive, reference: str, *, base_url: str, accessed: date | None = None
) -> CitationData:
    """Gather the citation data for the passage a reference names."""
    episode, passage = find_reference(archive, reference)
    return citation_data(
        episode,
        passage,
        permalink=permalink(base_url, passage.id),
        accessed=accessed or date.today(),
    )


def check_style(style: str) -> str:
    """Return the style if Verbatim writes it (or it is `quote`), else raise UnknownStyleError."""
    if style in RICH or style in RAW:
        return style
    choices = ", ".join((*STYLES, QUOTE))
    raise UnknownStyleError(f"unknown citation style {style!r}; choose one of {choices}")


def format_citation(data: CitationData, style: str) -> Formatted:
    """Format citation data in a style (or as a quote) as spans; raise UnknownStyleError."""
    check_style(style)
    if style in RICH:
        return RICH[style](data)
    return (Span(RAW[style](data)),)


def cite(
    archive: Archive,
    passage_ref: str,
    style: str,
    *,
    accessed: date | None = None,
    base_url: str = DEFAULT_BASE_URL,
    italics: bool = False,
) -> str:
    """Return a citation of a passage as text; with `italics`, the show as `*Show*`."""
    check_style(style)  # before the lookup, so a typo is reported as a typo
    data = citation_for(archive, passage_ref, base_url=base_url, accessed=accessed)
    spans = format_citation(data, style)
    return markdown(spans) if italics else plain(spans)
