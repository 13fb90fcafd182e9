"""The WebVTT reader, on the fixtures and on small inline cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcripts import (
    EmptyTranscriptError,
    Heading,
    ParseError,
    TranscriptError,
    Utterance,
    read_document,
)
from transcripts.formats.rolling import TimedLines, is_rolling, roll_up

DATA = Path(__file__).parent / "data"


def read(text: str) -> list[Utterance]:
    """Read WebVTT text and return its utterances."""
    document = read_document(text.encode("utf-8"), filename="t.vtt")
    assert document.format == "vtt"
    assert document.unit == "cue"
    return list(document.utterances)


def test_fixture_header_metadata_and_warning() -> None:
    document = read_document((DATA / "vtt_voice_carry.vtt").read_bytes())
    assert document.title == "Harbour Lights"
    assert document.language == "en"
    assert document.encoding == "utf-8-sig"
    assert document.warnings == (
        "5 cues have no voice span and took the speaker of the cue before",
    )
    assert not any(isinstance(item, Heading) for item in document.items)
    texts = [u.text for u in document.utterances]
    # NOTE and STYLE blocks are not speech; the cue identifier is not either.
    assert not any("pier office" in t or "color" in t or "intro-1" in t for t in texts)
    assert [u.speaker for u in document.utterances] == ["Maren Holt"] * 5 + ["Ada Quist"] * 2 + [
        "Maren Holt",
        "Ada Quist",
    ]


def test_times_are_integer_milliseconds() -> None:
    (cue,) = read("WEBVTT\n\n01:02:03.456 --> 01:02:04.007\nHello.\n")
    assert (cue.start_ms, cue.end_ms) == (3_723_456, 3_724_007)
    assert isinstance(cue.start_ms, int)


def test_unpadded_teams_timestamps() -> None:
    (cue,) = read("WEBVTT\n\n0:0:1.5 --> 0:0:13.54\n<v Ana>Hi.</v>\n")
    assert (cue.start_ms, cue.end_ms) == (1500, 13540)


@pytest.mark.parametrize(
    ("payload", "speaker", "text"),
    [
        ("<v Ana Ruiz>Closed.</v>", "Ana Ruiz", "Closed."),
        ("<v Ana Ruiz>Unclosed.", "Ana Ruiz", "Unclosed."),
        ("<v.host.loud Ana Ruiz>Classes.</v>", "Ana Ruiz", "Classes."),
        ("<v Ana>One <b>bold</b> and <i>it</i> <u>u</u>.", "Ana", "One bold and it u."),
        (
            "<v Ana>Caf&eacute; &amp; tea &lt;3 &#39;ok&#39;&nbsp;done",
            "Ana",
            "Café & tea <3 'ok' done",
        ),
        ("<v Ana>Two\nlines\njoined.", "Ana", "Two lines joined."),
        ("<v Ana>im<00:00:01.100><c>por</c><00:00:01.300><c>tant</c>", "Ana", "important"),
        ("<c.yellow>No voice.</c>", None, "No voice."),
    ],
)
def test_cue_text_and_voice(payload: str, speaker: str | None, text: str) -> None:
    (cue,) = read(f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{payload}\n")
    assert (cue.speaker, cue.text) == (speaker, text)


def test_a_cue_with_two_voices_gives_two_utterances() -> None:
    cues = read("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Yes.</v>\n<v Bo>No.</v>\n")
    assert [(c.speaker, c.text, c.start_ms) for c in cues] == [
        ("Ana", "Yes.", 1000),
        ("Bo", "No.", 1000),
    ]


def test_speaker_carries_forward_with_one_summary_warning() -> None:
    text = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBefore any voice.\n\n"
        "00:00:01.000 --> 00:00:02.000\n<v Ana>One.\n\n"
        "00:00:02.000 --> 00:00:03.000\nTwo.\n\n"
        "00:00:03.000 --> 00:00:04.000\nThree.\n"
    )
    document = read_document(text.encode())
    assert [u.speaker for u in document.utterances] == [None, "Ana", "Ana", "Ana"]
    assert document.warnings == (
        "2 cues have no voice span and took the speaker of the cue before",
    )


def test_no_voices_means_no_carry_warning() -> None:
    document = read_document(b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHi.\n")
    assert document.warnings == ()


def test_crlf_and_lone_cr_line_ends() -> None:
    for newline in ("\r\n", "\r"):
        text = "WEBVTT - Title\n\n00:00:00.000 --> 00:00:01.000\n<v Ana>Hi\nthere.\n"
        document = read_document(text.replace("\n", newline).encode())
        assert document.title == "Title"
        assert [u.text for u in document.utterances] == ["Hi there."]


def test_a_missing_header_is_forgiven_with_a_warning() -> None:
    document = read_document(b"00:00:00.000 --> 00:00:01.000\nHi.\n", format="vtt")
    assert [u.text for u in document.utterances] == ["Hi."]
    assert any("WEBVTT header" in warning for warning in document.warnings)


def test_empty_cues_are_skipped() -> None:
    cues = read(
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Ana></v>\n\n"
        "00:00:01.000 --> 00:00:02.000\nSpoken.\n"
    )
    assert [(c.speaker, c.text) for c in cues] == [("Ana", "Spoken.")]


@pytest.mark.parametrize(
    "timing",
    ["00:00:01.000 --> soon", "00:00:01.000 --> 00:00:75.000", "one --> two", "1.5 --> 2.5"],
)
def test_malformed_timings_raise_a_parse_error_with_the_line(timing: str) -> None:
    text = f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nFine.\n\ncue-2\n{timing}\nHi.\n"
    with pytest.raises(ParseError) as info:
        read_document(text.encode())
    assert info.value.line == 7
    assert info.value.format == "vtt"
    assert info.value.snippet == timing
    assert "line 7" in str(info.value)


def test_a_file_whose_only_timing_has_no_arrow_has_no_speech() -> None:
    # "->" is not a cue timing line, so the block is not a cue at all.
    with pytest.raises(EmptyTranscriptError):
        read_document(b"WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nHi.\n")


def test_dialogue_dashes_before_voices_are_not_speech() -> None:
    cues = read("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n- <v Ana>Yes?\n- <v Bo>No - never.\n")
    assert [(c.speaker, c.text) for c in cues] == [("Ana", "Yes?"), ("Bo", "No - never.")]


# --- labels inside cue text -------------------------------------------------------------


def test_name_prefixes_start_turns_and_carry_forward() -> None:
    document = read_document((DATA / "vtt_name_prefixes.vtt").read_bytes())
    assert document.encoding == "utf-8-sig"
    assert document.language == "en-GB"
    assert [u.speaker for u in document.utterances] == (
        ["Rosa Ilves"] * 2 + ["Tomas"] * 3 + ["Rosa Ilves"] * 2 + ["Tomas"]
    )
    # "Note:" names no one: the line stays speech, by the speaker before it.
    assert document.utterances[4].text == "Note: the first maps were on paper."
    assert "read 1 speaker name from 'Name:' prefixes in cue text ('Tomas:')" in document.warnings


@pytest.mark.parametrize(
    ("payload", "speaker", "text"),
    [
        ("Gilon: So is there an ideal length?", "Gilon", "So is there an ideal length?"),
        ("Ana de la Cruz: Hola.", "Ana de la Cruz", "Hola."),
        ("Note: the audio drops here.", None, "Note: the audio drops here."),
        ("Now: the weather.", None, "Now: the weather."),
        ("the rule is simple: listen.", None, "the rule is simple: listen."),
        ("He told me: wait.", None, "He told me: wait."),
        ('Digo: "Vuelve pronto".', None, 'Digo: "Vuelve pronto".'),
        ("Time: 10:30 sharp.", None, "Time: 10:30 sharp."),
    ],
)
def test_name_prefix_or_sentence(payload: str, speaker: str | None, text: str) -> None:
    (cue,) = read(f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{payload}\n")
    assert (cue.speaker, cue.text) == (speaker, text)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("[Alba] Hola.", [("Alba", "Hola.")]),
        ("[Ángeles] ¿Qué?", [("Ángeles", "¿Qué?")]),
        ("[hombre] Es por aquí.", [("hombre", "Es por aquí.")]),
        ("[Man 2] Over here.", [("Man 2", "Over here.")]),
        ("[música]", [(None, "[música]")]),
        ("[suspira] Ya voy.", [(None, "[suspira] Ya voy.")]),
        ("[risas]", [(None, "[risas]")]),
        ("[Dan chuckles] Fine.", [(None, "[Dan chuckles] Fine.")]),
        ("[Music] Welcome back.", [(None, "[Music] Welcome back.")]),
        ("[APPLAUSE]", [(None, "[APPLAUSE]")]),
        ("[Alba]", [(None, "[Alba]")]),  # a name with nothing said after it is no label
        ("Pues [Alba] vino.", [(None, "Pues [Alba] vino.")]),  # only at a line's start
        ("[Sara]\nNo puedo.", [("Sara", "No puedo.")]),
        ("[Sara] Hola.\n[Alba] Adiós.", [("Sara", "Hola."), ("Alba", "Adiós.")]),
    ],
)
def test_bracket_label_or_sound_description(
    payload: str, expected: list[tuple[str | None, str]]
) -> None:
    cues = read(f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{payload}\n")
    assert [(c.speaker, c.text) for c in cues] == expected


def test_bracket_labels_name_one_line_and_never_carry() -> None:
    document = read_document((DATA / "vtt_sdh_brackets.vtt").read_bytes())
    assert [(u.speaker, u.text) for u in document.utterances][:3] == [
        ("Ines", "That winter the lake froze all the way to the island."),
        (None, "Nobody had seen that before."),
        (None, "[wind howling]"),
    ]
    speakers = {u.speaker for u in document.utterances} - {None}
    assert speakers == {"Ines", "Oskar", "man"}  # "[Oskar sighs]" is a sound, not a label


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("- Are you in?\n- Always.", [(None, "Are you in?"), (None, "Always.")]),
        ("-¿Vienes?\n-Sí.", [(None, "¿Vienes?"), (None, "Sí.")]),
        ("Are you in?\n- Always.", [(None, "Are you in?"), (None, "Always.")]),
        ("- [Ana] ¿Vienes?\n- Sí.", [("Ana", "¿Vienes?"), (None, "Sí.")]),
        ("- A lone dash line.", [(None, "A lone dash line.")]),
        ("It costs\n-5 degrees.", [(None, "It costs -5 degrees.")]),
    ],
)
def test_dialogue_dashes_split_voices(payload: str, expected: list[tuple[str | None, str]]) -> None:
    cues = read(f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{payload}\n")
    assert [(c.speaker, c.text) for c in cues] == expected


def test_a_dash_ends_the_carried_speaker() -> None:
    cues = read(
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Ana>Hello.\n\n"
        "00:00:01.000 --> 00:00:02.000\n- Who is it?\n- Me.\n\n"
        "00:00:02.000 --> 00:00:03.000\nThen who?\n"
    )
    assert [c.speaker for c in cues] == ["Ana", None, None, None]


# --- file structure -------------------------------------------------------------------


def test_padding_lines_notes_identifiers_and_cue_settings() -> None:
    text = (
        "WEBVTT\n\nNOTE Profile: x\nNOTE Date: y\n\n" + " " * 40 + "\n\n" + " " * 8 + "\n"
        "7\n00:00:01.000 --> 00:00:02.000  position:50.00%,middle  align:middle  line:84% \n"
        "<i>Hola.</i>\n"
    )
    (cue,) = read(text)
    assert (cue.text, cue.start_ms, cue.end_ms) == ("Hola.", 1000, 2000)


def test_blank_lines_before_the_header_are_not_a_second_header() -> None:
    document = read_document(b"\n\nWEBVTT - Title\n\n00:00:00.000 --> 00:00:01.000\nHi.\n")
    assert document.title == "Title"
    assert document.warnings == ()


def test_a_line_of_spaces_inside_cue_text_does_not_lose_the_rest() -> None:
    (cue,) = read("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nOne\n   \ntwo.\n")
    assert cue.text == "One two."


def test_embedded_headers_are_skipped_and_timestamp_maps_applied() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFirst.\n\n"
        "WEBVTT\nX-TIMESTAMP-MAP=LOCAL:00:00.000,MPEGTS:900000\nKind: captions\n\n"
        "00:00:00.500 --> 00:00:01.000\nSecond.\n"
    )
    document = read_document(text.encode())
    assert [(u.text, u.start_ms) for u in document.utterances] == [
        ("First.", 1000),
        ("Second.", 10_500),
    ]
    assert any("1 WEBVTT header in the middle" in w for w in document.warnings)
    assert not any("Kind" in u.text or "MPEGTS" in u.text for u in document.utterances)


def test_times_that_restart_keep_file_order_with_a_warning() -> None:
    cues = read(
        "WEBVTT\n\n27:08:09.276 --> 27:08:11.000\nLate.\n\n00:00:00.000 --> 00:00:01.000\nEarly.\n"
    )
    assert [c.text for c in cues] == ["Late.", "Early."]
    assert cues[0].start_ms == 97_689_276


def test_overlapping_voices_are_both_kept_in_start_order() -> None:
    document = read_document((DATA / "vtt_teams_overlap.vtt").read_bytes())
    assert [(u.speaker, u.start_ms) for u in document.utterances] == [
        ("Priya Nair", 0),
        ("Mei Lin", 1500),
        ("Jonas Berg", 1900),
        ("Priya Nair", 3500),
    ]


def test_ruby_keeps_the_base_text_only() -> None:
    (cue,) = read("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<ruby>漢<rt>かん</rt></ruby>字\n")
    assert cue.text == "漢字"


# --- rolling captions -----------------------------------------------------------------

ROLLING = (
    "00:00:01.000 --> 00:00:02.000\nthe river<00:00:01.500><c> rose</c>\n\n"
    "00:00:02.000 --> 00:00:02.067\nthe river rose\n \n\n"
    "00:00:02.067 --> 00:00:03.000\nthe river rose\nover<00:00:02.500><c> the</c><c> ba</c>\n\n"
    "00:00:03.000 --> 00:00:04.000\nthe river rose\nover the bank and<c> into</c>\n\n"
    "00:00:04.000 --> 00:00:04.067\nover the bank and into\n \n\n"
    "00:00:04.067 --> 00:00:05.000\nover the bank and into\nthe town.\n"
)


def test_rolling_captions_give_each_word_once() -> None:
    document = read_document(ROLLING.encode(), format="vtt")
    assert " ".join(u.text for u in document.utterances) == (
        "the river rose over the bank and into the town."
    )
    assert document.utterances[0].start_ms == 1000
    assert any("words repeated by rolling captions" in w for w in document.warnings)


def test_rolling_fixture_exact_text_and_times() -> None:
    document = read_document((DATA / "vtt_rolling_live.vtt").read_bytes())
    assert [(u.text, u.start_ms, u.end_ms) for u in document.utterances] == [
        ("Good evening and welcome to the harbour board meeting.", 1000, 6067),
        ("First item is the new ferry timetable.", 6067, 9567),
        ("We heard from residents last week.", 9567, 13_500),
    ]
    assert (
        "removed 74 words repeated by rolling captions (each of the 12 cues shows the lines "
        "before it again); kept 22 words once each"
    ) in document.warnings


def test_roll_up_completes_a_word_cut_mid_way() -> None:
    cues = [
        TimedLines(0, 1000, ("preguntas y las res",)),
        TimedLines(1000, 2000, ("preguntas y las respuestas.", "Gracias")),
    ]
    rolled = roll_up(cues)
    assert [u.text for u in rolled.utterances] == ["preguntas y las respuestas.", "Gracias"]
    assert (rolled.naive_words, rolled.kept_words) == (9, 5)


def test_a_fresh_line_is_not_taken_for_a_repeat() -> None:
    cues = [
        TimedLines(0, 1000, ("we met the",)),
        TimedLines(1000, 2000, ("we met the", "the mayor said")),
        TimedLines(2000, 3000, ("the mayor said", "the budget is late")),
    ]
    rolled = roll_up(cues)
    assert " ".join(u.text for u in rolled.utterances) == (
        "we met the the mayor said the budget is late"
    )


def test_ordinary_subtitles_are_not_rolling() -> None:
    cues = [TimedLines(i * 1000, i * 1000 + 900, (f"line {i}", f"more {i}")) for i in range(6)]
    assert not is_rolling(cues)
    assert is_rolling([TimedLines(0, 1, ("a", "b")), TimedLines(1, 2, ("b", "c"))] * 3)


# --- robustness -----------------------------------------------------------------------

_CAPTION_TEXT = st.text(
    alphabet=st.sampled_from(list("WEBVT\n\r -->:.,0123456789<>/vc[]&;#NOTE\ufeff aéZ\t")),
    max_size=300,
)


@settings(max_examples=150, deadline=None)
@given(text=_CAPTION_TEXT | st.text(max_size=200))
def test_arbitrary_text_raises_only_transcript_errors(text: str) -> None:
    for format in ("vtt", "srt"):
        try:
            document = read_document(text.encode("utf-8", "surrogatepass"), format=format)
        except TranscriptError:
            continue
        assert all(u.text.strip() for u in document.utterances)
