"""Commands that keep the archive: init, add, list, show, export, remove and reindex."""

from __future__ import annotations

import json
import shutil
import sys
from collections import Counter
from datetime import date as Date
from pathlib import Path

import click

from archive.cli.progress import Tally, progress_bar
from archive.cli.render import episode_details, episode_row, ingest_report, speaker_count
from archive.cli.sizes import ByteSize
from archive.cli.state import CliError, State, library_errors, pass_state
from archive.errors import UnreadableRecordError
from archive.ingest.pipeline import AddResult, expand_paths, iter_add, remove_episode
from archive.search.indexing import (
    ENGINE_NAMES,
    create_index,
    engine_settings,
    rebuild,
    switch_engine,
)
from archive.search.indexing import PARTS_WORTH_MERGING as SEGMENTS_WORTH_MERGING
from archive.search.indexing import optimize as optimize_index
from archive.search.indexing import part_count as segment_count
from archive.store.folder import Archive
from archive.store.ids import validate_id
from archive.store.source_files import DEFAULT_MAX_BYTES, not_a_transcript
from transcripts.errors import TranscriptError
from transcripts.idmatch import IdMatching
from transcripts.wording import plural
from transcripts.writers import WRITERS

ADD_FORMATS = ("vtt", "srt", "json", "html", "md", "txt")
EXPORT_FORMATS = ("json", "vtt", "srt", "md", "txt")


def correction_report(matching: IdMatching) -> str:
    """Return which passage ids a correction changed, removed and issued, for people."""
    lines = []
    for label, ids in (
        ("corrected", matching.corrected),
        ("restored", matching.restored),
        ("removed", matching.removed),
        ("new", matching.new),
    ):
        if ids:
            lines.append(f"  {label:<9} {', '.join(ids)}")
    return "\n".join(lines) or "  no passage changed"


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


ENGINE_URL_HELP = (
    "The OpenSearch cluster's URL (default: VERBATIM_OPENSEARCH_URL, else "
    "http://127.0.0.1:9200). Credentials come from VERBATIM_OPENSEARCH_USER and "
    "VERBATIM_OPENSEARCH_PASSWORD, never from archive.json."
)


@click.command()
@click.option(
    "--engine",
    type=click.Choice(ENGINE_NAMES),
    default="whoosh",
    show_default=True,
    help="The search engine: whoosh (embedded, files beside the archive) or opensearch "
    "(a cluster, for archives that outgrow one machine).",
)
@click.option("--engine-url", "engine_url", metavar="URL", help=ENGINE_URL_HELP)
@pass_state
def init(state: State, engine: str, engine_url: str | None) -> None:
    """Create an empty archive (does nothing if one is already there).

    \b
    Example:
        verbatim --archive my-archive init
        verbatim --archive big-archive init --engine opensearch --engine-url http://127.0.0.1:9200
    """
    root = state.require_root()
    if Archive.exists_at(root):
        click.echo(f"{root} is already a Verbatim archive; nothing changed")
        return
    if engine_url and engine != "opensearch":
        raise click.UsageError("--engine-url is for --engine opensearch")
    made = not root.exists()
    with library_errors():
        archive = Archive.init(root, engine=engine, engine_settings=engine_settings(engine_url))
        try:
            create_index(archive)
        except BaseException:
            # An archive whose engine cannot be reached is not made: try again once it is.
            for path in sorted(archive.root.iterdir(), reverse=True):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            if made:
                archive.root.rmdir()
            raise
    on = f" on {engine}" if engine != "whoosh" else ""
    click.echo(f"created an empty archive in {root}{on}")


