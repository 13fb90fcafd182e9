"""The `verbatim` command line, through Click's runner and one real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.cli import cli
from archive.store.folder import Archive

DATA = Path(__file__).resolve().parent / "data" / "archive"
TreeHash = Callable[[Path], str]


def run(archive: Archive | Path, *args: str) -> Result:
    """Run one command against an archive folder."""
    root = archive.root if isinstance(archive, Archive) else archive
    return CliRunner().invoke(cli, ["--archive", str(root), *args], catch_exceptions=False)


def test_init_creates_and_then_leaves_alone(tmp_path: Path) -> None:
    """Init creates an archive; a second init says so and changes nothing."""
    root = tmp_path / "a"
    first = run(root, "init")
    assert first.exit_code == 0 and "created" in first.output
    assert Archive.exists_at(root)
    second = run(root, "init")
    assert second.exit_code == 0 and "already" in second.output


def test_the_archive_option_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --archive or VERBATIM_ARCHIVE it is a usage error that says how to fix it."""
    monkeypatch.delenv("VERBATIM_ARCHIVE", raising=False)
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 2
    assert "VERBATIM_ARCHIVE" in result.output


def test_the_environment_names_the_archive(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """VERBATIM_ARCHIVE stands in for --archive."""
    monkeypatch.setenv("VERBATIM_ARCHIVE", str(archive.root))
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 0 and "no episodes yet" in result.output


def test_add_search_remove_search(archive: Archive) -> None:
    """The whole round trip through the command line."""
    added = run(archive, "add", str(DATA / "lighthouse-night.vtt"), "--show", "Coastal Voices")
    assert added.exit_code == 0, added.output
    header, read, speakers, found = added.output.splitlines()[:4]
    assert header == 'added lighthouse-night: "Lighthouse night"'
    assert read.split()[-2:] == ["WebVTT,", "UTF-8"]
    assert speakers.split(None, 1) == ["speakers", "Mara Quill, Ivo Brand"]
    assert found.split(None, 1) == ["found", "4 turns, 4 passages, 0 sections"]

    found = run(archive, "search", '"it was the first time"')
    assert found.exit_code == 0
    assert "1 passage matches" in found.output
    assert "Ivo Brand — Lighthouse night [0:04]" in found.output
    assert "**It was the first time**" in found.output
    assert "/p/lighthouse-night.2" in found.output

    removed = run(archive, "remove", "lighthouse-night")
    assert removed.exit_code == 0 and "removed lighthouse-night" in removed.output
    again = run(archive, "search", '"it was the first time"', "--json")
    assert json.loads(again.output)["total"] == 0


def test_add_json_prints_one_summary_per_line(archive: Archive) -> None:
    """`add --json` on a folder prints one contract summary object per episode."""
    result = run(archive, "add", str(DATA), "--json")
    assert result.exit_code == 0, result.output
    summaries = [json.loads(line) for line in result.output.splitlines()]
    assert [s["id"] for s in summaries] == [
        "carried-voice",
        "lighthouse-night",
        "market-voices",
        "zanzibar-late",
    ]
    for summary in summaries:
        assert {"id", "title", "passages", "turns", "speakers", "sections", "warnings"} <= set(
            summary
        )
    # The ingest report's facts travel in the JSON too.
    carried = summaries[0]
    assert (carried["format"], carried["encoding"]) == ("vtt", "utf-8")
    assert [p["name"] for p in carried["participants"]] == ["Lena Moss", "Oskar Dahl"]


def test_a_folder_add_leaves_out_readmes_and_sidecars_and_says_so_once(
    archive: Archive, tmp_path: Path
) -> None:
    """A README and `*.meta.json` beside transcripts are not imported; one note says so."""
    folder = tmp_path / "episodes"
    folder.mkdir()
    for name in ["market-voices.txt", "zanzibar-late.txt"]:
        (folder / name).write_bytes((DATA / name).read_bytes())
        (folder / f"{name}.meta.json").write_text('{"source": "the newsroom share"}')
    (folder / "README.md").write_text("# Episodes\n\nSpeaker: these are the spring shows.\n")
    result = CliRunner().invoke(
        cli, ["--archive", str(archive.root), "add", str(folder), "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["market-voices", "zanzibar-late"]
    notes = result.stderr.strip().splitlines()
    assert notes == [
        "note: left out 3 files that are not transcripts (2 *.meta.json, README.md); "
        "name one on its own to add it anyway"
    ]
    # Named on its own, a README is read as the archivist asked.
    named = run(archive, "add", str(folder / "README.md"))
    assert named.exit_code == 0, named.output
    assert "readme" in archive.episode_ids()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "missing.vtt"], "error: missing.vtt: no such file\n"),
        (["add", str(DATA / "market-voices.txt"), "--id", "../x"], "error: invalid episode id"),
        (["add", str(DATA / "market-voices.txt"), "--format", "json"], "error: market-voices"),
        (["show", "nope"], "error: no episode 'nope' in the archive\n"),
        (["remove", "nope"], "error: no episode 'nope' in the archive\n"),
        (["export", "nope"], "error: no episode 'nope' in the archive\n"),
    ],
)
def test_failures_are_one_line_exit_1_and_change_nothing(
    archive: Archive, tree_hash: TreeHash, args: list[str], message: str
) -> None:
    """Library errors print `error: ...` on one stderr line, exit 1, leave the archive as it was."""
    run(archive, "add", str(DATA / "zanzibar-late.txt"))
    before = tree_hash(archive.root)
    result = run(archive, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert tree_hash(archive.root) == before


@pytest.mark.parametrize(
    "args",
    [
        ["add", str(DATA / "market-voices.txt"), "--date", "2024-13-01"],
        ["add", str(DATA / "market-voices.txt"), "--format", "pdf"],
        ["add", str(DATA), "--id", "one-for-all"],
        ["search", "x", "--limit", "0"],
    ],
)
def test_usage_errors_exit_2(archive: Archive, tree_hash: TreeHash, args: list[str]) -> None:
    """Bad option values are usage errors (exit 2) and change nothing."""
    before = tree_hash(archive.root)
    result = run(archive, *args)
    assert result.exit_code == 2
    assert tree_hash(archive.root) == before


def test_commands_need_an_archive(tmp_path: Path) -> None:
    """A folder that is not an archive gives the init hint."""
    result = run(tmp_path, "list")
    assert result.exit_code == 1
    assert "init` first" in result.stderr


def test_list_show_and_export(archive: Archive) -> None:
    """list, show and export describe the stored episode."""
    run(archive, "add", str(DATA / "market-voices.txt"), "--date", "2023-09-01", "--show", "Town")
    listed = run(archive, "list")
    assert "market-voices  2023-09-01  Market voices (Town)  [4 passages]" in listed.output
    rows = json.loads(run(archive, "list", "--json").output)
    assert rows == [
        {
            "id": "market-voices",
            "title": "Market voices",
            "show": "Town",
            "date": "2023-09-01",
            "passages": 4,
            "speakers": 2,
        }
    ]
    shown = run(archive, "show", "market-voices").output
    assert "Rosa Pell" in shown and "Teodor Vance" in shown and "4 passages" in shown
    exported = json.loads(run(archive, "export", "market-voices", "--format", "json").output)
    assert exported == archive.get_episode("market-voices").to_dict()
    later = run(archive, "export", "market-voices", "--format", "vtt")
    assert later.exit_code == 1 and "has no times" in later.stderr  # an untimed transcript


def test_search_notes_and_filters(archive: Archive) -> None:
    """Malformed queries print a note; --speaker and --show narrow the hits."""
    run(archive, "add", str(DATA), "--show", "Demo")
    noted = run(archive, "search", "flood AND")
    assert noted.exit_code == 0
    assert "note: Couldn't read the query" in noted.stderr
    assert "2 passages match" in noted.stdout
    by_speaker = json.loads(run(archive, "search", "flood", "--speaker", "vance", "--json").output)
    assert [h["speaker"] for h in by_speaker["hits"]] == ["Teodor Vance"]
    other_show = json.loads(run(archive, "search", "flood", "--show", "Other", "--json").output)
    assert other_show["total"] == 0


def test_reindex_keeps_the_hits(archive: Archive) -> None:
    """reindex reports its counts and search answers the same afterwards."""
    run(archive, "add", str(DATA))
    before = json.loads(run(archive, "search", "zanzibar", "--json").output)
    result = run(archive, "reindex")
    assert result.exit_code == 0
    assert result.output == "reindexed 12 passages from 4 episodes\n"
    assert json.loads(run(archive, "search", "zanzibar", "--json").output) == before


def test_optimize_merges_single_adds_and_keeps_the_hits(archive: Archive) -> None:
    """Each single add leaves a segment; optimize merges them, and search answers the same."""
    for path in sorted(DATA.iterdir()):
        run(archive, "add", str(path))

    def hits() -> list[tuple[str, str]]:
        # Scores move a little (Whoosh keeps some statistics per segment), the hits do not.
        found = json.loads(run(archive, "search", "zanzibar", "--json").output)["hits"]
        return [(h["passage_id"], h["text"]) for h in found]

    before = hits()
    result = run(archive, "optimize")
    assert result.exit_code == 0
    assert result.output == "merged 4 index segments into one\n"
    assert run(archive, "optimize").output == "already one segment\n"
    assert hits() == before and before
    assert run(archive, "verify").exit_code == 0


def _verbatim() -> Path:
    """Return the installed console script beside this interpreter."""
    return Path(sys.executable).parent / "verbatim"


@pytest.mark.skipif(
    not _verbatim().exists(), reason="the package is not installed (pip install -e .)"
)
def test_the_installed_command_runs(tmp_path: Path, tree_hash: TreeHash) -> None:
    """The real console script works end to end and fails cleanly."""
    root = tmp_path / "a"
    exe = str(_verbatim())

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [exe, "--archive", str(root), *args], capture_output=True, text=True, timeout=60
        )

    assert call("init").returncode == 0
    added = call("add", str(DATA / "market-voices.txt"), "--json")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["id"] == "market-voices"
    before = tree_hash(root)
    failed = call("add", str(tmp_path / "nope.srt"))
    assert failed.returncode == 1
    assert failed.stderr == f"error: {tmp_path / 'nope.srt'}: no such file\n"
    assert tree_hash(root) == before
    found = call("search", "cheese", "--json")
    assert json.loads(found.stdout)["hits"][0]["speaker"] == "Teodor Vance"


