"""The `verbatim cite` command: a thin layer over `archive.research.cite.cite`."""

from __future__ import annotations

from datetime import date, datetime

import click

from archive.cli.state import State, library_errors, pass_state
from archive.research.cite import DEFAULT_BASE_URL, QUOTE, STYLES, cite


def _accessed(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Read `--accessed` as YYYY-MM-DD; a bad date is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


@click.command("cite")
@click.argument("reference")
@click.option(
    "--style",
    type=click.Choice([*STYLES, QUOTE], case_sensitive=False),
    default="apa",
    show_default=True,
    help="Citation style, or `quote` for the words with speaker, episode, time and link.",
)
@click.option(
    "--base-url",
    envvar="VERBATIM_BASE_URL",
    default=DEFAULT_BASE_URL,
    show_default=True,
    help="Where the web app is served, for the permalink (or set VERBATIM_BASE_URL).",
)
@click.option(
    "--accessed",
    callback=_accessed,
    metavar="YYYY-MM-DD",
    help="The date accessed to print (default: today).",
)
@click.option(
    "--italics",
    is_flag=True,
    help="Mark the italic parts of APA, Chicago and MLA as *asterisks*.",
)
@pass_state
def cite_(
    state: State,
    reference: str,
    style: str,
    base_url: str,
    accessed: date | None,
    italics: bool,
) -> None:
    """Cite a passage in APA, Chicago, MLA, BibTeX, RIS or CSL-JSON.

    REFERENCE is a passage id such as harbour-lights.6, or the same typed as
    'harbour-lights 6', harbour-lights#6 or harbour-lights:6, or the passage's
    permalink URL. Each citation names the speaker, the host or interviewer, the
    episode, the show, the date, the passage's time (or paragraph), the permalink,
    the transcript's revision and the date accessed.

    \b
    Example:
        verbatim --archive my-archive cite harbour-lights.6
        verbatim --archive my-archive cite 'harbour-lights 6' --style chicago --italics
        verbatim --archive my-archive cite harbour-lights.6 --style bibtex >> refs.bib
        verbatim --archive my-archive cite harbour-lights.6 --style quote \\
            --base-url https://archive.example.org
    """
    archive = state.reader("cite")
    with library_errors():
        text = cite(
            archive,
            reference,
            style.lower(),
            accessed=accessed,
            base_url=base_url,
            italics=italics,
        )
    click.echo(text.rstrip("\n"))