@click.command()
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
    "--label",
    "labels",
    multiple=True,
    help="Read lines opening with this text and a colon as that speaker's label, where the "
    "ingest report says one could not be read (repeatable).",
)
@click.option(
    "--chapters",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A Podcasting 2.0 chapters JSON file whose chapters become the sections.",
)
@click.option(
    "--max-size",
    "max_bytes",
    type=ByteSize(),
    envvar="VERBATIM_MAX_BYTES",
    default=DEFAULT_MAX_BYTES,
    show_default="10MB",
    help="Refuse files larger than this (or set VERBATIM_MAX_BYTES), e.g. 50MB.",
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
    labels: tuple[str, ...],
    chapters: Path | None,
    max_bytes: int,
    as_json: bool,
) -> None:
    """Add transcript files, or folders of them, to the archive.

    A folder is imported file by file (.vtt .srt .json .html .htm .md .txt); a file
    that fails is reported and the others go on. Adding a file already in the
    archive changes nothing. Adding a file with --id of an episode already in the
    archive is a correction: it becomes the episode's next revision, earlier ones are
    kept, and passages that survive keep their ids (and permalinks).

    \b
    Example:
        verbatim add examples/harbour-lights.vtt --show "Coastal Voices" \\
            --date 2024-03-14 --host "Dana Whitlock" --guest "Tomas Ferreira"
        verbatim add episode-12.vtt --chapters episode-12.chapters.json
        verbatim add examples/ --json
        verbatim add harbour-lights-corrected.vtt --id harbour-lights
    """
    state.archive()  # says so first if the folder is not an archive
    skipped: list[Path] = []
    files = list(expand_paths(paths, skipped=skipped))
    if skipped:
        click.echo(skipped_line(skipped), err=True)
    if len(files) > 1 and (episode_id or title or chapters):
        raise click.UsageError(
            "--id, --title and --chapters describe one episode: give them with one file only"
        )
    if not files:
        raise CliError("no transcript files found in " + ", ".join(str(p) for p in paths))
    tally = Tally()
    # Each file's lines, as soon as its result is final; held to the end while a progress
    # bar holds the terminal. Only lines are kept, never the episodes themselves.
    held: list[tuple[str, bool]] = []
    with state.writing("add") as archive, progress_bar(len(files)) as tick:
        if episode_id is not None:
            validate_id(episode_id)
        results = iter_add(
            archive,
            files,
            progress=tick,
            format=format_,
            title=title,
            show=show,
            date=date,
            episode_id=episode_id,
            url=url,
            audio_url=audio_url,
            hosts=hosts,
            guests=guests,
            labels=labels,
            chapters=chapters,
            max_bytes=max_bytes,
        )
        for result in results:
            tally.add(result)
            lines = _result_lines(result, as_json)
            if tick.showing:
                held += lines
            else:
                for text, err in lines:
                    click.echo(text, err=err)
    for text, err in held:
        click.echo(text, err=err)
    if tally.files > 1 and not as_json:
        # With --json every line already carries its status; a summary would break the stream.
        click.echo(tally.summary())
        segments = segment_count(archive)
        if tally.counts["added"] and segments > SEGMENTS_WORTH_MERGING:
            click.echo(
                f"tip: the search index is now in {segments} segments; "
                f"`verbatim --archive {archive.root} optimize` merges them for quicker searches"
            )
    if tally.failures:
        sys.exit(1)


def skipped_line(skipped: list[Path]) -> str:
    """Say once which files beside the transcripts a folder import left out, and why."""
    kinds = Counter(not_a_transcript(path.name) or path.name for path in skipped)
    listed = ", ".join(
        kind if count == 1 else f"{count} {kind}" for kind, count in sorted(kinds.items())
    )
    return (
        f"note: left out {plural(len(skipped), 'file')} that are not transcripts ({listed}); "
        "name one on its own to add it anyway"
    )


def _result_lines(result: AddResult, as_json: bool) -> list[tuple[str, bool]]:
    """Return what `add` prints about one file, as (text, to stderr) pairs."""
    if not result.ok:
        return [(f"error: {result.error}", True)]
    if as_json:
        return [(json.dumps(result.summary(), ensure_ascii=False), False)]
    lines = [(ingest_report(result), False)]
    if result.matching is not None:
        lines.append((correction_report(result.matching), False))
    return lines


@click.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_state
def list_(state: State, as_json: bool) -> None:
    """List the episodes, newest first.

    \b
    Example:
        verbatim --archive my-archive list
        verbatim --archive my-archive list --json
    """
    archive = state.reader("list")
    unreadable: list[UnreadableRecordError] = []
    with library_errors():
        episodes = archive.episodes(unreadable)
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
    elif not episodes and not unreadable:
        click.echo("no episodes yet; add some with `verbatim add PATH`")
    for episode in episodes if not as_json else ():
        click.echo(episode_row(episode))
    for damaged in unreadable:
        # The rest is listed; these are said, one line each, and the exit status is 1.
        click.echo(
            f"warning: {damaged.path} cannot be read ({damaged.reason}); it is left out "
            "of this list; run `verbatim verify` to see what to do",
            err=True,
        )
    if unreadable:
        click.get_current_context().exit(1)


