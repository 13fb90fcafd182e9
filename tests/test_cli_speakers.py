"""`verbatim speakers`: list, rename, merge and alias through the real command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.cli import cli
from archive.store.folder import Archive
from archive.store.registry import derived_id, registry_path
from tests.test_speakers_registry import DATA, KHMER_NAME

# The same four interviews as the library tests, added the way an archivist would.
ADDS = (
    ("river-school.txt", "--host", "Dara Keo", "--guest", "Sokha Chan", "--date", "2024-01-10"),
    ("rice-harvest.txt", "--guest", "Sokha", "--date", "2024-02-01"),
    ("night-market.txt", "--host", "Vanna Lim", "--date", "2024-03-05"),
    ("pepper-farm.txt", "--host", "Vanna Lim", "--date", "2024-04-20"),
)


def run(archive: Archive, *args: str) -> Result:
    """Run `verbatim --archive ARCHIVE ARGS...`."""
    return CliRunner().invoke(cli, ["--archive", str(archive.root), *args], prog_name="verbatim")


@pytest.fixture
def people(archive: Archive) -> Archive:
    """Return an archive holding the speaker fixtures, added through `verbatim add`."""
    for name, *options in ADDS:
        result = run(archive, "add", str(DATA / name), *options)
        assert result.exit_code == 0, result.output
    return archive


def test_speakers_lists_everyone_with_counts(people: Archive) -> None:
    """The default listing is one line per person: name, id, episodes, passages, roles."""
    result = run(people, "speakers")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 7
    assert "Vanna Lim [vanna-lim] · 2 episodes, 3 passages · roles host" in lines
    assert "Sokha [sokha] · 1 episode, 2 passages · roles guest" in lines
    assert f"{KHMER_NAME} [{derived_id(KHMER_NAME)}] · 1 episode, 1 passage" in lines


@pytest.mark.parametrize("args", [["speakers", "--json"], ["speakers", "list", "--json"]])
def test_speakers_json_lists_the_same_people(people: Archive, args: list[str]) -> None:
    """`--json` is an array of {id, name, aliases, registered, episodes, passages, roles}."""
    result = run(people, *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert sum(s["passages"] for s in data) == 17
    sokha = next(s for s in data if s["id"] == "sokha-chan")
    assert sokha == {
        "id": "sokha-chan",
        "name": "Sokha Chan",
        "aliases": [],
        "registered": False,
        "episodes": 1,
        "passages": 3,
        "roles": ["guest"],
    }


def test_corrections_through_the_cli_change_search(people: Archive) -> None:
    """merge, alias and rename report what they did; search then finds every label."""
    merged = run(people, "speakers", "merge", "Sokha Chan", "sokha")
    assert merged.exit_code == 0, merged.output
    assert "re-indexed 2 episodes" in merged.output
    aliased = run(people, "speakers", "alias", "Sokha Chan", KHMER_NAME)
    assert aliased.exit_code == 0, aliased.output
    assert f"now goes by: Sokha Chan, Sokha, {KHMER_NAME}" in aliased.output
    renamed = run(people, "speakers", "rename", "sokha chan", "Chan Sokha")
    assert renamed.exit_code == 0, renamed.output

    found = run(people, "search", "lake", "--speaker", "សុខា", "--json")
    hits = json.loads(found.output)["hits"]
    assert [(h["passage_id"], h["speaker"], h["speaker_as_written"]) for h in hits] == [
        ("river-school.2", "Chan Sokha", "Sokha Chan")
    ]
    listing = json.loads(run(people, "speakers", "--json").output)
    sokha = next(s for s in listing if s["id"] == "sokha-chan")
    assert (sokha["name"], sokha["passages"]) == ("Chan Sokha", 6)
    assert sokha["aliases"] == ["Sokha Chan", "Sokha", KHMER_NAME]
    assert json.loads(registry_path(people).read_text(encoding="utf-8"))["people"][0]["id"] == (
        "sokha-chan"
    )


def test_verify_covers_the_registry_after_a_correction(people: Archive) -> None:
    """A correction leaves an archive that `verbatim verify` passes."""
    assert run(people, "speakers", "alias", "Vanna Lim", "Lim Vanna").exit_code == 0
    result = run(people, "verify")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["rename", "Nobody", "Somebody"], ["'Nobody'", "verbatim", "speakers"]),
        (["merge", "Sokha Chan", "Ghost"], ["'Ghost'", "speakers"]),
        (["alias", "Sokha Chan", "sokha chan"], ["already goes by"]),
        (["merge", "Dara", "dara"], ["already one person"]),
    ],
)
def test_a_failing_correction_prints_one_line_and_changes_nothing(
    people: Archive, tree_hash: Callable[[Path], str], args: list[str], words: list[str]
) -> None:
    """One `error:` line naming the speaker and the fix, exit 1, archive untouched."""
    before = tree_hash(people.root)
    result = run(people, "speakers", *args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    for word in words:
        assert word in lines[0]
    assert tree_hash(people.root) == before


def test_a_conflicting_alias_suggests_the_merge(people: Archive) -> None:
    """An alias that already names someone else points to `speakers merge`."""
    assert run(people, "speakers", "alias", "Vanna Lim", "Lim Vanna").exit_code == 0
    result = run(people, "speakers", "alias", "Dara Keo", "lim vanna")
    assert result.exit_code == 1
    assert "verbatim speakers merge 'Dara Keo' 'Vanna Lim'" in result.stderr


def test_missing_arguments_are_usage_errors(people: Archive) -> None:
    """A correction without its names exits 2."""
    assert run(people, "speakers", "rename", "Sokha").exit_code == 2


@pytest.mark.parametrize("command", ["list", "rename", "merge", "alias"])
def test_every_speakers_command_has_an_example(command: str) -> None:
    """Each subcommand's help shows a `verbatim speakers` example using it."""
    result = CliRunner().invoke(cli, ["speakers", command, "--help"], prog_name="verbatim")
    assert result.exit_code == 0
    example = result.output.split("Example:", 1)[1]
    assert f"verbatim --archive my-archive speakers {command}" in example
