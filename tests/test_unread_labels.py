"""Never the wrong person: a line shaped like a label that is not read as one is nobody's.

Labels with what the speaker is (`Sen. NAME, (R) State:`, `NAME, OFFICE:`, `Office (Name):`)
are read; a label-shaped line no rule accepts ends the turn before it, its turn has no
speaker, the ingest report names it, and `add --label` reads it as a label on request.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.cli import cli
from archive.store.folder import Archive
from transcripts import read_document
from transcripts.speakers import doubtful_label, split_label

# A voice-over label no rule reads: capitals, a bracket holding a long stage direction.
_UNREAD = "ANNA BELL (VOICE-OVER, ON THE PHONE FROM THE BOAT)"
RADIO = f"""DANA WHITLOCK: Welcome back. We are at the harbour tonight, and the boats are late.

{_UNREAD}: The swell came up after six and we turned back twice before the light.

We are fine, all of us, tell the families.

DANA WHITLOCK: That was Anna Bell, on the phone from the boat.
"""

CAPTIONS = f"""WEBVTT

00:00:01.000 --> 00:00:04.000
DANA WHITLOCK: Welcome back to the harbour.

00:00:04.000 --> 00:00:08.000
{_UNREAD}: The swell came up after six.

00:00:08.000 --> 00:00:11.000
We turned back twice before the light.

00:00:11.000 --> 00:00:14.000
DANA WHITLOCK: That was Anna Bell.
"""


def run(archive: Archive, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--archive", str(archive.root), *args])


def passages(archive: Archive, episode_id: str) -> list[dict]:
    result = run(archive, "export", episode_id, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["passages"]


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Sen. PAUL EXAMPLE, (R) Nevada: Thank you.", "Sen. PAUL EXAMPLE, (R) Nevada"),
        ("ROSA MÉNDEZ, SECRETARIA DE SALUD: Buenos días.", "ROSA MÉNDEZ, SECRETARIA DE SALUD"),
        ("JIM EXAMPLE, Radio Harbour: Good evening.", "JIM EXAMPLE, Radio Harbour"),
        ("The Minister for Roads (Ms Jo Pell): We will.", "The Minister for Roads (Ms Jo Pell)"),
        ("1. Mr Col Hartley (Saltmarsh) (Lab): What steps", "Mr Col Hartley (Saltmarsh) (Lab)"),
        ("Q3. Mr Col Hartley (Saltmarsh) (Lab): What steps", "Mr Col Hartley (Saltmarsh) (Lab)"),
    ],
)  # fmt: skip
def test_labels_that_say_what_the_speaker_is_are_read(line: str, label: str) -> None:
    assert split_label(line) == (label, line.split(": ", 1)[1])


@pytest.mark.parametrize(
    "line",
    [
        "Well, here is the thing: we lost.",
        "John, listen: it is late.",
        "The problem is this: we turned back.",
        "So the answer, in the end, was no: we stayed.",
        "1. Introduction: the harbour",
    ],
)
def test_sentences_with_a_comma_and_a_colon_are_not_labels(line: str) -> None:
    assert split_label(line) is None
    assert doubtful_label(line) is None


@pytest.mark.parametrize(
    "line",
    [
        f"{_UNREAD}: The swell came up.",
        "MARY (on the phone): Hello?",
        "Dr. Ruth Abara of the Institute for Coasts: We measured it.",
        "Well, This Is It: a line",
    ],
)
def test_label_shaped_lines_no_rule_reads_are_doubtful(line: str) -> None:
    assert split_label(line) is None
    assert doubtful_label(line) == line.split(":", 1)[0]


@pytest.mark.parametrize(("name", "source"), [("radio.txt", RADIO), ("radio.vtt", CAPTIONS)])
def test_an_unread_label_starts_a_turn_with_no_speaker(name: str, source: str) -> None:
    document = read_document(source.encode(), filename=name)
    by_text = {u.text: u for u in document.utterances}
    opening = next(u for text, u in by_text.items() if text.startswith(_UNREAD))
    following = next(u for text, u in by_text.items() if "turned back twice" in text)
    if name.endswith(".txt"):
        following = next(u for text, u in by_text.items() if text.startswith("We are fine"))
    # Nobody's, not the host's whose turn came before: and the label is kept in the text.
    assert opening.speaker is None and following.speaker is None
    assert opening.unread_label == following.unread_label == _UNREAD


def test_the_report_names_the_line_and_add_label_reads_it(archive: Archive, tmp_path: Path) -> None:
    source = tmp_path / "radio.txt"
    source.write_text(RADIO, encoding="utf-8")
    first = run(archive, "add", str(source))
    assert first.exit_code == 0, first.output
    assert f"'{_UNREAD}:'" in first.output and f"--label '{_UNREAD}'" in first.output
    before = passages(archive, "radio")
    assert [p["speaker"] for p in before] == ["DANA WHITLOCK", None, None, "DANA WHITLOCK"]
    assert before[1]["text"].startswith(_UNREAD)  # nothing of the source is lost

    again = run(archive, "add", str(source), "--label", _UNREAD)
    assert again.exit_code == 0, again.output
    assert "corrected radio" in again.output
    after = passages(archive, "radio")
    assert [p["speaker"] for p in after] == ["DANA WHITLOCK", _UNREAD, _UNREAD, "DANA WHITLOCK"]
    assert (
        after[1]["text"] == "The swell came up after six and we turned back twice before the light."
    )
    # A correction: the passages keep their ids, so permalinks to them still lead here.
    assert [p["id"] for p in after] == [p["id"] for p in before]


def test_a_label_that_matches_no_line_is_reported(archive: Archive, tmp_path: Path) -> None:
    source = tmp_path / "radio.txt"
    source.write_text(RADIO, encoding="utf-8")
    result = run(archive, "add", str(source), "--label", "NOBODY HERE")
    assert result.exit_code == 0, result.output
    assert "--label 'NOBODY HERE' matches no line of the source" in result.output
