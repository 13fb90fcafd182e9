"""The packages depend one way: transcripts <- archive <- web."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _modules_loaded_by(statement: str) -> set[str]:
    """Run an import in a fresh interpreter and return the top-level modules it loaded."""
    probe = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(out)}


@pytest.mark.parametrize(
    ("statement", "forbidden"),
    [
        ("import transcripts", {"whoosh", "flask", "archive", "web"}),
        ("import archive", {"flask", "web"}),
        ("import archive.cli", {"flask", "web"}),
        ("import archive.search, archive.ingest", {"flask", "web"}),
    ],
)
def test_lower_layers_do_not_load_upper_ones(statement: str, forbidden: set[str]) -> None:
    """Importing a lower layer never pulls in a layer above it."""
    loaded = _modules_loaded_by(statement)
    assert not loaded & forbidden, f"{statement!r} loaded {sorted(loaded & forbidden)}"


def test_web_builds_on_archive() -> None:
    """The web layer is the top: importing it loads the archive and Flask."""
    loaded = _modules_loaded_by("import web")
    assert {"flask", "archive"} <= loaded


def test_cli_help_does_not_load_flask() -> None:
    """Running a command other than serve never imports the web layer."""
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from archive.cli import cli\n"
        "result = CliRunner().invoke(cli, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('flask' in sys.modules, 'web' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]
