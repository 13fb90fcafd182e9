"""The `verbatim` command line: a thin layer over the archive library."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from archive.cli.cite import cite_
from archive.cli.episodes import add, export, init, list_, optimize, reindex, remove, show
from archive.cli.integrity import verify_
from archive.cli.quote import quote
from archive.cli.searching import search_
from archive.cli.serve import serve
from archive.cli.speakers import speakers
from archive.cli.state import CliError, State, library_errors, pass_state

__all__ = ["CliError", "State", "cli", "library_errors", "main", "pass_state"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--archive",
    "root",
    envvar="VERBATIM_ARCHIVE",
    type=click.Path(file_okay=False, path_type=Path),
    help="The archive folder (or set VERBATIM_ARCHIVE).",
)
@click.option(
    "--lock-timeout",
    "lock_timeout_s",
    envvar="VERBATIM_LOCK_TIMEOUT",
    type=click.FloatRange(min=0),
    help="Seconds a writing command waits for another one to finish (default 30).",
)
@click.version_option(package_name="verbatim", message="verbatim %(version)s")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, lock_timeout_s: float | None) -> None:
    """Keep interview transcripts in an archive and search them down to the exact quote.

    \b
    Example:
        verbatim --archive my-archive init
        verbatim --archive my-archive add examples/
        verbatim --archive my-archive search '"it was the first time"'
    """
    ctx.obj = State(root, lock_timeout_s)


for command in (init, add, list_, show, export, search_, remove, reindex, optimize, serve, quote):
    cli.add_command(command)
cli.add_command(verify_)
cli.add_command(cite_)
cli.add_command(speakers)


def main() -> None:
    """Run the command line; a failure nobody foresaw is one line, never a traceback.

    Set VERBATIM_DEBUG=1 to see the traceback of such a failure.
    """
    try:
        # Not standalone: click hands back `ctx.exit(code)` as the return value, and
        # leaves the exceptions to the handlers below.
        code = cli(prog_name="verbatim", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Aborted!", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("VERBATIM_DEBUG"):
            raise
        detail = " ".join(str(exc).split())[:200]
        what = type(exc).__name__ + (f": {detail}" if detail else "")
        click.echo(
            f"error: {' '.join(sys.argv[1:])[:200]}: failed ({what}); this is a bug in "
            "Verbatim; please report it with the command (VERBATIM_DEBUG=1 shows where)",
            err=True,
        )
        sys.exit(2)
    sys.exit(code if type(code) is int else 0)
