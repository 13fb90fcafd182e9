"""The `verbatim serve` command: the search site and JSON API over one archive."""

from __future__ import annotations

import click

from archive.cli.state import State, pass_state


@click.command()
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
