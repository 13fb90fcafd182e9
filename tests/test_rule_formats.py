"""Text rules learned once work in every format: inline times, credit lines, footers, furniture.

Each rule (`transcripts.inline_times`, `transcripts.credits`, `transcripts.furniture`,
`transcripts.site_lines`) is written into the same short conversation in each format it
applies to, and must come out the same: a time written into the words becomes the
passage's time (or repeats the format's own, which wins) and leaves the words; a credit,
a footer or a line of page furniture is no one's speech, and the report says it went.
No rule may move words from one speaker to another.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from transcripts import Document
from transcripts.formats import read_document

FIRST = "The lighthouse keeper rows out every Sunday."
SECOND = "And the weather never stops her."
THIRD = "Not once in thirty winters."


def _vtt(lines: list[str]) -> str:
    cues = [
        f"00:00:{2 * i + 1:02d}.000 --> 00:00:{2 * i + 2:02d}.000\n{line}\n"
        for i, line in enumerate(lines)
    ]
    return "WEBVTT\n\n" + "\n".join(cues)


def _srt(lines: list[str]) -> str:
    cues = [
        f"{i + 1}\n00:00:{2 * i + 1:02d},000 --> 00:00:{2 * i + 2:02d},000\n{line}\n"
        for i, line in enumerate(lines)
    ]
    return "\n".join(cues)


def _text(lines: list[str]) -> str:
    return "\n\n".join(lines) + "\n"


def _html(lines: list[str]) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return f"<html><body><main>{paragraphs}</main></body></html>"


def _json_timed(lines: list[str]) -> str:
    # Timed segments that name no speaker: the labels (and times) are in the text.
    return json.dumps(
        [{"start": 2.0 * i + 1, "end": 2.0 * i + 2, "text": line} for i, line in enumerate(lines)]
    )


def _json_untimed(lines: list[str]) -> str:
    # A sentence list with no times at all: only the text can say when.
    return json.dumps({"sentences": [{"speaker": None, "text": line} for line in lines]})


FORMATS: dict[str, Callable[[list[str]], str]] = {
    "vtt": _vtt,
    "srt": _srt,
    "txt": _text,
    "md": _text,
    "html": _html,
    "json": _json_timed,
}
# Formats whose blocks carry no time of their own, so a time in the text is the only one.
UNTIMED: dict[str, Callable[[list[str]], str]] = {
    "txt": _text,
    "md": _text,
    "html": _html,
    "json": _json_untimed,
}


def _read(format: str, lines: list[str], writer: Callable[[list[str]], str]) -> Document:
    data = writer(lines).encode()
    return read_document(data, filename=f"talk.{format}", format=format)


def _said(document: Document) -> list[tuple[str | None, str]]:
    return [(u.speaker, u.text) for u in document.utterances]


# --- inline times --------------------------------------------------------------------

# Style name -> a time as written before the label, and the milliseconds it names.
TIME_STYLES: dict[str, tuple[str, int]] = {
    "brackets": ("[00:01:05]", 65_000),
    "parentheses": ("(1:05)", 65_000),
    "unpadded seconds": ("[0:1:5]", 65_000),
    "bold brackets": ("**[01:05]**", 65_000),
    "escaped Markdown brackets": ("\\[01:05\\]", 65_000),
}


@pytest.mark.parametrize("format", list(FORMATS))
@pytest.mark.parametrize("style", list(TIME_STYLES))
def test_a_time_written_before_a_label_leaves_the_words(format: str, style: str) -> None:
    written, _ = TIME_STYLES[style]
    document = _read(
        format, [f"{written} Ines Calder: {FIRST}", f"Oren Vale: {SECOND}"], FORMATS[format]
    )
    assert _said(document) == [("Ines Calder", FIRST), ("Oren Vale", SECOND)]


@pytest.mark.parametrize("format", list(UNTIMED))
@pytest.mark.parametrize("style", list(TIME_STYLES))
def test_a_time_written_into_untimed_text_is_its_time(format: str, style: str) -> None:
    written, ms = TIME_STYLES[style]
    document = _read(
        format, [f"{written} Ines Calder: {FIRST}", "Oren Vale: " + SECOND], UNTIMED[format]
    )
    first = document.utterances[0]
    assert (first.speaker, first.start_ms, first.text) == ("Ines Calder", ms, FIRST)


@pytest.mark.parametrize("format", ["vtt", "srt", "json"])
def test_the_formats_own_time_wins_over_one_written_in_the_text(format: str) -> None:
    document = _read(format, [f"[09:09] {FIRST}", SECOND], FORMATS[format])
    assert document.utterances[0].start_ms == 1_000
    assert FIRST in document.utterances[0].text and "09:09" not in document.utterances[0].text


@pytest.mark.parametrize("format", list(UNTIMED))
def test_a_time_alone_times_what_follows(format: str) -> None:
    document = _read(
        format, ["Ines Calder: " + FIRST, "[02:00]", "Oren Vale: " + SECOND], UNTIMED[format]
    )
    assert _said(document) == [("Ines Calder", FIRST), ("Oren Vale", SECOND)]
    assert document.utterances[1].start_ms == 120_000


@pytest.mark.parametrize("format", ["txt", "md", "html"])
def test_a_bare_time_on_its_own_line_times_what_follows(format: str) -> None:
    # YouTube's transcript panel, copied out: a time, then what is said from it.
    document = _read(format, ["0:03", FIRST, "0:07", SECOND], UNTIMED[format])
    assert [(u.start_ms, u.text) for u in document.utterances] == [(3_000, FIRST), (7_000, SECOND)]


@pytest.mark.parametrize("format", ["vtt", "srt"])
def test_a_dialogue_dash_after_a_time_still_marks_a_new_voice(format: str) -> None:
    document = _read(
        format, [f"Ines Calder: {FIRST}", f"[00:03] - {SECOND}\n- {THIRD}"], FORMATS[format]
    )
    said = _said(document)
    assert said[0] == ("Ines Calder", FIRST)
    assert said[1:] == [(None, SECOND), (None, THIRD)], "a new voice, never the previous one"


@pytest.mark.parametrize("format", ["html", "json"])
def test_an_impossible_time_is_not_taken_for_one(format: str) -> None:
    # Text readers point at it with a ParseError instead (tests/test_formats_text.py).
    document = _read(format, [f"Ines Calder: {FIRST}", f"[12:75] {SECOND}"], UNTIMED[format])
    assert any("12:75" in u.text for u in document.utterances), "kept as written"


# --- credit lines and tool footers -----------------------------------------------------

CREDITS = {
    "subtitler's credit": "Subtitles by the Harbour Lights volunteer team",
    "subtitle site": "Downloaded from www.example-subs.org",
    "Otter's footer": "Transcribed by https://otter.ai",
}


def _turns(count: int) -> list[str]:
    """Return `count` labelled turns, the two speakers taking turns."""
    words = [FIRST, SECOND, THIRD, "Right.", "Quite so."]
    return [f"{('Ines Calder', 'Oren Vale')[i % 2]}: {words[i % 5]}" for i in range(count)]


def _all_text(document: Document) -> str:
    return " ".join(u.text for u in document.utterances)


@pytest.mark.parametrize("format", list(FORMATS))
@pytest.mark.parametrize("credit", list(CREDITS))
@pytest.mark.parametrize("where", ["first", "last"])
def test_a_credit_line_at_either_end_is_nobodys_speech(
    format: str, credit: str, where: str
) -> None:
    line = CREDITS[credit]
    said = [f"Ines Calder: {FIRST}", f"Oren Vale: {SECOND}"]
    lines = [line, *said] if where == "first" else [*said, line]
    document = _read(format, lines, FORMATS[format])
    assert _said(document) == [("Ines Calder", FIRST), ("Oren Vale", SECOND)]
    assert any(
        "credit" in warning or "Transcribed by" in warning for warning in document.warnings
    ), "the report says what was left out"


@pytest.mark.parametrize("format", ["txt", "md", "html"])
def test_a_credit_in_the_middle_of_a_page_is_speech(format: str) -> None:
    # Five turns on either side: the credit's words are well inside the file.
    lines = [*_turns(5), "Subtitles by the harbour volunteers, she said.", *_turns(5)]
    document = _read(format, lines, FORMATS[format])
    assert "Subtitles by the harbour volunteers" in _all_text(document)


@pytest.mark.parametrize("format", ["txt", "md", "html"])
def test_a_labelled_turn_that_mentions_a_website_is_kept(format: str) -> None:
    # Only an unlabelled paragraph can be a credit: a speaker's words are theirs.
    document = _read(
        format,
        [f"Ines Calder: {FIRST}", "Oren Vale: Subtitles by www.example-subs.org, really."],
        FORMATS[format],
    )
    assert _said(document)[-1] == ("Oren Vale", "Subtitles by www.example-subs.org, really.")


def test_a_credit_wrapped_into_a_text_paragraph_is_kept() -> None:
    # The last line of a wrapped paragraph is someone speaking, not a credit line.
    text = f"Ines Calder: {FIRST}\n\nOren Vale: {SECOND} Find us at\nwww.example-subs.org\n"
    document = read_document(text.encode(), filename="talk.txt")
    assert _said(document)[-1] == ("Oren Vale", f"{SECOND} Find us at www.example-subs.org")


@pytest.mark.parametrize("format", ["txt", "md", "html", "json"])
def test_otters_footer_in_any_format_is_left_out(format: str) -> None:
    document = _read(format, [*_turns(5), "Transcribed by https://otter.ai"], UNTIMED[format])
    assert "otter.ai" not in _all_text(document)
    assert _said(document) == [(line.split(": ")[0], line.split(": ")[1]) for line in _turns(5)]


# --- a website's widgets ----------------------------------------------------------------

WIDGETS = {
    "share button": "Share this:",
    "like button": "Like Loading…",
    "cookie notice": "We use cookies to make this site work.",
    "subscribe box": "Subscribe to the Harbour Lights newsletter",
    "post meta line": "Filed under: Interviews, Lighthouses",
}


@pytest.mark.parametrize("format", ["txt", "md", "html"])
@pytest.mark.parametrize("widget", list(WIDGETS))
def test_a_websites_widget_is_furniture_in_text_and_pages(format: str, widget: str) -> None:
    lines = [f"Ines Calder: {FIRST}", WIDGETS[widget], f"Oren Vale: {SECOND}", "Ines Calder: Yes."]
    document = _read(format, lines, UNTIMED[format])
    assert _said(document) == [
        ("Ines Calder", FIRST),
        ("Oren Vale", SECOND),
        ("Ines Calder", "Yes."),
    ]
    assert any("furniture" in warning for warning in document.warnings)


@pytest.mark.parametrize("format", ["txt", "md"])
def test_a_widgets_words_inside_a_wrapped_paragraph_are_speech(format: str) -> None:
    text = f"Ines Calder: {FIRST} And then\nwe use cookies to bait the lobster pots.\n"
    document = read_document(text.encode(), filename=f"talk.{format}")
    assert _said(document) == [
        ("Ines Calder", f"{FIRST} And then we use cookies to bait the lobster pots.")
    ]


# --- a block of interview details -------------------------------------------------------

DETAILS = ["Interviewer: Samuel Idowu", "Interviewee: Ana Ruiz", "Place: The north pier"]


@pytest.mark.parametrize("format", ["txt", "md", "html"])
def test_interview_details_are_furniture_and_name_the_people(format: str) -> None:
    # In a text file the block is one paragraph, its lines together; a page gives each
    # line a paragraph of its own.
    turns = [f"Idowu: {FIRST}", f"Ruiz: {SECOND}", f"Idowu: {THIRD}", "Ruiz: Right."]
    details = DETAILS if format == "html" else ["\n".join(DETAILS)]
    document = _read(format, [*details, *turns], UNTIMED[format])
    assert [u.text for u in document.utterances] == [FIRST, SECOND, THIRD, "Right."]
    people = {(p.name, p.role) for p in document.participants}
    assert people == {("Samuel Idowu", "host"), ("Ana Ruiz", "guest")}


def test_short_turns_labelled_with_role_words_stay_speech_on_a_page() -> None:
    # Side by side, `Interviewer: Tell me.` / `Narrator: It was cold.` look like a block of
    # details; they are turns, because a role's value must be a name.
    lines = ["Interviewer: Tell me about the pier.", "Narrator: It was cold.",
             "Interviewer: And then?", "Narrator: We rowed."]  # fmt: skip
    document = _read("html", lines, _html)
    assert [u.text for u in document.utterances] == [line.split(": ")[1] for line in lines]
    assert document.participants == ()
