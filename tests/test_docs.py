"""Every command documents itself with an example."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from archive.cli import cli

COMMANDS = sorted(cli.commands)


def test_the_skeleton_commands_exist() -> None:
    """The contract's walking-skeleton commands are all there."""
    expected = {"init", "add", "list", "show", "export", "search", "remove", "reindex", "serve"}
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_has_an_example(command: str | None) -> None:
    """`--help` shows an `Example:` block with a real `verbatim` line, kept unwrapped."""
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(cli, args, prog_name="verbatim")
    assert result.exit_code == 0
    assert "Example:" in result.output
    example = result.output.split("Example:", 1)[1]
    first = next(line for line in example.splitlines() if line.strip())
    assert first.strip().startswith("verbatim ")
    if command:
        assert command in example.split("Options:")[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_has_help(command: str) -> None:
    """Each option says what it is for."""
    for param in cli.commands[command].params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"{command} --{param.name} has no help text"