def test_python_dash_m_archive_runs(tmp_path: Path) -> None:
    """`python -m archive` is the same command line."""
    result = subprocess.run(
        [sys.executable, "-m", "archive", "--archive", str(tmp_path / "a"), "init"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a" / "archive.json").is_file()


def test_add_prints_warnings_indented(archive: Archive) -> None:
    """What the reader forgave is reported under the file's line."""
    result = run(archive, "add", str(DATA / "carried-voice.vtt"))
    assert result.exit_code == 0
    first, *rest = result.output.splitlines()
    assert first.startswith('added carried-voice: "Carried voice"')
    forgiven = rest.index("  inferred or forgiven:")
    assert rest[forgiven + 1 :] == [
        "    - 1 cue has no voice span and took the speaker of the cue before"
    ]


def test_serve_builds_the_app_and_prints_the_url(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve hands the web app for this archive to waitress, after printing where it is."""
    import waitress

    served: dict[str, object] = {}

    def fake_serve(app: object, *, host: str, port: int, **options: object) -> None:
        served.update(app=app, host=host, port=port)

    monkeypatch.setattr(waitress, "serve", fake_serve)
    result = run(archive, "serve", "--port", "5123", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"serving {archive.root} at http://127.0.0.1:5123/")
    assert (served["host"], served["port"]) == ("127.0.0.1", 5123)
    assert served["app"].config["ARCHIVE"] == str(archive.root)  # type: ignore[attr-defined]


def test_a_bulk_add_suggests_optimize_when_the_index_is_in_many_segments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a folder is added, many index segments earn a one-line tip; few earn none."""
    from archive.cli import episodes
    from archive.search.indexing import part_count as segment_count

    root = tmp_path / "archive"
    run(root, "init")
    for name in ["market-voices.txt", "zanzibar-late.txt"]:
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        for copy in ("a", "b"):
            text = (DATA / name).read_text(encoding="utf-8") + f"\n\nCopy {copy}.\n"
            (folder / f"{copy}-{name}").write_text(text, encoding="utf-8")
    quiet = run(root, "add", str(tmp_path / "market-voices"))
    assert quiet.exit_code == 0 and "tip:" not in quiet.output
    segments = segment_count(Archive.open(root))
    monkeypatch.setattr(episodes, "SEGMENTS_WORTH_MERGING", segments)
    tipped = run(root, "add", str(tmp_path / "zanzibar-late"))
    assert tipped.exit_code == 0
    tip = tipped.output.strip().splitlines()[-1]
    assert tip.startswith(f"tip: the search index is now in {segments + 1} segments")
    assert tip.endswith("optimize` merges them for quicker searches")


def test_a_failure_nobody_foresaw_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """An exception the code does not handle ends the command with one `error:` line that
    names the command and asks for a report; exit 2, no traceback."""
    from tests.cli_process import verbatim

    root = tmp_path / "archive"
    assert verbatim(root, "init").returncode == 0
    example = Path(__file__).resolve().parent.parent / "examples" / "harbour-lights.vtt"
    assert verbatim(root, "add", str(example)).returncode == 0
    failed = verbatim(root, "remove", "harbour-lights", raising="tmp-written:1")
    assert failed.returncode == 2, failed.stderr
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in failed.stderr
    assert lines[0].startswith("error: ") and "remove harbour-lights" in lines[0]
    assert "bug in Verbatim" in lines[0] and "InjectedFault" in lines[0]


def test_collapsing_an_empty_index_finds_nothing(tmp_path: Path) -> None:
    """`search --collapse` on an archive whose only episode was removed: 0 episodes, exit 0."""
    from tests.cli_process import verbatim

    root = tmp_path / "archive"
    assert verbatim(root, "init").returncode == 0
    found = verbatim(root, "search", "lamp", "--collapse")
    assert found.returncode == 0 and "0 episodes match" in found.stdout, found.stderr
    example = Path(__file__).resolve().parent.parent / "examples" / "harbour-lights.vtt"
    assert verbatim(root, "add", str(example)).returncode == 0
    assert verbatim(root, "remove", "harbour-lights").returncode == 0
    for query in ("lamp", "nothing at all"):
        found = verbatim(root, "search", query, "--collapse")
        assert found.returncode == 0, found.stderr
        assert "0 episodes match" in found.stdout


def test_list_shows_what_it_can_and_names_what_it_cannot(tmp_path: Path) -> None:
    """One unreadable record: the others are listed, one warning names it, exit 1."""
    from tests.cli_process import verbatim

    root = tmp_path / "archive"
    assert verbatim(root, "init").returncode == 0
    examples = Path(__file__).resolve().parent.parent / "examples"
    assert verbatim(root, "add", str(examples)).returncode == 0
    ids = sorted(p.name for p in (root / "episodes").iterdir())
    (root / "episodes" / ids[0] / "episode.json").write_text('{"trunc', encoding="utf-8")
    listed = verbatim(root, "list", "--json")
    assert listed.returncode == 1
    assert sorted(row["id"] for row in json.loads(listed.stdout)) == ids[1:]
    warnings = listed.stderr.strip().splitlines()
    assert len(warnings) == 1 and f"episodes/{ids[0]}/episode.json" in warnings[0]
    assert warnings[0].startswith("warning: ") and "verbatim verify" in warnings[0]
