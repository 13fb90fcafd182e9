"""Speakers as people: the list, one person's page with their passages, and speaker links.

The pages and their JSON twins call the same archive functions; the registry is read
once per request, and the web app never writes it.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from archive.research.speakers import Speaker, SpeakerNotFoundError, get_speaker, list_speakers
from archive.search.results import SearchResults
from archive.store.registry import Registry, load_registry
from web.resources import get_archive, get_search

bp = Blueprint("speakers", __name__)


def registry() -> Registry:
    """Return the archive's speaker registry, read once per request."""
    if "speaker_registry" not in g:
        g.speaker_registry = load_registry(get_archive())
    return g.speaker_registry


@bp.app_template_global()
def speaker_link(name: str | None) -> Markup:
    """Return a speaker's canonical name linked to their page, and the name as written."""
    if not name:
        return Markup('<span class="speaker">Unknown speaker</span>')
    who = registry().resolve(name)
    link = Markup('<a class="speaker" href="{}">{}</a>').format(
        url_for("speakers.speaker", person_id=who.id), who.name
    )
    if who.differs:
        link += Markup(' <span class="as-written">{} (as written)</span>').format(who.as_written)
    return link


def _find(person_id: str) -> Speaker:
    try:
        # An unreadable record is left out here; every page's notice names it.
        return get_speaker(get_archive(), person_id, [])
    except SpeakerNotFoundError as exc:
        abort(404, description=str(exc))


def _page_arg() -> int:
    raw = request.args.get("page", "1").strip() or "1"
    if not raw.isdigit() or int(raw) < 1:
        abort(400, description=f"page must be a whole number from 1, not {raw!r}")
    return int(raw)


def _passages(speaker: Speaker, query: str, page: int) -> SearchResults:
    """Return one page of a person's passages, matching `query` if one is given."""
    # With no words, every passage of theirs, in episode date order, then reading order.
    return get_search().search(
        query,
        person=speaker.id,
        sort="relevance" if query else "newest",
        page=page,
        page_size=current_app.config["PAGE_SIZE"],
        suggest=False,
    )


@bp.get("/speakers")
def index() -> str:
    """List every person who speaks in the archive, with counts."""
    return render_template("speakers.html", speakers=list_speakers(get_archive(), []))


@bp.get("/speakers/<person_id>")
def speaker(person_id: str) -> str | Response:
    """Show one person: names, roles per episode, and their passages, searchable."""
    found = _find(person_id)
    if found.id != person_id:
        # An id merged into another person's: send old links to where they live now.
        return redirect(url_for("speakers.speaker", person_id=found.id, **request.args), 301)
    query = request.args.get("q", "").strip()
    results = _passages(found, query, _page_arg())
    return render_template("speaker.html", speaker=found, results=results, query=query)


@bp.get("/api/speakers")
def api_index() -> dict[str, Any]:
    """Return every person with counts, as the speakers page lists them."""
    return {
        "speakers": [
            {**s.to_dict(), "url": url_for("speakers.speaker", person_id=s.id)}
            for s in list_speakers(get_archive(), [])
        ]
    }


@bp.get("/api/speakers/<person_id>")
def api_speaker(person_id: str) -> dict[str, Any] | Response:
    """Return one person with appearances, history and a page of their passages."""
    found = _find(person_id)
    if found.id != person_id:
        return redirect(url_for("speakers.api_speaker", person_id=found.id, **request.args), 301)
    query = request.args.get("q", "").strip()
    return {
        **found.to_dict(detail=True),
        "url": url_for("speakers.speaker", person_id=found.id),
        "passages_found": _passages(found, query, _page_arg()).to_dict(),
    }
