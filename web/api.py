"""The JSON twins of the pages, built from the same archive and search calls."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, request, url_for

from archive.errors import UnreadableRecordError
from web.export import csv_response, json_export
from web.openapi import description
from web.params import parse_search_args, run_search
from web.passages import passage_in_context, revision_arg, revision_dict
from web.resources import get_archive

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search() -> dict[str, Any]:
    """Return the contract's search JSON, each hit with an absolute `permalink` too."""
    params = parse_search_args(request.args, default_page_size=current_app.config["PAGE_SIZE"])
    data = run_search(params).to_dict()
    for hit in data["hits"]:
        # `url` stays the contract's path; `permalink` is the same page as a full URL.
        hit["permalink"] = url_for("pages.passage", passage_id=hit["passage_id"], _external=True)
    return data


@bp.get("/search/export")
def export() -> Response | dict[str, Any]:
    """Return a whole search (up to the export limit) as CSV or JSON rows, from `format`."""
    kind = request.args.get("format", "json").strip().lower()
    if kind not in ("csv", "json"):
        abort(400, description=f"format must be csv or json, not {kind!r}")
    params = parse_search_args(request.args, default_page_size=current_app.config["PAGE_SIZE"])
    return csv_response(params) if kind == "csv" else json_export(params)


@bp.get("/episodes")
def episodes() -> dict[str, Any]:
    """Return a summary of every readable episode, newest first, and the unreadable ones."""
    unreadable: list[UnreadableRecordError] = []
    episodes = get_archive().episodes(unreadable)
    listing: dict[str, Any] = {
        "episodes": [
            {
                "id": e.id,
                "title": e.title,
                "show": e.show,
                "date": e.date,
                "language": e.language,
                "passages": len(e.passages),
                "duration_ms": e.duration_ms,
                "participants": [p.to_dict() for p in e.participants],
                "url": url_for("pages.episode", episode_id=e.id),
                "api_url": url_for("api.episode", episode_id=e.id),
            }
            for e in episodes
        ]
    }
    if unreadable:
        # Records that cannot be read are left out of the list and named here, with what
        # is wrong (as `recovery` is added when it applies): `verbatim verify` says more.
        listing["unreadable"] = [{"path": d.path, "reason": d.reason} for d in unreadable]
    return listing


@bp.get("/episodes/<episode_id>")
def episode(episode_id: str) -> dict[str, Any]:
    """Return the contract's episode JSON (of revision `rev`, if given)."""
    return get_archive().episode_revision(episode_id, revision_arg(request.args)).to_dict()


@bp.get("/episodes/<episode_id>/revisions")
def revisions(episode_id: str) -> dict[str, Any]:
    """Return the episode's revision log, oldest first, each with its page's URL."""
    archive = get_archive()
    current = archive.get_episode(episode_id)
    return {
        "episode_id": episode_id,
        "current_revision": current.revision,
        "revisions": [revision_dict(episode_id, r) for r in archive.revisions(episode_id)],
    }


@bp.get("/passages/<passage_id>")
def passage(passage_id: str) -> dict[str, Any]:
    """Return one passage with its status, history, episode, context and citation."""
    return passage_in_context(
        passage_id,
        context=current_app.config["CONTEXT_PASSAGES"],
        revision=revision_arg(request.args),
    ).to_dict()


@bp.get("/openapi.json")
def openapi() -> dict[str, Any]:
    """Return the OpenAPI 3 description of this API."""
    return description(request.host_url.rstrip("/"))
