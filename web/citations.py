"""Citations on the web: the citation panel, copy as quote, and their JSON twin.

Every citation here comes from `archive.research.cite`, the same functions `verbatim cite` calls;
the permalink's base is the URL the reader used to reach this app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, Flask, Response, abort, g, request, url_for

from archive.errors import PassageNotFoundError
from archive.research.citation import CitationData, citation_data, paragraph_numbers
from archive.research.cite import (
    QUOTE,
    STYLE_NAMES,
    STYLES,
    check_style,
    find_reference,
    format_citation,
    parse_reference,
)
from archive.research.cite_styles import RICH, Formatted, markdown, plain
from transcripts.model import Episode, Passage
from web.resources import get_archive

bp = Blueprint("citations", __name__)

# What a reference manager expects when it is handed a file, and the file's extension.
DOWNLOADS = {
    "bibtex": ("application/x-bibtex", "bib"),
    "ris": ("application/x-research-info-systems", "ris"),
    "csl-json": ("application/vnd.citationstyles.csl+json", "json"),
}


@dataclass(frozen=True)
class StyleView:
    """One style's citation as the panel shows it."""

    style: str
    name: str
    spans: Formatted
    rich: bool
    download: str | None = None

    @property
    def text(self) -> str:
        """Return the citation as plain text."""
        return plain(self.spans)


@dataclass(frozen=True)
class CitationPanel:
    """Every style's citation of one passage, and the passage as a quote to copy."""

    passage_id: str
    data: CitationData
    styles: tuple[StyleView, ...]
    quote: str


def _data(episode: Episode, passage: Passage) -> CitationData:
    """Gather a passage's citation data with this app's permalink and today's date."""
    # The episode page quotes every passage: number its paragraphs once per request.
    numbers = g.setdefault("paragraph_numbers", {})
    key = (episode.id, episode.revision)
    if key not in numbers:
        numbers[key] = paragraph_numbers(episode)
    return citation_data(
        episode,
        passage,
        permalink=url_for("pages.passage", passage_id=passage.id, _external=True),
        accessed=date.today(),
        paragraph=numbers[key].get(passage.id),
    )


def citation_panel(episode: Episode, passage: Passage) -> CitationPanel:
    """Build the permalink page's citation panel for a passage."""
    data = _data(episode, passage)
    styles = tuple(
        StyleView(
            style=style,
            name=STYLE_NAMES[style],
            spans=format_citation(data, style),
            rich=style in RICH,
            download=url_for(
                "citations.api_cite", passage_id=passage.id, style=style, format="file"
            )
            if style in DOWNLOADS
            else None,
        )
        for style in STYLES
    )
    return CitationPanel(
        passage_id=passage.id,
        data=data,
        styles=styles,
        quote=plain(format_citation(data, QUOTE)),
    )


def quote_text(episode: Episode, passage: Passage) -> str:
    """Return a passage as a quote to copy: words, speaker, episode, time, permalink."""
    return plain(format_citation(_data(episode, passage), QUOTE))


def typed_passage(query: str) -> str | None:
    """Return the id of the passage a search box entry names (`harbour-lights 6`), if it exists."""
    passage_id = parse_reference(query)
    if passage_id is None:
        return None
    try:
        get_archive().find_passage(passage_id)
    except PassageNotFoundError:
        # "night 6" may be a search for words, not a passage: search for it instead.
        return None
    return passage_id


@bp.get("/api/passages/<passage_id>/cite")
def api_cite(passage_id: str) -> Response | dict[str, Any]:
    """Return a passage's citations as JSON; `style` picks one, `format=file` downloads it."""
    style = request.args.get("style", "").strip().lower() or None
    kind = request.args.get("format", "json").strip().lower()
    if kind not in ("json", "text", "file"):
        abort(400, description=f"format must be json, text or file, not {kind!r}")
    if style is not None:
        check_style(style)
    elif kind != "json":
        abort(400, description=f"format={kind} needs a style, e.g. style=bibtex")
    episode, passage = find_reference(get_archive(), passage_id)
    data = _data(episode, passage)
    common = {
        "passage_id": passage.id,
        "permalink": data.permalink,
        "revision": data.revision,
        "accessed": data.accessed.iso(),
    }
    if style is None:
        citations = {s: _style_json(data, s) for s in STYLES}
        return {**common, "citations": citations, "quote": _style_json(data, QUOTE)["text"]}
    if kind == "json":
        return {**common, "style": style, **_style_json(data, style)}
    text = plain(format_citation(data, style))
    mimetype, extension = DOWNLOADS.get(style, ("text/plain", "txt"))
    response = Response(text, mimetype=mimetype if kind == "file" else "text/plain")
    if kind == "file":
        response.headers["Content-Disposition"] = f'attachment; filename="{passage.id}.{extension}"'
    return response


def _style_json(data: CitationData, style: str) -> dict[str, Any]:
    spans = format_citation(data, style)
    entry: dict[str, Any] = {"name": STYLE_NAMES.get(style, "Quote"), "text": plain(spans)}
    if style in RICH:
        entry["markdown"] = markdown(spans)
    return entry


def init_app(app: Flask) -> None:
    """Register the citation routes and the template helpers the panel and quotes use."""
    app.register_blueprint(bp)
    app.add_template_global(citation_panel, "citation_panel")
    app.add_template_global(quote_text, "quote_text")
