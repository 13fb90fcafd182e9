"""The `verbatim search` command: passages as text for people, JSON, or CSV rows."""

from __future__ import annotations

import json
import sys

import click

from archive.cli.render import search_report
from archive.cli.state import State, library_errors, pass_state
from archive.search.export import MAX_EXPORT, export_rows, to_csv
from archive.search.facets import SORTS
from archive.search.run import MAX_PAGE_SIZE, search

SEARCH_FORMATS = ("text", "json", "csv")


@click.command(name="search")
@click.argument("query")
@click.option("--speaker", help="Only passages by speakers with this name (any part, any accents).")
@click.option("--show", "show_name", help="Only episodes of this show.")
@click.option("--episode", "episode_id", metavar="ID", help="Only this episode.")
@click.option("--section", help="Only sections whose title has these words.")
@click.option(
    "--from", "date_from", metavar="DATE", help="Episodes from this date: YYYY[-MM[-DD]]."
)
@click.option("--to", "date_to", metavar="DATE", help="Episodes up to this date: YYYY[-MM[-DD]].")
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
    help="Best match first, or by episode date (then passage order).",
)
@click.option("--collapse", is_flag=True, help="Show only the best passage of each episode.")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True, help="Which page.")
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_EXPORT),
    help=f"Hits per page (default 20, at most {MAX_PAGE_SIZE}); rows for csv (default 1000).",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(SEARCH_FORMATS),
    default="text",
    show_default=True,
    help="text for people, the search JSON, or CSV rows for a spreadsheet.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@pass_state
def search_(
    state: State,
    query: str,
    speaker: str | None,
    show_name: str | None,
    episode_id: str | None,
    section: str | None,
    date_from: str | None,
    date_to: str | None,
    sort: str,
    collapse: bool,
    page: int,
    limit: int | None,
    format_: str,
    as_json: bool,
) -> None:
    """Search the passages: quoted phrases match exactly, other words by their stem.

    Operators: AND, OR, NOT or -word, (brackets), word* (prefix), word~ (fuzzy),
    "two words"~5 (within 5 words), a NEAR b (within 10 words, either order).
    Fields: speaker:, show:, episode:, section:, date:2023, date:2023-01..2023-06.

    The query language is explained by example on the site's /help page
    (web/templates/help.html: run `verbatim serve`, then open /help); the search box,
    /api/search and this command all read queries the same way.

    \b
    Example:
        verbatim --archive my-archive search '"it was the first time"'
        verbatim --archive my-archive search 'seeds OR beans -chilli' --speaker okafor
        verbatim --archive my-archive search 'speaker:Okafor germ*' --json
        verbatim --archive my-archive search 'night NEAR train date:2024' --sort newest
        verbatim --archive my-archive search flood --from 2022 --format csv > flood.csv
    """
    format_ = "json" if as_json else format_
    filters = {
        "speaker": speaker,
        "show": show_name,
        "episode": episode_id,
        "section": section,
        "date_from": date_from,
        "date_to": date_to,
    }
    archive = state.reader("search")
    if format_ == "csv":
        with library_errors():
            rows = export_rows(archive, query, sort=sort, limit=limit or 1000, **filters)
        click.echo(to_csv(rows), nl=False)
        return
    if limit is not None and limit > MAX_PAGE_SIZE:
        raise click.BadParameter(
            f"at most {MAX_PAGE_SIZE} hits per page; use --format csv for more",
            param_hint="--limit",
        )
    with library_errors():
        results = search(
            archive,
            query,
            sort=sort,
            collapse=collapse,
            page=page,
            page_size=limit or 20,
            **filters,
        )
    if format_ == "json":
        click.echo(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
        return
    for note in results.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(search_report(results, color=sys.stdout.isatty()))
