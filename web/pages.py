"""The HTML pages: search, episodes, one episode, one passage's permalink."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from transcripts.model import Episode
from web.params import parse_search_args, run_search
from web.passages import episode_outline, passage_in_context
from web.resources import get_archive

bp = Blueprint("pages", __name__)

# The empty search page shows one query of each kind people can type.
EXAMPLE_QUERIES = ("germinate", '"it was the first time"', "night train", "seeds NOT chilli")
RECENT_EPISODES = 5


@bp.get("/")
def search() -> str:
    """Show the search form, and the results when there is a query."""
    params = parse_search_args(request.args, default_page_size=current_app.config["PAGE_SIZE"])
    archive = get_archive()
    episodes = archive.episodes()
    results = None if params.is_empty else run_search(params)
    return render_template(
        "search.html",
        params=params,
        results=results,
        speakers=_speakers(episodes),
        shows=sorted({e.show for e in episodes if e.show}, key=str.casefold),
        examples=EXAMPLE_QUERIES,
        recent=episodes[:RECENT_EPISODES],
        episode_count=len(episodes),
    )


@bp.get("/episodes")
def episodes() -> str:
    """List every episode, newest first."""
    return render_template("episodes.html", episodes=get_archive().episodes())


@bp.get("/episodes/<episode_id>")
def episode(episode_id: str) -> str:
    """Show one episode's transcript with sections and speaker turns, every passage anchored."""
    found = get_archive().get_episode(episode_id)
    return render_template("episode.html", episode=found, outline=episode_outline(found))


@bp.get("/p/<passage_id>")
def passage(passage_id: str) -> str:
    """Show one passage's permalink page with context and a citation."""
    view = passage_in_context(passage_id, context=current_app.config["CONTEXT_PASSAGES"])
    return render_template("passage.html", view=view)


def _speakers(episodes: list[Episode]) -> list[str]:
    """Return every participant's name across the archive, sorted for a select box."""
    names = {p.name for e in episodes for p in e.participants}
    names.update(p.speaker for e in episodes for p in e.passages if p.speaker)
    return sorted(names, key=str.casefold)
