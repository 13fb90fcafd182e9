"""The `verbatim speakers` commands: list the people in the archive and correct who is who."""

from __future__ import annotations

import json

import click

from archive.cli.state import State, library_errors, pass_state
from archive.research.speaker_corrections import (
    Correction,
    add_alias,
    merge_speakers,
    rename_speaker,
)
from archive.research.speakers import Speaker, list_speakers


def _line(speaker: Speaker) -> str:
    """Return one speaker as a line for people: name, id, counts, roles, other names."""
    episodes = f"{speaker.episodes} episode{'' if speaker.episodes == 1 else 's'}"
    passages = f"{speaker.passages} passage{'' if speaker.passages == 1 else 's'}"
    parts = [f"{speaker.name} [{speaker.id}]", f"{episodes}, {passages}"]
    if speaker.roles:
        parts.append("roles " + ", ".join(speaker.roles))
    if speaker.aliases:
        parts.append("also " + ", ".join(speaker.aliases))
    return " · ".join(parts)


def _echo_list(state: State, as_json: bool) -> None:
    archive = state.reader("speakers")
    with library_errors():
        speakers = list_speakers(archive)
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in speakers], ensure_ascii=False, indent=2))
        return
    if not speakers:
        click.echo("no speakers yet: add episodes with `verbatim add`")
    for speaker in speakers:
        click.echo(_line(speaker))


def _report(done: Correction, what: str) -> None:
    count = len(done.reindexed)
    click.echo(
        f"{what}; {done.person.name} [{done.person.id}] now goes by: "
        f"{', '.join(done.person.names)}; re-indexed {count} episode{'' if count == 1 else 's'}"
    )


@click.group(name="speakers", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the list as a JSON array.")
@click.pass_context
def speakers(ctx: click.Context, as_json: bool) -> None:
    """List the people who speak in the archive, or correct who is who.

    Names are matched without regard to case or accents. A correction changes only the
    speaker registry (speakers.json), dated in the person's history; episode records and
    original files stay as they were, and only the affected episodes are re-indexed.

    \b
    Example:
        verbatim --archive my-archive speakers
        verbatim --archive my-archive speakers --json
        verbatim --archive my-archive speakers rename Kball "Kevin Ball"
        verbatim --archive my-archive speakers merge "Sokha Chan" Sokha
        verbatim --archive my-archive speakers alias "Sokha Chan" "សុខា ចាន់"
    """
    if ctx.invoked_subcommand is None:
        _echo_list(ctx.obj, as_json)


@speakers.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_state
def list_(state: State, as_json: bool) -> None:
    """List every speaker: name, id, episodes, passages, roles and other names.

    People the registry does not know yet are listed under their name as written.

    \b
    Example:
        verbatim --archive my-archive speakers list
        verbatim --archive my-archive speakers list --json
    """
    _echo_list(state, as_json)


@speakers.command()
@click.argument("old")
@click.argument("new")
@pass_state
def rename(state: State, old: str, new: str) -> None:
    """Give the speaker named OLD (a name, alias or id) the canonical name NEW.

    OLD stays an alias, so searches for it still find the person.

    \b
    Example:
        verbatim --archive my-archive speakers rename Kball "Kevin Ball"
    """
    with state.writing("speakers rename") as archive:
        done = rename_speaker(archive, old, new)
    _report(done, f"renamed {old!r} to {done.person.name!r}")


@speakers.command()
@click.argument("keep")
@click.argument("other")
@pass_state
def merge(state: State, keep: str, other: str) -> None:
    """Make OTHER the same person as KEEP: all of OTHER's names become KEEP's aliases.

    \b
    Example:
        verbatim --archive my-archive speakers merge "Sokha Chan" Sokha
    """
    with state.writing("speakers merge") as archive:
        done = merge_speakers(archive, keep, other)
    _report(done, f"merged {other!r} into {done.person.name!r}")


@speakers.command()
@click.argument("name")
@click.argument("alias")
@pass_state
def alias(state: State, name: str, alias: str) -> None:
    """Add ALIAS (any spelling, any script) to the names the speaker NAME goes by.

    \b
    Example:
        verbatim --archive my-archive speakers alias "Sokha Chan" "សុខា ចាន់"
    """
    with state.writing("speakers alias") as archive:
        done = add_alias(archive, name, alias)
    _report(done, f"added alias {alias!r}")
