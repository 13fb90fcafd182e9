"""One label grammar for every format: a label shape read in one is read in all.

Each shape of speaker label (`transcripts.labels`) is written into the same two-turn
conversation in each format Verbatim reads, and must come out as the same speaker with
the label and its time taken out of the words. The safety rules hold everywhere too: a
line shaped like a label that no rule reads, or a `>>` with no name, starts a turn whose
speaker is unknown, never the previous speaker's.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from transcripts.formats import read_document

FIRST = "The ferry to the north island leaves at dawn."
SECOND = "Then we should pack the tents tonight."

# Shape name -> the first line as written, and the speaker it names.
SHAPES: dict[str, tuple[str, str]] = {
    "plain": (f"Ines Calder: {FIRST}", "Ines Calder"),
    "capitals": (f"INES CALDER: {FIRST}", "INES CALDER"),
    "chevrons": (f">> INES CALDER: {FIRST}", "INES CALDER"),
    "title and seat": (f"Sen. INES CALDER, (D) Oregon: {FIRST}", "INES CALDER"),
    "time after the name": (f"Ines Calder (00:01:02): {FIRST}", "Ines Calder"),
    "bracketed name, then time": (f"[Ines Calder] 00:01:02 {FIRST}", "Ines Calder"),
    "wrapped in bold with its time": (f"**[00:21] Ines Calder:** {FIRST}", "Ines Calder"),
    "full-width colon": (f"Ines Calder：{FIRST}", "Ines Calder"),
    "office, then the member": (
        f"The Minister for Ports (Ms Ines Calder): {FIRST}",
        "Ines Calder",
    ),
}


def _vtt(first: str, second: str) -> str:
    return (
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n"
        f"{first}\n\n00:00:05.000 --> 00:00:09.000\n{second}\n"
    )


def _srt(first: str, second: str) -> str:
    return (
        f"1\n00:00:01,000 --> 00:00:04,000\n{first}\n\n2\n00:00:05,000 --> 00:00:09,000\n{second}\n"
    )


def _text(first: str, second: str) -> str:
    return f"{first}\n\n{second}\n"


def _html(first: str, second: str) -> str:
    return f"<html><body><main><p>{first}</p><p>{second}</p></main></body></html>"


def _json(first: str, second: str) -> str:
    # A plain list of timed utterances that names no speaker: the labels are in the text.
    return json.dumps(
        [{"start": 1.0, "end": 4.0, "text": first}, {"start": 5.0, "end": 9.0, "text": second}]
    )


FORMATS: dict[str, Callable[[str, str], str]] = {
    "vtt": _vtt,
    "srt": _srt,
    "txt": _text,
    "md": _text,
    "html": _html,
    "json": _json,
}


def _said(format: str, first: str, second: str) -> list[tuple[str | None, str, str | None]]:
    data = FORMATS[format](first, second).encode()
    document = read_document(data, filename=f"talk.{format}", format=format)
    return [(u.speaker, u.text, u.unread_label) for u in document.utterances]


def _names(written: str | None, person: str) -> bool:
    """Return whether a label as written names the person (with or without their title)."""
    return written is not None and person.casefold() in written.casefold()


@pytest.mark.parametrize("format", list(FORMATS))
@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_label_shape_is_read_in_every_format(shape: str, format: str) -> None:
    line, speaker = SHAPES[shape]
    said = _said(format, line, f"Oren Vale: {SECOND}")
    assert len(said) == 2
    assert _names(said[0][0], speaker) and said[1][0] == "Oren Vale"
    assert said[0][1] == FIRST, "the label and its time are taken out of the words"
    assert said[1][1] == SECOND


@pytest.mark.parametrize("format", list(FORMATS))
@pytest.mark.parametrize(
    "second",
    [
        "ANNA (VOICE-OVER, LATER AT NIGHT) SAID TODAY: The tents are packed.",
        "THE PORT AUTHORITY SPOKESWOMAN FOR THE NORTHERN HARBOURS AND PIERS: The tents are packed.",
    ],
)
def test_a_label_no_rule_reads_starts_a_turn_with_no_speaker(format: str, second: str) -> None:
    said = _said(format, f"Ines Calder: {FIRST}", second)
    assert said[0][0] == "Ines Calder"
    speaker, text, unread = said[-1]
    assert speaker is None, "never the previous speaker's"
    assert unread is not None and text.startswith(unread), "kept whole, and reported"


@pytest.mark.parametrize("format", list(FORMATS))
def test_chevrons_without_a_name_are_a_new_unknown_voice(format: str) -> None:
    said = _said(format, f">> INES CALDER: {FIRST}", f">> {SECOND}")
    assert said[0][0] == "INES CALDER"
    assert said[-1][:2] == (None, SECOND)


def test_a_json_label_carries_on_to_the_segments_after_it() -> None:
    data = json.dumps(
        [
            {"start": 1.0, "end": 3.0, "text": f"Ines Calder: {FIRST}"},
            {"start": 3.0, "end": 5.0, "text": "The tide turns at six."},
            {"start": 5.0, "end": 9.0, "text": f"Oren Vale: {SECOND}"},
        ]
    ).encode()
    document = read_document(data, filename="talk.json")
    said = [(u.speaker, u.text) for u in document.utterances]
    assert said == [
        ("Ines Calder", FIRST),
        ("Ines Calder", "The tide turns at six."),
        ("Oren Vale", SECOND),
    ]
    assert any("'Name:' prefixes" in w for w in document.warnings), "the report says so"


def test_json_segments_without_labels_are_left_as_they_are() -> None:
    data = json.dumps(
        [
            {"start": 1.0, "end": 3.0, "text": "Note: the ferry is late."},
            {"start": 3.0, "end": 5.0, "text": "The tide turns at six."},
        ]
    ).encode()
    document = read_document(data, filename="talk.json")
    assert [u.speaker for u in document.utterances] == [None] * len(document.utterances)
    assert "Note: the ferry is late." in " ".join(u.text for u in document.utterances)


@pytest.mark.parametrize("format", ["txt", "md", "html"])
def test_a_labelled_fact_on_a_page_names_no_one(format: str) -> None:
    said = _said(format, f"Ines Calder: {FIRST}", "Photo credit (AFP): the north pier.")
    assert "Photo credit (AFP)" not in {speaker for speaker, _, _ in said}
    assert all(speaker != "Ines Calder" for speaker, text, _ in said if "pier" in text)
