"""The `verbatim` command line: a thin layer over the archive library."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import IO, Any

import click

from archive.errors import ArchiveError
from archive.facets import SORTS
from archive.ids import validate_id
from archive.index import rebuild
from archive.ingest import add_paths, expand_paths, remove_episode
from archive.render import (
    episode_details,
    episode_row,
    ingest_report,
    search_report,
    speaker_count,
)
from archive.results_export import MAX_EXPORT, export_rows, to_csv
from archive.search import MAX_PAGE_SIZE, search
from archive.store import Archive
from transcripts.errors import TranscriptError
from transcripts.writers import WRITERS

ADD_FORMATS = ("vtt", "srt", "json", "html", "md", "txt")
EXPORT_FORMATS = ("json", "vtt", "srt", "md", "txt")
SEARCH_FORMATS = ("text", "json", "csv")


class CliError(click.ClickException):
    """A failure people should read as one line: `error: ...` on stderr, exit 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the one-line error."""
        click.echo(f"error: {self.format_message()}", err=True, file=file)


@contextmanager
def library_errors() -> Iterator[None]:
    """Turn library and file-system exceptions into CliError at the edge."""
    try:
        yield
    except ArchiveError as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from exc


@dataclass
class State:
    """What the group passes to every command: where the archive is."""

    root: Path | None

    def require_root(self) -> Path:
        """Return the archive folder or stop with a usage error saying how to give one."""
        if self.root is None:
            raise click.UsageError("no archive given: pass --archive DIR or set VERBATIM_ARCHIVE")
        return self.root

    def archive(self) -> Archive:
        """Open the archive, with a one-line error if it is not one."""
        root = self.require_root()
        with library_errors():
            return Archive.open(root)


pass_state = click.make_pass_decorator(State)


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None
    if len(value) != 10:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD")
    return value


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--archive",
    "root",
    envvar="VERBATIM_ARCHIVE",
    type=click.Path(file_okay=False, path_type=Path),
    help="The archive folder (or set VERBATIM_ARCHIVE).",
)
@click.version_option(package_name="verbatim", message="verbatim %(version)s")
@click.pass_context
def cli(ctx: click.Context, root: Path | None) -> None:
    """Keep interview transcripts in an archive and search them down to the exact quote.

    \b
    Example:
        verbatim --archive my-archive init
        verbatim --archive my-archive add examples/
        verbatim --archive my-archive search '"it was the first time"'
    """
    ctx.obj = State(root)


@cli.command()
@pass_state
def init(state: State) -> None:
    """Create an empty archive (does nothing if one is already there).

    \b
    Example:
        verbatim --archive my-archive init
    """
    root = state.require_root()
    if Archive.exists_at(root):
        click.echo(f"{root} is already a Verbatim archive; nothing changed")
        return
    with library_errors():
        Archive.init(root)
    click.echo(f"created an empty archive in {root}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "format_", type=click.Choice(ADD_FORMATS), help="Skip detection.")
@click.option("--title", help="Episode title (default: from the file, else its name).")
@click.option("--show", help="The show or series the episode belongs to.")
@click.option("--date", callback=_check_date, help="Broadcast or recording date, YYYY-MM-DD.")
@click.option("--id", "episode_id", help="Episode id (default: derived from the title).")
@click.option("--url", help="The episode's web page.")
@click.option("--audio", "audio_url", help="The episode's audio file URL.")
@click.option("--host", "hosts", multiple=True, help="A host's name (repeatable).")
@click.option("--guest", "guests", multiple=True, help="A guest's name (repeatable).")
@click.option(
    "--chapters",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A Podcasting 2.0 chapters JSON file whose chapters become the sections.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON summary per episode, per line.")
@pass_state
def add(
    state: State,
    paths: tuple[Path, ...],
    format_: str | None,
    title: str | None,
    show: str | None,
    date: str | None,
    episode_id: str | None,
    url: str | None,
    audio_url: str | None,
    hosts: tuple[str, ...],
    guests: tuple[str, ...],
    chapters: Path | None,
    as_json: bool,
) -> None:
    """Add transcript files, or folders of them, to the archive.

    A folder is imported file by file (.vtt .srt .json .html .htm .md .txt); a file
    that fails is reported and the others go on. Adding a file already in the
    archive changes nothing.

    \b
    Example:
        verbatim add examples/harbour-lights.vtt --show "Coastal Voices" \\
            --date 2024-03-14 --host "Dana Whitlock" --guest "Tomas Ferreira"
        verbatim add episode-12.vtt --chapters episode-12.chapters.json
        verbatim add examples/ --json
    """
    archive = state.archive()
    files = list(expand_paths(paths))
    if len(files) > 1 and (episode_id or title or chapters):
        raise click.UsageError(
            "--id, --title and --chapters describe one episode: give them with one file only"
        )
    if not files:
        raise CliError("no transcript files found in " + ", ".join(str(p) for p in paths))
    with library_errors():
        if episode_id is not None:
            validate_id(episode_id)
        results = add_paths(
            archive,
            files,
            format=format_,
            title=title,
            show=show,
            date=date,
            episode_id=episode_id,
            url=url,
            audio_url=audio_url,
            hosts=hosts,
            guests=guests,
            chapters=chapters,
        )
    for result in results:
        if not result.ok:
            click.echo(f"error: {result.error}", err=True)
        elif as_json:
            click.echo(json.dumps(result.summary(), ensure_ascii=False))
        else:
            click.echo(ingest_report(result))
    if any(not r.ok for r in results):
        sys.exit(1)


@cli.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_state
def list_(state: State, as_json: bool) -> None:
    """List the episodes, newest first.

    \b
    Example:
        verbatim --archive my-archive list
        verbatim --archive my-archive list --json
    """
    archive = state.archive()
    with library_errors():
        episodes = archive.episodes()
    if as_json:
        rows = [
            {
                "id": e.id,
                "title": e.title,
                "show": e.show,
                "date": e.date,
                "passages": len(e.passages),
                "speakers": speaker_count(e),
            }
            for e in episodes
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not episodes:
        click.echo("no episodes yet; add some with `verbatim add PATH`")
        return
    for episode in episodes:
        click.echo(episode_row(episode))


@cli.command()
@click.argument("episode_id", metavar="ID")
@pass_state
def show(state: State, episode_id: str) -> None:
    """Show an episode's details: metadata, participants, sections and counts.

    \b
    Example:
        verbatim --archive my-archive show harbour-lights
    """
    archive = state.archive()
    with library_errors():
        e = archive.get_episode(episode_id)
    click.echo(episode_details(e))


@cli.command()
@click.argument("episode_id", metavar="ID")
@click.option(
    "--format",
    "format_",
    type=click.Choice(EXPORT_FORMATS),
    default="json",
    show_default=True,
    help="json: the episode record; vtt, srt, md, txt: a transcript file.",
)
@pass_state
def export(state: State, episode_id: str, format_: str) -> None:
    """Print an episode as the contract's episode JSON, or as a transcript file.

    WebVTT and SubRip need a timed transcript; Markdown and plain text read back into the
    same speakers, passages and sections.

    \b
    Example:
        verbatim --archive my-archive export seed-library --format json > seed-library.json
        verbatim --archive my-archive export harbour-lights --format vtt > harbour-lights.vtt
    """
    archive = state.archive()
    with library_errors():
        episode = archive.get_episode(episode_id)
    if format_ == "json":
        click.echo(json.dumps(episode.to_dict(), ensure_ascii=False, indent=2))
        return
    try:
        click.echo(WRITERS[format_](episode), nl=False)
    except TranscriptError as exc:
        raise CliError(str(exc)) from exc


@cli.command(name="search")
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

    \b
    Example:
        verbatim --archive my-archive search '"it was the first time"'
        verbatim --archive my-archive search 'seeds germinate' --speaker okafor --json
        verbatim --archive my-archive search 'storm NEAR keeper date:2023' --sort newest
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
    archive = state.archive()
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


@cli.command()
@click.argument("episode_id", metavar="ID")
@pass_state
def remove(state: State, episode_id: str) -> None:
    """Remove an episode, its original file and its passages from the index.

    \b
    Example:
        verbatim --archive my-archive remove seed-library
    """
    archive = state.archive()
    with library_errors():
        episode = remove_episode(archive, episode_id)
    click.echo(f'removed {episode.id}: "{episode.title}"')


@cli.command()
@pass_state
def reindex(state: State) -> None:
    """Rebuild the search index from the stored episodes.

    \b
    Example:
        verbatim --archive my-archive reindex
    """
    archive = state.archive()
    with library_errors():
        count = rebuild(archive)
        episodes = len(archive.episode_ids())
    click.echo(f"reindexed {count} passages from {episodes} episodes")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port to use."
)
@pass_state
def serve(state: State, host: str, port: int) -> None:
    """Serve the search site and JSON API (read-only; sees new episodes without a restart).

    \b
    Example:
        verbatim --archive my-archive serve --port 8000
    """
    archive = state.archive()
    # Flask is imported here only: every other command runs without it.
    import waitress

    from web import create_app

    app = create_app({"ARCHIVE": str(archive.root)})
    click.echo(f"serving {archive.root} at http://{host}:{port}/ (Ctrl+C to stop)")
    waitress.serve(app, host=host, port=port)


def main() -> None:
    """Run the command line."""
    cli(prog_name="verbatim")


from archive.quote_cli import quote  # noqa: E402

cli.add_command(quote)
