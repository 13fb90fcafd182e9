"""Exporting search results: rows, CSV that parses back, JSON, and the CLI formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.cli import cli
from archive.errors import QueryError
from archive.ingest.pipeline import add_file
from archive.search.export import COLUMNS, export_rows, to_csv, to_json
from archive.search.service import SearchService
from archive.store.folder import Archive

# Search behaviour every engine must show: runs once per available engine (conftest).
pytestmark = pytest.mark.engine_contract

DATA = Path(__file__).resolve().parent / "data" / "search"
WEB_DATA = Path(__file__).resolve().parent / "data" / "web"


@pytest.fixture
def desk(archive: Archive) -> Archive:
    """Two of the search fixtures: one timed with markup in it, one untimed."""
    add_file(
        archive,
        DATA / "keepers-night.vtt",
        title="Keepers of the Night",
        show="Coastal Voices",
        date="2023-05-10",
    )
    add_file(
        archive,
        DATA / "market-dawn.txt",
        title="Market at Dawn",
        show="City Desk",
        date="2022-11-02",
    )
    return archive


def run(archive: Archive, *args: str) -> Result:
    """Run the command line on the archive."""
    return CliRunner().invoke(cli, ["--archive", str(archive.root), *args], catch_exceptions=False)


def test_rows_have_the_columns(desk: Archive) -> None:
    """Each row names its date, show, episode, speaker, section, times, text and permalink."""
    rows = export_rows(desk, "storm", sort="newest")
    assert [r["permalink"] for r in rows] == [
        "/p/keepers-night.3",
        "/p/keepers-night.4",
        "/p/market-dawn.2",
        "/p/market-dawn.3",
    ]
    assert rows[1] == {
        "date": "2023-05-10",
        "show": "Coastal Voices",
        "episode_id": "keepers-night",
        "episode_title": "Keepers of the Night",
        "speaker": "Mu Sochua",
        "section": None,
        "start": "0:19",
        "start_ms": 19_000,
        "end_ms": 28_000,
        "text": "Only once. The keeper climbed the stairs in the dark, and the storm broke "
        "the northern window.",
        "permalink": "/p/keepers-night.4",
    }
    assert rows[2]["start"] is None and rows[2]["start_ms"] is None


def test_filters_and_limit_apply(desk: Archive) -> None:
    """Export takes the search filters and a row limit; nonsense limits are refused."""
    assert len(export_rows(desk, "storm", show="City Desk")) == 2
    assert len(export_rows(desk, "storm", date_from="2023")) == 2
    assert len(export_rows(desk, "storm", limit=1)) == 1
    with SearchService(desk) as service:
        assert export_rows(service, "storm") == export_rows(desk, "storm")
    with pytest.raises(QueryError):
        export_rows(desk, "storm", limit=0)


def test_csv_parses_back(desk: Archive) -> None:
    """CSV has a header row and CRLF line ends; markup, commas and quotes survive intact."""
    rows = export_rows(desk, "listener OR storm", sort="oldest")
    text = to_csv(rows)
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    parsed = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["permalink"] for r in parsed] == [r["permalink"] for r in rows]
    script = next(r for r in parsed if r["permalink"] == "/p/keepers-night.6")
    assert script["text"] == (
        "<script>alert('keeper')</script> is what a listener typed into our form & we printed it."
    )
    assert parsed[0]["start_ms"] == ""  # unknown values are empty cells
    assert json.loads(to_json(rows)) == rows


def test_csv_cells_never_run_as_formulas() -> None:
    """A cell starting with = + - @ or a tab opens as text: it gets a leading apostrophe."""
    rows = [
        {"text": '=HYPERLINK("x")', "speaker": "@handle", "show": "-2+3", "section": "\tcmd"},
        {"text": "plain words", "speaker": None, "start_ms": 0},
    ]
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows), newline="")))
    assert parsed[0]["text"] == '\'=HYPERLINK("x")'
    assert parsed[0]["speaker"] == "'@handle"
    assert parsed[0]["show"] == "'-2+3"
    assert parsed[0]["section"] == "'\tcmd"
    assert parsed[1]["text"] == "plain words"
    assert parsed[1]["speaker"] == "" and parsed[1]["start_ms"] == "0"


def test_csv_bom_is_only_a_prefix(desk: Archive) -> None:
    """`bom=True` (for Excel) adds a byte-order mark and changes nothing else."""
    rows = export_rows(desk, "storm")
    assert not to_csv(rows).startswith("\ufeff")
    assert to_csv(rows, bom=True) == "\ufeff" + to_csv(rows)


def test_cli_csv_is_formula_safe(desk: Archive) -> None:
    """`search --format csv` guards a transcript line like =HYPERLINK(...) as the site does."""
    add_file(desk, WEB_DATA / "formula-cells.vtt", episode_id="formula", show="Flyers")
    out = run(desk, "search", "flyer OR code", "--format", "csv")
    assert out.exit_code == 0
    assert not out.output.startswith("\ufeff")
    rows = {r["speaker"]: r["text"] for r in csv.DictReader(io.StringIO(out.output, newline=""))}
    assert rows["Ivy Marsh"].startswith("'=HYPERLINK(")
    assert rows["Ned Marsh"].startswith("'+44")
    # JSON is data, not a spreadsheet: it keeps the text as spoken.
    as_json = json.loads(run(desk, "search", "flyer", "--format", "json").output)
    assert as_json["hits"][0]["text"].startswith("=HYPERLINK(")


def test_cli_formats(desk: Archive) -> None:
    """`search --format csv|json`, and `--json` as the old spelling of `--format json`."""
    out = run(desk, "search", "storm", "--format", "csv", "--sort", "newest")
    assert out.exit_code == 0
    parsed = list(csv.DictReader(io.StringIO(out.output, newline="")))
    assert len(parsed) == 4 and parsed[0]["episode_id"] == "keepers-night"
    as_json = json.loads(run(desk, "search", "storm", "--format", "json").output)
    assert as_json == json.loads(run(desk, "search", "storm", "--json").output)
    assert as_json["total"] == 4
    assert as_json["facets"]["year"] == [
        {"value": "2022", "count": 2},  # a tie is broken by the value
        {"value": "2023", "count": 2},
    ]
    collapsed = json.loads(run(desk, "search", "storm", "--collapse", "--json").output)
    assert collapsed["total"] == 2 and collapsed["passages"] == 4


def test_cli_text_shows_hints_and_paging(desk: Archive) -> None:
    """The human output shows did-you-mean, notes, page and per-episode counts."""
    hint = run(desk, "search", "stairz")
    assert "did you mean: stairs" in hint.output
    note = run(desk, "search", "*orm lamp")
    assert "note:" in note.stderr and "wildcard" in note.stderr
    paged = run(desk, "search", "storm", "--limit", "2", "--page", "2", "--sort", "oldest")
    assert "showing 3\u20134, page 2 of 2" in paged.output
    assert "/p/keepers-night.3" in paged.output
    collapsed = run(desk, "search", "storm", "--collapse")
    assert "2 episodes match (4 passages)" in collapsed.output
    assert "+1 more match in this episode" in collapsed.output
    filtered = run(
        desk,
        "search",
        "storm",
        "--from",
        "2023",
        "--to",
        "2023-12",
        "--episode",
        "keepers-night",
        "--show",
        "Coastal Voices",
        "--json",
    )
    assert json.loads(filtered.output)["total"] == 2
    too_many = run(desk, "search", "storm", "--limit", "500")
    assert too_many.exit_code == 2