@click.command()
@click.argument("episode_id", metavar="ID")
@pass_state
def show(state: State, episode_id: str) -> None:
    """Show an episode's details: metadata, participants, sections, counts and revisions.

    \b
    Example:
        verbatim --archive my-archive show harbour-lights
    """
    archive = state.reader("show")
    with library_errors():
        e = archive.get_episode(episode_id)
        revisions = archive.revisions(episode_id)
    click.echo(episode_details(e))
    click.echo("revisions:")
    for info in revisions:
        current = "  (current)" if info.revision == e.revision else ""
        click.echo(f"  {info.revision}  {info.date or '-'}  {info.filename}{current}")
        if info.note:
            click.echo(f"     {info.note}")


@click.command()
@click.argument("episode_id", metavar="ID")
@click.option(
    "--format",
    "format_",
    type=click.Choice(EXPORT_FORMATS),
    default="json",
    show_default=True,
    help="json: the episode record; vtt, srt, md, txt: a transcript file.",
)
@click.option(
    "--rev",
    "revision",
    type=click.IntRange(min=1),
    help="Export this revision (see `verbatim show ID`) instead of the current one.",
)
@pass_state
def export(state: State, episode_id: str, format_: str, revision: int | None) -> None:
    """Print an episode as the contract's episode JSON, or as a transcript file.

    WebVTT and SubRip need a timed transcript; Markdown and plain text read back into the
    same speakers, passages and sections. `--rev N` exports an earlier revision.

    \b
    Example:
        verbatim --archive my-archive export seed-library --format json > seed-library.json
        verbatim --archive my-archive export harbour-lights --format vtt > harbour-lights.vtt
        verbatim --archive my-archive export harbour-lights --rev 1 --format md
    """
    archive = state.reader("export")
    with library_errors():
        episode = archive.episode_revision(episode_id, revision)
    if format_ == "json":
        click.echo(json.dumps(episode.to_dict(), ensure_ascii=False, indent=2))
        return
    try:
        click.echo(WRITERS[format_](episode), nl=False)
    except TranscriptError as exc:
        raise CliError(str(exc)) from exc


@click.command()
@click.argument("episode_id", metavar="ID")
@pass_state
def remove(state: State, episode_id: str) -> None:
    """Remove an episode, its original file and its passages from the index.

    \b
    Example:
        verbatim --archive my-archive remove seed-library
    """
    with state.writing("remove") as archive:
        episode = remove_episode(archive, episode_id)
    click.echo(f'removed {episode.id}: "{episode.title}"')


@click.command()
@click.option(
    "--engine",
    type=click.Choice(ENGINE_NAMES),
    help="Move the archive to this search engine: its index is built there from the store, "
    "and archive.json names it once the new index is complete (until then the old one "
    "answers searches).",
)
@click.option("--engine-url", "engine_url", metavar="URL", help=ENGINE_URL_HELP)
@pass_state
def reindex(state: State, engine: str | None, engine_url: str | None) -> None:
    """Rebuild the search index from the stored episodes, or move it to another engine.

    \b
    Example:
        verbatim --archive my-archive reindex
        verbatim --archive my-archive reindex --engine opensearch --engine-url http://127.0.0.1:9200
        verbatim --archive my-archive reindex --engine whoosh
    """
    with state.writing("reindex") as archive:
        current = archive.metadata().get("engine") or "whoosh"
        if engine_url and (engine or current) != "opensearch":
            raise click.UsageError("--engine-url is for --engine opensearch")
        if engine or engine_url:
            count = switch_engine(archive, engine or current, engine_url)
        else:
            count = rebuild(archive)
        episodes = len(archive.episode_ids())
        now = archive.metadata().get("engine")
    moved = f" into {now} (was {current})" if now != current else ""
    click.echo(f"reindexed {count} passages from {episodes} episodes{moved}")


@click.command()
@pass_state
def optimize(state: State) -> None:
    """Merge the search index into one segment, for the quickest searches.

    Single adds merge only small segments, so that each stays quick; after many of
    them, this merges the rest. Searches keep working while it runs.

    \b
    Example:
        verbatim --archive my-archive optimize
    """
    with state.writing("optimize") as archive:
        before = optimize_index(archive)
    click.echo(f"merged {before} index segments into one" if before > 1 else "already one segment")
