"""The OpenAPI 3 description of the JSON API, served at /api/openapi.json.

Written by hand, route by route, beside the code it describes; tests/test_openapi.py
fails when a JSON route in the app is not described here, or a description names a route
the app does not have.
"""

from __future__ import annotations

from typing import Any

from archive.search.facets import SORTS
from web.citations import DOWNLOADS
from web.params import _FALSE, _TRUE, MAX_PAGE, MAX_PAGE_SIZE, MAX_Q_CHARS
from web.quote import MAX_WEB_LIMIT

ERROR = {"$ref": "#/components/responses/Error"}
OBJECT = {"type": "object"}


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _path(name: str, description: str, example: str) -> dict[str, Any]:
    # The examples are ids in the demo archive, so that `make schemathesis` reaches past 404.
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string", "example": example},
    }


_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
_SEARCH = [
    _query(
        "q",
        "The query, in the search box's language (see /help).",
        {"type": "string", "maxLength": MAX_Q_CHARS},
    ),
    _query("speaker", "Only this speaker's passages."),
    _query("show", "Only this show's episodes."),
    _query("episode", "Only this episode."),
    _query("section", "Only this section."),
    _query("from", "Earliest date, YYYY, YYYY-MM or YYYY-MM-DD.", _DATE),
    _query("to", "Latest date, YYYY, YYYY-MM or YYYY-MM-DD.", _DATE),
    _query("sort", "Order of hits.", {"type": "string", "enum": list(SORTS)}),
    _query(
        "collapse",
        "1 for one hit per episode.",
        {"type": "string", "enum": sorted(_TRUE | _FALSE)},
    ),
    _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    _query(
        "page_size", "Hits per page.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
    ),
]
_REV = _query(
    "rev", "A revision number instead of the current one.", {"type": "integer", "minimum": 1}
)
_EPISODE = _path("episode_id", "The episode's id, as `verbatim list` shows it.", "harbour-lights")
_PASSAGE = _path("passage_id", "A passage id such as `harbour-lights.6`.", "harbour-lights.6")


def _get(
    summary: str,
    parameters: list[dict[str, Any]],
    *,
    errors: tuple[str, ...],
    also: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Describe a GET operation: JSON (or the `also` media types) on 200, the envelope else."""
    content: dict[str, Any] = {"application/json": {"schema": OBJECT}}
    content.update({kind: {"schema": {"type": "string"}} for kind in also})
    responses: dict[str, Any] = {"200": {"description": "The document.", "content": content}}
    responses.update({status: ERROR for status in errors})
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


PATHS: dict[str, dict[str, Any]] = {
    "/api/search": _get("Search passages.", _SEARCH, errors=("400",)),
    "/api/search/export": _get(
        "Download a whole search as CSV or JSON rows.",
        [*_SEARCH, _query("format", "csv or json.", {"type": "string", "enum": ["csv", "json"]})],
        errors=("400",),
        also=("text/csv",),
    ),
    "/api/episodes": _get("List every episode, newest first.", [], errors=()),
    "/api/episodes/{episode_id}": _get(
        "One episode's record.", [_EPISODE, _REV], errors=("400", "404")
    ),
    "/api/episodes/{episode_id}/revisions": _get(
        "An episode's revision log.", [_EPISODE], errors=("404",)
    ),
    "/api/passages/{passage_id}": _get(
        "One passage in context, with its history and citation.",
        [_PASSAGE, _REV],
        errors=("400", "404"),
    ),
    "/api/passages/{passage_id}/cite": _get(
        "A passage's citations in every style, or one.",
        [
            _PASSAGE,
            _query("style", "apa, chicago, mla, bibtex, ris, csl-json or quote."),
            _query(
                "format",
                "json, or text or file with a style.",
                {"type": "string", "enum": ["json", "text", "file"]},
            ),
        ],
        errors=("400", "404"),
        also=("text/plain", *sorted({mimetype for mimetype, _ in DOWNLOADS.values()})),
    ),
    "/api/quote": _get(
        "The passages a quote came from, closest first, with a word diff.",
        [
            {
                **_query("text", "The quote as printed or remembered."),
                "required": True,
                "schema": {"type": "string", "pattern": "\\S"},
            },
            _query(
                "limit",
                "How many matches.",
                {"type": "integer", "minimum": 1, "maximum": MAX_WEB_LIMIT},
            ),
            _query("speaker", "Only this speaker's passages."),
            _query("show", "Only this show's episodes."),
        ],
        errors=("400",),
    ),
    "/api/speakers": _get(
        "Every person in the archive.", [_query("q", "Only people whose names match.")], errors=()
    ),
    "/api/speakers/{person_id}": _get(
        "One person: names, roles, episodes and passages.",
        [
            _path("person_id", "The person's id, as /api/speakers lists it.", "dana-whitlock"),
            _query("q", "Only their passages that match."),
            _query("page", "Page of passages, from 1.", {"type": "integer", "minimum": 1}),
        ],
        errors=("400", "404"),
    ),
    "/api/openapi.json": _get("This description.", [], errors=()),
}


def description(server_url: str) -> dict[str, Any]:
    """Return the OpenAPI 3 document for the API served at `server_url`."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Verbatim",
            "version": "1",
            "description": "Search a transcript archive down to the exact quote. Every error "
            'is `{"ok": false, "error": ..., "status": ...}`.',
        },
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {
            "responses": {
                "Error": {
                    "description": "The request could not be answered; `error` says why.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["ok", "error", "status"],
                                "properties": {
                                    "ok": {"type": "boolean", "enum": [False]},
                                    "error": {"type": "string"},
                                    "status": {"type": "integer"},
                                },
                            }
                        }
                    },
                }
            }
        },
    }
