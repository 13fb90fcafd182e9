"""The plain-text and Markdown reader, and the speaker-label rules it relies on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcripts import Document, EmptyTranscriptError, Heading, ParseError, read_document
from transcripts.errors import TranscriptError
from transcripts.model import Participant, Utterance
from transcripts.speakers import is_name_like, split_label


def read(text: str, format: str = "txt") -> Document:
    """Read text in the given format."""
    document = read_document(text.encode("utf-8"), format=format)
    assert document.unit == "paragraph"
    return document


def spoken(document: Document) -> list[tuple[str | None, str]]:
    """Return (speaker, text) for each utterance."""
    return [(u.speaker, u.text) for u in document.utterances]


@pytest.mark.parametrize(
    "label",
    ["Ana", "Ana Ruiz", "ANA RUIZ", "Speaker 1", "Q", "Jean-Luc Picard", "Seán O'Brien",
     "Ursula von der Leyen", "Dr. Mei Lin", "សុខា", "李明"],
)  # fmt: skip
def test_name_like_labels(label: str) -> None:
    assert is_name_like(label)


@pytest.mark.parametrize(
    "label",
    ["Note", "NOTE", "Here is the thing", "Here Is The Thing We Know", "the host", "12", "",
     "von", "Update", "A very long label that is surely no person"],
)  # fmt: skip
def test_labels_that_are_not_names(label: str) -> None:
    assert not is_name_like(label)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ana Ruiz: Hello.", ("Ana Ruiz", "Hello.")),
        ("**Ana Ruiz:** Hello.", ("Ana Ruiz", "Hello.")),
        ("**Ana Ruiz**: Hello.", ("Ana Ruiz", "Hello.")),
        ("Ana:", ("Ana", "")),
        ("Note: the tape hisses here.", None),
        ("Here is the thing: it leaks.", None),
        ("At 10:30 we left.", None),
        ("See https://example.org for more.", None),
    ],
)
def test_split_label(line: str, expected: tuple[str, str] | None) -> None:
    assert split_label(line) == expected


def test_labels_start_paragraphs_and_unlabelled_paragraphs_continue() -> None:
    document = read("Ana: One.\nBo: Two.\nStill Bo.\n\nAlso Bo, a new paragraph.\n\nAna: Three.\n")
    assert spoken(document) == [
        ("Ana", "One."),
        ("Bo", "Two. Still Bo."),
        ("Bo", "Also Bo, a new paragraph."),
        ("Ana", "Three."),
    ]


def test_text_before_any_label_has_no_speaker() -> None:
    assert spoken(read("An introduction.\n\nAna: Hi.\n")) == [
        (None, "An introduction."),
        ("Ana", "Hi."),
    ]


def test_sentences_with_colons_are_not_labels() -> None:
    document = read("Ana: Listen.\nHere is the thing: it leaks.\nNote: so does the roof.\n")
    assert spoken(document) == [
        ("Ana", "Listen. Here is the thing: it leaks. Note: so does the roof.")
    ]


@pytest.mark.parametrize(
    ("line", "start_ms", "speaker", "text"),
    [
        ("[12:34] Ana: Hi.", 754_000, "Ana", "Hi."),
        ("(1:02:03) Ana: Hi.", 3_723_000, "Ana", "Hi."),
        ("[00:00:05.250] Ana: Hi.", 5_250, "Ana", "Hi."),
        ("Ana: [0:07] Hi.", 7_000, "Ana", "Hi."),
        ("Ana (0:09): Hi.", 9_000, "Ana", "Hi."),
        ("[0:11] Hi.", 11_000, None, "Hi."),
        ("Ana: Hi.", None, "Ana", "Hi."),
    ],
)
def test_leading_timestamps(
    line: str, start_ms: int | None, speaker: str | None, text: str
) -> None:
    (utterance,) = read(line + "\n").utterances
    assert (utterance.start_ms, utterance.speaker, utterance.text) == (start_ms, speaker, text)
    assert utterance.end_ms is None


def test_a_timestamp_alone_on_its_line_times_the_next_paragraph() -> None:
    (utterance,) = read("[02:00]\nAna: Hi.\n").utterances
    assert (utterance.start_ms, utterance.speaker) == (120_000, "Ana")


def test_a_timestamped_line_inside_a_paragraph_starts_a_new_one() -> None:
    document = read("Ana: One.\n[00:10] Two.\n")
    assert [(u.speaker, u.text, u.start_ms) for u in document.utterances] == [
        ("Ana", "One.", None),
        ("Ana", "Two.", 10_000),
    ]


def test_an_impossible_timestamp_is_a_parse_error_with_its_line() -> None:
    with pytest.raises(ParseError) as info:
        read("Ana: Hi.\n\n[12:75] Bo: Hello.\n", format="md")
    assert (info.value.line, info.value.format) == (3, "md")
    assert "12:75" in (info.value.snippet or "")


def test_front_matter_fills_the_metadata() -> None:
    front = "---\ntitle: 'Quiet Hours'\ndate: 2022-01-02\nlanguage: cy\nguests:\n  - Ana\n---\n"
    document = read(front + "\nAna: Hi.\n", format="md")
    assert (document.title, document.date, document.language) == ("Quiet Hours", "2022-01-02", "cy")
    assert spoken(document) == [("Ana", "Hi.")]


def test_rules_that_are_not_front_matter_are_ignored() -> None:
    document = read("---\nAna: Hi there, all of you.\n---\nBo: Hello.\n", format="md")
    assert document.title is None
    assert spoken(document) == [("Ana", "Hi there, all of you."), ("Bo", "Hello.")]


def test_headings_become_headings_and_a_leading_h1_the_title() -> None:
    document = read("# The Title\n\nAna: Hi.\n\n## Part two\n\nBo: Hello.\n", format="md")
    assert document.title == "The Title"
    assert document.items[1] == Heading("Part two")
    assert spoken(document) == [("Ana", "Hi."), ("Bo", "Hello.")]


def test_a_leading_h1_differing_from_the_front_matter_title_stays_a_heading() -> None:
    document = read("---\ntitle: Series\n---\n# Episode One\n\nAna: Hi.\n", format="md")
    assert document.title == "Series"
    assert document.items[0] == Heading("Episode One")


def test_an_h1_after_speech_is_a_heading() -> None:
    document = read("Ana: Hi.\n\n# Later\n\nBo: Yo.\n", format="md")
    assert document.title is None
    assert document.items[1] == Heading("Later")


def test_markdown_inline_markup_is_removed() -> None:
    document = read("**Ana:** A *very* __big__ \\[laughs\\] [link](https://x.org).\n", format="md")
    assert spoken(document) == [("Ana", "A very big [laughs] link.")]


def test_plain_text_keeps_asterisks() -> None:
    assert spoken(read("Ana: A *star* here.\n")) == [("Ana", "A *star* here.")]


def test_a_plain_text_preamble_gives_title_and_date() -> None:
    document = read("Title: Harbour Walk\nDate: 2020-05-06\n\nAna: Hi.\n")
    assert (document.title, document.date) == ("Harbour Walk", "2020-05-06")
    assert spoken(document) == [("Ana", "Hi.")]


def test_otter_style_label_lines() -> None:
    document = read("Speaker 1  0:03\nHello.\n\nSpeaker 2  1:15\nHi.\nHow are you?\n")
    assert [(u.speaker, u.start_ms, u.text) for u in document.utterances] == [
        ("Speaker 1", 3_000, "Hello."),
        ("Speaker 2", 75_000, "Hi. How are you?"),
    ]


def test_crlf_and_whitespace_are_normalised() -> None:
    document = read_document(b"Ana:   Hi\r\n   there.\r\n\r\nBo:\tYo.\r\n")
    assert spoken(document) == [("Ana", "Hi there."), ("Bo", "Yo.")]


@pytest.mark.parametrize("text", ["---\ntitle: Only metadata\n---\n", "# Heading\n\n## Another\n"])
def test_no_speech_is_an_empty_transcript(text: str) -> None:
    with pytest.raises(EmptyTranscriptError):
        read(text, format="md")


def test_a_headline_standing_alone_becomes_the_title() -> None:
    document = read("Night Trains of the North\n\nThe sleeper leaves at ten.\n")
    assert document.title == "Night Trains of the North"
    assert spoken(document) == [(None, "The sleeper leaves at ten.")]


def test_a_repeated_labelled_headline_is_the_title_not_a_speaker() -> None:
    headline = "RADIO DESK: The State of the Rivers"
    document = read(f"{headline}\n\n\n{headline}\n\nWelcome to the programme.\n\nMore talk.\n")
    assert document.title == headline
    assert spoken(document) == [(None, "Welcome to the programme."), (None, "More talk.")]


@pytest.mark.parametrize(
    "text",
    [
        "Ana: Hi there\n\nBo: Hello.\n",  # a real label: other lines have labels too
        "The sleeper leaves at ten.\n\nIt is always late.\n",  # a sentence, not a headline
        "Speaker 1  0:03\n\nHello.\n",  # an Otter label line
    ],
)
def test_first_lines_that_are_speech_are_not_titles(text: str) -> None:
    document = read(text)
    assert document.title is None
    assert len(document.utterances) == 2 or document.utterances[0].speaker == "Speaker 1"


# --- breaks, sounds and one-off labels ---------------------------------------------------

TALK = "**Ana Ruiz:** One.\n\n**Bo Li:** Two.\n\n**Ana Ruiz:** Three.\n\n**Bo Li:** Four.\n\n"


def test_a_break_marker_starts_a_section_titled_after_the_break() -> None:
    document = read(TALK + "**Break:** \\[17:42\\]\n\n**Ana Ruiz:** We are back.\n", format="md")
    assert document.items[-2] == Heading("After the break", 1_062_000)
    assert document.utterances[-1] == Utterance("We are back.", speaker="Ana Ruiz")
    assert "treated 1 break marker (Break) as section boundaries" in document.warnings


@pytest.mark.parametrize(
    ("marker", "title"),
    [("**Break:** Listener mail \\[07:15\\]", "Listener mail"), ("Ad break:", "After the ad break"),
     ("**Intermission:** (1:00:00)", "After the intermission")],
)  # fmt: skip
def test_break_titles(marker: str, title: str) -> None:
    document = read(TALK + marker + "\n\n**Ana Ruiz:** Back.\n", format="md")
    (heading,) = [item for item in document.items if isinstance(item, Heading)]
    assert heading.title == title


def test_a_long_text_after_a_break_is_kept_as_unattributed_speech() -> None:
    ad = "This hour comes to you from the lamp shop on the corner, open every day until late."
    document = read(TALK + f"Break: {ad}\n\nAna Ruiz: Back.\n")
    assert Heading("After the break") in document.items
    assert (None, ad) in spoken(document)


def test_sound_markers_keep_their_text_unattributed_and_never_speak() -> None:
    document = read(TALK + "**Jingle:** \\[08:30\\] La la la.\n\nStill the jingle.\n", format="md")
    assert spoken(document)[-2:] == [(None, "La la la."), (None, "Still the jingle.")]
    assert document.utterances[-2].start_ms == 510_000
    assert not any(isinstance(item, Heading) for item in document.items)
    assert any("(Jingle)" in w for w in document.warnings)


def test_an_opening_marker_is_not_taken_for_the_title() -> None:
    document = read("**Intro:** \\[00:00\\]\n\n" + TALK, format="md")
    assert document.title is None
    assert any("(Intro)" in w for w in document.warnings)


def test_a_marker_time_does_not_time_the_next_speech() -> None:
    document = read(TALK + "**Outro:** \\[49:47\\]\n\n**Ana Ruiz:** Bye.\n", format="md")
    assert document.utterances[-1].start_ms is None


@pytest.mark.parametrize(
    ("line", "why"),
    [('**Lamp Bot:** "A quote, read out."', "its text is a quotation"),
     ("**Outro:**\n\n**Lamp Bot:** A clip after the show.", "after the Outro marker")],
)  # fmt: skip
def test_a_one_off_label_that_names_no_one_is_unattributed(line: str, why: str) -> None:
    document = read(TALK + line + "\n", format="md")
    assert document.utterances[-1].speaker is None
    assert {u.speaker for u in document.utterances} == {"Ana Ruiz", "Bo Li", None}
    assert any("'Lamp Bot'" in w and why in w for w in document.warnings)


@pytest.mark.parametrize(
    "text",
    [TALK + "**Caller:** I rang to say the bridge is open again.\n",  # unquoted: a real caller
     TALK + "**Caller:** I rang.\n\n**Caller:** Twice.\n",  # recurs
     "**Ana Ruiz:** One.\n\n**Bo Li:** \"Two.\"\n\n**Ana Ruiz:** Three.\n"],  # one regular only
)  # fmt: skip
def test_one_off_labels_that_are_people_stay_speakers(text: str) -> None:
    document = read(text, format="md")
    assert all(u.speaker is not None for u in document.utterances)
    assert not any("one-off" in w for w in document.warnings)


# --- other stamps and labels -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "start_ms"),
    [("[Ana Ruiz] 01:02:03\nHello.\n", "Ana Ruiz", 3_723_000),
     ("[Speaker 1] [00:12]\nHello.\n", "Speaker 1", 12_000),
     ("[Speaker 1] [00:12] Hello.\n", "Speaker 1", 12_000),
     ("Ana Ruiz  0:03\nHello.\n", "Ana Ruiz", 3_000)],
)  # fmt: skip
def test_bracketed_and_otter_label_lines(text: str, speaker: str, start_ms: int) -> None:
    (utterance,) = read(text).utterances
    assert (utterance.speaker, utterance.start_ms, utterance.text) == (speaker, start_ms, "Hello.")


@pytest.mark.parametrize("note", ["[Laughter] 00:12", "[laughs]", "(crosstalk)", "[Dan chuckles]"])
def test_stage_notes_stay_in_the_text(note: str) -> None:
    document = read(f"Ana: One.\n{note}\nTwo.\n")
    assert spoken(document) == [("Ana", f"One. {note} Two.")]


def test_the_otter_credit_line_is_left_out_and_reported() -> None:
    document = read("Ana Ruiz  0:03\nHello.\n\nTranscribed by https://otter.ai\n")
    assert spoken(document) == [("Ana Ruiz", "Hello.")]
    assert document.warnings == ("left out Otter's 'Transcribed by' credit line",)


def test_short_labels_join_full_names_and_are_reported() -> None:
    document = read("Ana Ruiz: Hi.\nBo Li: Yo.\nAna: Again.\n")
    assert [u.speaker for u in document.utterances] == ["Ana Ruiz", "Bo Li", "Ana Ruiz"]
    assert "treated 'Ana' as 'Ana Ruiz'" in document.warnings


def test_front_matter_names_hosts_and_guests_and_reports_unread_keys() -> None:
    front = "---\nTitle: Kilns\nHost: Ana Ruiz\nguests:\n  - Bo Li\n  - 'Cy Ng'\ntags: [a]\n---\n"
    document = read(front + "Bo Li: Hi.\n", format="md")
    assert document.title == "Kilns"
    assert document.participants == (
        Participant("Ana Ruiz", "host"),
        Participant("Bo Li", "guest"),
        Participant("Cy Ng", "guest"),
    )
    assert spoken(document) == [("Bo Li", "Hi.")]
    assert document.warnings == ("front matter keys not read as metadata: tags",)


def test_a_front_matter_date_time_keeps_the_date() -> None:
    document = read("---\ndate: 2023-09-14T18:30:00Z\n---\nAna: Hi.\n", format="md")
    assert document.date == "2023-09-14"


@settings(max_examples=150, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=200),
        # The characters labels, stamps, markers and front matter are made of.
        st.text(
            alphabet=st.sampled_from(list("Ana Bo:*_[]()\\#-—0123456789.\n\"'`>|Break\t")),
            max_size=200,
        ),
    ),
    format=st.sampled_from(["md", "txt"]),
)
def test_any_text_reads_or_fails_with_a_transcript_error(text: str, format: str) -> None:
    try:
        document = read_document(text.encode("utf-8"), format=format)
    except TranscriptError:
        return
    assert document.utterances
    assert all(u.text.strip() for u in document.utterances)
