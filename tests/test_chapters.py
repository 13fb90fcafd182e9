"""Chapters files as sections: placed by time, kept in the archive, reported when wrong."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.cli import cli
from archive.store.folder import Archive
from transcripts.chapters import apply_chapters
from transcripts.errors import TranscriptError
from transcripts.model import Document, Heading, Utterance

DATA = Path(__file__).resolve().parent / "data" / "archive"
CHAPTERS = Path(__file__).resolve().parent / "data" / "chapters" / "lighthouse-night.chapters.json"


def run(archive: Archive, *args: str) -> Result:
    """Run one command against an archive folder."""
    return CliRunner().invoke(cli, ["--archive", str(archive.root), *args])


def _timed(*starts: int) -> Document:
    items = tuple(
        Utterance(f"line {i}", "Ana", start, start + 1000) for i, start in enumerate(starts)
    )
    return Document(format="vtt", items=items, unit="cue")


def test_chapters_are_placed_before_the_first_line_at_or_after_their_time() -> None:
    """Each chapter heading goes where its start time falls, and replaces old headings."""
    document = _timed(0, 5000, 10_000, 15_000)
    document = Document(format="vtt", items=(Heading("Old"), *document.items), unit="cue")
    chapters = [Heading("Later", 9000), Heading("Start", 0)]
    placed = apply_chapters(document, chapters, name="c.json")
    layout = [i.title if isinstance(i, Heading) else i.text for i in placed.items]
    assert layout == ["Start", "line 0", "line 1", "Later", "line 2", "line 3"]
    assert any("replace the transcript's own 1 headings" in w for w in placed.warnings)


def test_chapters_after_the_end_are_reported_not_lost_silently() -> None:
    """A chapter that starts after the last line is ignored, with a warning."""
    placed = apply_chapters(
        _timed(0, 1000), [Heading("Intro", 0), Heading("Gone", 99_000)], name="c"
    )
    assert [i.title for i in placed.items if isinstance(i, Heading)] == ["Intro"]
    assert any("ignored 1 chapters" in w for w in placed.warnings)


def test_an_untimed_transcript_cannot_take_chapters() -> None:
    """Chapters are times: a transcript without times says so and what to do instead."""
    untimed = Document(format="txt", items=(Utterance("Hello.", "Ana"),))
    with pytest.raises(TranscriptError, match="timed transcript"):
        apply_chapters(untimed, [Heading("Intro", 0)], name="c.json")


def test_add_with_chapters_makes_sections_and_keeps_the_file(archive: Archive) -> None:
    """`add --chapters` turns chapters into sections and keeps the chapters file too."""
    chapters = CHAPTERS
    result = run(archive, "add", str(DATA / "lighthouse-night.vtt"), "--chapters", str(chapters))
    assert result.exit_code == 0, result.output
    episode = json.loads(run(archive, "export", "lighthouse-night", "--format", "json").output)
    assert [(s["title"], s["start_ms"]) for s in episode["sections"]] == [
        ("Welcome", 0),
        ("Tending the lamp", 9500),
    ]
    by_section = {p["text"].split()[0]: p["section"] for p in episode["passages"]}
    assert by_section["Welcome"] == "s1" and by_section["The"] == "s2"
    kept = archive.root / "episodes" / "lighthouse-night" / "original" / chapters.name
    assert kept.read_bytes() == chapters.read_bytes()


def test_a_bad_chapters_file_changes_nothing(
    archive: Archive, tmp_path: Path, tree_hash: Callable[[Path], str]
) -> None:
    """A broken chapters file is one error line naming it; the archive is left as it was."""
    broken = tmp_path / "broken.chapters.json"
    broken.write_text('{"chapters": [', encoding="utf-8")
    before = tree_hash(archive.root)
    result = run(archive, "add", str(DATA / "lighthouse-night.vtt"), "--chapters", str(broken))
    assert result.exit_code == 1
    assert "broken.chapters.json" in result.stderr and result.stderr.count("\n") == 1
    assert tree_hash(archive.root) == before


def test_chapters_go_with_one_file_only(archive: Archive) -> None:
    """Chapters describe one episode: with a folder they are a usage error."""
    result = run(archive, "add", str(DATA), "--chapters", str(DATA / "lighthouse-night.vtt"))
    assert result.exit_code == 2
    assert "one file only" in result.output


def test_a_chapters_file_beside_a_transcript_is_paired_in_a_folder(
    archive: Archive, tmp_path: Path
) -> None:
    """In a folder, NAME.chapters.json gives NAME's sections and is never read as a transcript."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "lighthouse-night.vtt").write_bytes((DATA / "lighthouse-night.vtt").read_bytes())
    (folder / CHAPTERS.name).write_bytes(CHAPTERS.read_bytes())
    result = run(archive, "add", str(folder), "--json")
    assert result.exit_code == 0, result.output
    (summary,) = [json.loads(line) for line in result.output.splitlines()]
    assert summary["sections"] == 2
    assert any(CHAPTERS.name in warning for warning in summary["warnings"])
