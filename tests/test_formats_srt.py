"""The SubRip reader, on the fixtures and on small inline cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcripts import ParseError, Utterance, read_document

DATA = Path(__file__).parent / "data"


def read(text: str, encoding: str = "utf-8") -> list[Utterance]:
    """Read SubRip text and return its utterances."""
    document = read_document(text.encode(encoding), filename="t.srt")
    assert (document.format, document.unit) == ("srt", "cue")
    return list(document.utterances)


def test_labels_at_speaker_changes_and_styling() -> None:
    text = (
        "1\r\n00:00:01,000 --> 00:00:02,500\r\nAna Ruiz: <i>Hello</i>\r\nthere.\r\n\r\n"
        "2\r\n00:00:02,500 --> 00:00:04,000\r\n{\\an8}Still me.\r\n\r\n"
        "3\r\n00:00:04,000 --> 00:00:05,000\r\nBo: 42\r\n"
    )
    assert [(u.speaker, u.text, u.start_ms, u.end_ms) for u in read(text)] == [
        ("Ana Ruiz", "Hello there.", 1_000, 2_500),
        ("Ana Ruiz", "Still me.", 2_500, 4_000),
        ("Bo", "42", 4_000, 5_000),
    ]


def test_malformed_timing_is_a_parse_error_with_the_line() -> None:
    text = b"1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:02,000 --> later\nBye.\n"
    with pytest.raises(ParseError) as info:
        read_document(text, filename="x.srt")
    assert (info.value.format, info.value.line) == ("srt", 6)


def test_numbering_from_zero_or_missing() -> None:
    text = (
        "0\n00:00:01,000 --> 00:00:02,000\nZero.\n\n"
        "00:00:02,000 --> 00:00:03,000\nNo number.\n\n"
        "7\n00:00:03,000 --> 00:00:04,000\n12\n"
    )
    assert [u.text for u in read(text)] == ["Zero.", "No number.", "12"]


def test_a_cue_that_says_a_number_keeps_it() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nThe answer is\n42\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nYes.\n"
    )
    assert [u.text for u in read(text)] == ["The answer is 42", "Yes."]


def test_font_and_ass_tags_and_entities_are_stripped() -> None:
    text = (
        '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color="#ff0">Salt</font> &amp; '
        "<b>pepper</b>\n"
    )
    assert [u.text for u in read(text)] == ["Salt & pepper"]


def test_dialogue_dashes_split_a_cue_into_unknown_voices() -> None:
    document = read_document((DATA / "srt_dialogue_dashes_ads.srt").read_bytes())
    pairs = [(u.speaker, u.text) for u in document.utterances]
    assert (None, "No, go ahead.") in pairs and (None, "Thank you.") in pairs
    assert (None, "Is it calm today?") in pairs and (None, "Not really.") in pairs
    assert (
        "split 2 cues at dialogue dashes into one utterance per voice; unlabelled voices "
        "there have no speaker"
    ) in document.warnings


def test_a_dash_after_a_label_drops_the_carried_speaker() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nAna: Ready?\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\n- Yes.\n- No.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nWell then.\n"
    )
    assert [u.speaker for u in read(text)] == ["Ana", None, None, None]


def test_advertising_cues_at_the_edges_are_dropped_and_listed() -> None:
    document = read_document((DATA / "srt_dialogue_dashes_ads.srt").read_bytes())
    texts = [u.text for u in document.utterances]
    assert not any("Subtitles by" in t or "www." in t for t in texts)
    assert document.warnings[0] == (
        "dropped 2 cues of subtitle-site advertising or credits: "
        "“Subtitles by the Lantern Fansub Team”; “Downloaded From www.example-subs.org”"
    )


def test_credit_words_in_the_middle_are_speech() -> None:
    cues = "".join(
        f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\nLine {i}.\n\n" for i in range(1, 12)
    )
    cues += "12\n00:00:20,000 --> 00:00:21,000\nI found it at www.example.org\n\n"
    cues += "".join(
        f"{i}\n00:00:{i + 10:02d},000 --> 00:00:{i + 10:02d},900\nLine {i}.\n\n"
        for i in range(13, 20)
    )
    assert "I found it at www.example.org" in [u.text for u in read(cues)]


def test_title_cards_stay_as_text_with_a_warning() -> None:
    document = read_document((DATA / "srt_dialogue_dashes_ads.srt").read_bytes())
    assert document.utterances[0].text == "THE NORTHERN FERRY THREE YEARS LATER"
    assert any("capital letters" in w for w in document.warnings)


def test_legacy_encodings() -> None:
    cp1252 = read_document((DATA / "srt_name_labels_cp1252.srt").read_bytes())
    assert cp1252.encoding == "cp1252"
    assert cp1252.utterances[0].speaker == "Hélène Dubois"
    utf16 = read_document((DATA / "srt_utf16_labels.srt").read_bytes())
    assert utf16.encoding == "utf-16"
    assert [u.speaker for u in utf16.utterances] == [
        "Anja Weiss",
        "Anja Weiss",
        "Pavel",
        "Anja Weiss",
        "Pavel",
        "Pavel",
    ]
