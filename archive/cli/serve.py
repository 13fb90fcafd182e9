"""The `verbatim serve` command: the search site and JSON API over one archive."""

from __future__ import annotations

import click

from archive.cli.state import CliError, State, pass_state


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port to use."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Server processes sharing the port [default: one per core, at most 4].",
)
@pass_state
def serve(state: State, host: str, port: int, workers: int | None) -> None:
    """Serve the search site and JSON API (read-only; sees new episodes without a restart).

    Each worker process answers searches on its own, so concurrent readers are served
    by every core.

    \b
    Example:
        verbatim --archive my-archive serve --port 8000
    """
    archive = state.reader("serve")
    # Flask is imported here only: every other command runs without it.
    from web import create_app
    from web.server import ServerError, default_workers
    from web.server import serve as run_server

    workers = workers or default_workers()
    root = str(archive.root)
    click.echo(
        f"serving {archive.root} at http://{host}:{port}/ "
        f"({workers} worker{'s' if workers > 1 else ''}; Ctrl+C to stop)"
    )
    try:
        run_server(
            lambda: create_app({"ARCHIVE": root, "WARM_UP": True}),
            host=host,
            port=port,
            workers=workers,
        )
    except OSError as exc:
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    except ServerError as exc:
        raise CliError(str(exc)) from exc
