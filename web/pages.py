"""The HTML pages: search, help, episodes, one episode (with find), one passage's permalink."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

import web.help as query_help
from archive.errors import UnreadableRecordError
from web.citations import typed_passage
from web.export import EXPORT_LIMIT
from web.params import active_filters, facet_groups, parse_search_args, run_search
from web.passages import episode_outline, find_in_episode, passage_in_context, revision_arg
from web.resources import get_archive, get_overview

bp = Blueprint("pages", __name__)

# The empty search page shows one query of each kind people can type.
EXAMPLE_QUERIES = ("germinate", '"it was the first time"', "night train", "seeds NOT chilli")
# Facet values shown per field; the rest are one click away through the filters.
FACET_LIMIT = 8


@bp.get("/")
def search() -> str | Response:
    """Show the search form and results; a typed passage reference jumps to that passage."""
    # "harbour-lights 6" or a pasted permalink names one passage: go there, don't search.
    passage_id = typed_passage(request.args.get("q", ""))
    if passage_id is not None:
        return redirect(url_for("pages.passage", passage_id=passage_id))
    params = parse_search_args(request.args, default_page_size=current_app.config["PAGE_SIZE"])
    overview = get_overview()
    results = None if params.is_empty else run_search(params)
    return render_template(
        "search.html",
        params=params,
        results=results,
        chips=active_filters(params),
        facets=facet_groups(params, results.facets, limit=FACET_LIMIT) if results else [],
        export_limit=EXPORT_LIMIT,
        speakers=overview.speakers,
        shows=overview.shows,
        examples=EXAMPLE_QUERIES,
        recent=overview.recent,
        episode_count=overview.count,
    )


@bp.get("/help")
def help_page() -> str:
    """Explain the query language with examples that run when followed."""
    return render_template("help.html", topics=query_help.TOPICS, tips=query_help.TIPS)


@bp.get("/episodes")
def episodes() -> str:
    """List every episode, newest first."""
    unreadable: list[UnreadableRecordError] = []
    episodes = get_archive().episodes(unreadable)
    return render_template("episodes.html", episodes=episodes, unreadable=unreadable)


@bp.get("/episodes/<episode_id>")
def episode(episode_id: str) -> str:
    """Show one episode's transcript, every passage anchored; with `q`, mark its matches.

    With `rev`, show that revision read-only (find searches the current one only).
    """
    archive = get_archive()
    current = archive.get_episode(episode_id)
    revision = revision_arg(request.args)
    shown = archive.episode_revision(episode_id, revision)
    old = shown.revision != current.revision
    query = "" if old else request.args.get("q", "").strip()
    return render_template(
        "episode.html",
        episode=shown,
        current=current,
        old_revision=old,
        revisions=archive.revisions(episode_id),
        outline=episode_outline(shown),
        find=find_in_episode(shown, query) if query else None,
        query=query,
    )


@bp.get("/p/<passage_id>")
def passage(passage_id: str) -> str:
    """Show one passage's permalink page with context, history and a citation.

    Every id ever issued resolves: a corrected passage shows what changed since it was
    cited, a removed one its last text; `rev` shows the passage as it was in revision N.
    """
    view = passage_in_context(
        passage_id,
        context=current_app.config["CONTEXT_PASSAGES"],
        revision=revision_arg(request.args),
    )
    return render_template("passage.html", view=view)
