"""Label, time and furniture shapes read by the shared rules, whatever the format.

Each case is a small source of our own reproducing a shape real tools and pages write;
the full-size invented files with expect blocks live in tests/data/shapes/.
"""

from __future__ import annotations

import pytest

from transcripts import build_episode, read_document
from transcripts.furniture import field_block_lines, line_furniture
from transcripts.model import Episode, Source


def episode_of(name: str, text: str, **options: object) -> Episode:
    data = text.encode()
    document = read_document(data, filename=name)
    source = Source(name, document.format, "0" * 64, document.encoding)
    return build_episode(document, episode_id="e", source=source, **options)  # type: ignore[arg-type]


def said(episode: Episode) -> list[tuple[str | None, int | None, str]]:
    return [(p.speaker, p.start_ms, p.text) for p in episode.passages]


def test_a_bold_label_holding_its_time_and_a_diarisation_id() -> None:
    episode = episode_of(
        "night.md",
        "**[00:21] SPEAKER_01:** Thanks for having me.\n\n"
        "**[1:02:03] SPEAKER_00:** We are out of time.\n",
    )
    assert said(episode) == [
        ("SPEAKER_01", 21_000, "Thanks for having me."),
        ("SPEAKER_00", 3_723_000, "We are out of time."),
    ]


def test_an_italic_label_with_its_time_on_a_line_of_its_own() -> None:
    episode = episode_of(
        "clocks.md",
        "*Joan Whitfield (0:00:04)*\n\nWelcome to the workshop.\n\n"
        "*Ravi Menon (0:00:15)*\n\nWe have eleven clocks.\n",
    )
    assert said(episode) == [
        ("Joan Whitfield", 4_000, "Welcome to the workshop."),
        ("Ravi Menon", 15_000, "We have eleven clocks."),
    ]


def test_a_bare_time_after_the_label_times_the_speech_below() -> None:
    episode = episode_of(
        "light.txt",
        "Speaker 1: 00:00:03\nDoes anyone live there?\n\nSpeaker 2: 00:00:09\nNobody.\n",
    )
    assert said(episode) == [
        ("Speaker 1", 3_000, "Does anyone live there?"),
        ("Speaker 2", 9_000, "Nobody."),
    ]


def test_diarisation_ids_stay_apart_and_are_never_merged_with_a_name() -> None:
    episode = episode_of("ids.txt", "SPEAKER_00: One.\n\nSPEAKER_01: Two.\n\nSPEAKER_00: Three.\n")
    assert [p.speaker for p in episode.passages] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]


def test_clock_times_become_offsets_from_the_first_and_the_report_says_so() -> None:
    episode = episode_of(
        "concert.txt",
        "[Nadia Petrov] 19:00:25\nGood evening.\n\n[Elias Brandt] 19:00:41\nThank you.\n",
    )
    assert [p.start_ms for p in episode.passages] == [0, 16_000]
    assert any("clock times (the first is 19:00:25)" in w for w in episode.warnings)


def test_caption_times_past_an_hour_are_real_offsets_and_kept() -> None:
    episode = episode_of(
        "excerpt.vtt",
        "WEBVTT\n\n01:10:00.000 --> 01:10:04.000\n<v Ana>We start here.\n",
    )
    assert episode.passages[0].start_ms == 4_200_000
    assert not any("clock times" in w for w in episode.warnings)


def test_broadcast_chevrons_mark_each_change_of_speaker() -> None:
    episode = episode_of(
        "forum.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n>> PRIYA NAIR: GOOD MORNING.\n\n"
        "00:00:04.000 --> 00:00:06.000\nWELCOME TO THE FORUM.\n\n"
        "00:00:06.000 --> 00:00:08.000\n>> WHO IS PAYING?\n\n"
        "00:00:08.000 --> 00:00:10.000\n>> DANIEL OSEI: THE PORT PAYS HALF.\n",
    )
    turns = [(p.speaker, p.text) for p in episode.passages]
    # The unnamed voice after `>>` is nobody's: never Priya's, whose turn came before.
    assert turns == [
        ("PRIYA NAIR", "GOOD MORNING. WELCOME TO THE FORUM."),
        (None, "WHO IS PAYING?"),
        ("DANIEL OSEI", "THE PORT PAYS HALF."),
    ]
    assert not any("capital letters" in w for w in episode.warnings)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("By Adam Fairweather", "byline"),
        ("Posted by the editors", "byline"),
        ("Photo: Callum Reid at the slipway, March 2031.", "photo caption"),
        ("Photograph: Lotte Brink in her apiary.", "photo caption"),
        ("This article appears in the March 2030 issue of *Field Notes*.", "publication note"),
        ("[subscribe]: https://example.org/subscribe", "link definition"),
        ("Leave a Reply", "comment form"),
        ("You are commenting using your Google account. Log Out /  Change )", "comment form"),
    ],
)
def test_page_furniture_lines(line: str, kind: str) -> None:
    assert line_furniture(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "By the time we got there, it was dark.",
        "Photography was my first job, and I loved it.",
        "The article appeared to say the opposite.",
        "Callum: I left by the back door.",
    ],
)
def test_speech_is_not_furniture(line: str) -> None:
    assert line_furniture(line) is None


def test_a_block_of_interview_details_is_not_a_conversation() -> None:
    details = ["INTERVIEWEE: Marta Kowalczyk", "INTERVIEWER: Samuel Idowu", "DATE: 12 May 2019"]
    assert set(field_block_lines(details)) == {0, 1, 2}
    # Two speakers exchanging a line each have names for keys, not interview details.
    assert field_block_lines(["ANA: Yes, we did.", "BO: No, we did not."]) == {}


def test_furniture_is_left_out_named_in_the_report_and_details_name_the_people() -> None:
    episode = episode_of(
        "bees.md",
        "# A Conversation\n\nBy Adam Fairweather\n\nPhotograph: Lotte Brink in her apiary.\n\n"
        "INTERVIEWEE: Lotte Brink\nINTERVIEWER: Adam Fairweather\nDATE: 3 March 2030\n\n"
        "Fairweather: How many hives did you lose?\n\nBrink: Two out of forty.\n\n"
        "[1]: https://example.org/field-notes\n",
    )
    assert said(episode) == [
        ("Adam Fairweather", None, "How many hives did you lose?"),
        ("Lotte Brink", None, "Two out of forty."),
    ]
    roles = {p.name: p.role for p in episode.participants}
    assert roles == {"Adam Fairweather": "host", "Lotte Brink": "guest"}
    report = next(w for w in episode.warnings if w.startswith("left out"))
    assert "6 lines of page furniture" in report and "'By Adam Fairweather'" in report


def test_running_headers_page_numbers_and_the_attendance_list_are_left_out() -> None:
    header = "港灣議會  ─  2031年 3月 4日                                 "
    episode = episode_of(
        "council.txt",
        f"{header}101\n\n出席議員：\n\n主席王家明議員 , J.P.\n\n李文華議員\n\n"
        "主席：現在開始會議。\n\n李文華議員：我想提出質詢。\n\n"
        f"{header}102\n\n7\n\n主席：請局長回答。\n",
    )
    assert said(episode) == [
        ("主席", None, "現在開始會議。"),
        ("李文華議員", None, "我想提出質詢。"),
        ("主席", None, "請局長回答。"),
    ]
    report = next(w for w in episode.warnings if w.startswith("left out"))
    assert "running header" in report and "attendance list" in report


def test_an_attendee_table_names_the_initials_and_roles_and_summaries_are_left_out() -> None:
    episode = episode_of(
        "meeting.md",
        "# Working group\n\n| Name | Abbreviation | Organization |\n| --- | --- | --- |\n"
        "| Ana Ruiz | AR | Harbour Labs |\n| Bo Chen | BC | Northwind |\n\n## Parsers\n\n"
        "Presenter: Ana Ruiz (AR)\n\n- [slides](https://example.org/slides)\n\n"
        "AR: The parser should stream.\n\nBC: Does every caller have to handle that?\n\n"
        "AR: Only callers that ask.\n\n### Conclusion\n\n- Consensus to go ahead.\n",
    )
    assert [(p.speaker, p.text) for p in episode.passages] == [
        ("Ana Ruiz", "The parser should stream."),
        ("Bo Chen", "Does every caller have to handle that?"),
        ("Ana Ruiz", "Only callers that ask."),
    ]
    assert any("AR = Ana Ruiz" in w for w in episode.warnings)


def test_each_label_in_the_source_opens_a_turn_even_for_the_same_speaker() -> None:
    episode = episode_of("notes.md", "RPR: Welcome.\n\nRPR: Next item.\n\nSFC: I can help.\n")
    assert [(p.turn, p.speaker) for p in episode.passages] == [(1, "RPR"), (2, "RPR"), (3, "SFC")]


def test_dashes_between_sentences_mark_turns_with_no_speaker() -> None:
    episode = episode_of(
        "box.txt",
        "Welcome to the box. Thank you for coming. - Thank you for having me. - What do you "
        "do all day? - Mostly we wait. - Do you get it wrong? - Once, in my first month.\n",
    )
    assert [(p.turn, p.speaker, p.text) for p in episode.passages] == [
        (1, None, "Welcome to the box. Thank you for coming."),
        (2, None, "Thank you for having me."),
        (3, None, "What do you do all day?"),
        (4, None, "Mostly we wait."),
        (5, None, "Do you get it wrong?"),
        (6, None, "Once, in my first month."),
    ]
    assert any("dashes that mark a change of speaker" in w for w in episode.warnings)


def test_a_dash_inside_a_sentence_is_punctuation() -> None:
    episode = episode_of(
        "talk.txt", "We went north - all of us - and it rained. Then we came home - tired.\n"
    )
    assert len({p.turn for p in episode.passages}) == 1


def test_bold_questions_are_turns_and_the_paragraphs_after_them_the_answers() -> None:
    episode = episode_of(
        "glass.md",
        "1. __How did you start?__\n\n    I took a class.\n\n    Then I kept going.\n\n"
        "1. __What is hardest?__\n\n    A round bowl.\n\n"
        "1. __Do you break things?__\n\n    Every day.\n",
    )
    turns = [(p.turn, p.speaker, p.text) for p in episode.passages]
    assert turns == [
        (1, None, "1. How did you start?"),
        (2, None, "I took a class."),
        (2, None, "Then I kept going."),
        (3, None, "1. What is hardest?"),
        (4, None, "A round bowl."),
        (5, None, "1. Do you break things?"),
        (6, None, "Every day."),
    ]


def test_a_bracket_label_with_how_the_voice_is_heard_names_the_speaker() -> None:
    from transcripts.cue_speakers import bracket_label

    assert bracket_label("[Alfonso XIII en inglés] Gracias.") == ("Alfonso XIII", "Gracias.")
    assert bracket_label("[Ana on phone] I am here.") == ("Ana", "I am here.")
    assert bracket_label("[door slams] Who is there?") is None


def test_captioners_lower_case_roles_are_labels() -> None:
    episode = episode_of(
        "film.srt",
        "1\n00:00:01,000 --> 00:00:03,000\nmale narrator:\nIN THE SUMMER OF 1957,\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\nTHE CITY WAS QUIET.\n",
    )
    assert {p.speaker for p in episode.passages} == {"male narrator"}


def test_a_note_above_a_labelled_transcript_is_its_preface_not_speech() -> None:
    episode = episode_of(
        "talk.md",
        "Recorded in the shed, so expect some hammering.\n\n## Part one\n\n"
        "Ana: Welcome.\n\nBo: Thanks.\n\nAna: Let us start.\n\n"
        'Retrieved from " https://wiki.example.org/index.php?title=Talk&oldid=1 "\n',
    )
    assert [p.text for p in episode.passages] == ["Welcome.", "Thanks.", "Let us start."]
    report = next(w for w in episode.warnings if w.startswith("left out"))
    assert "preface" in report and "page footer" in report


def test_an_unlabelled_opening_without_a_heading_may_be_speech_and_stays() -> None:
    episode = episode_of(
        "talk.md", "Hello and welcome.\n\nAna: Welcome.\n\nBo: Thanks.\n\nAna: Go.\n"
    )
    assert episode.passages[0].text == "Hello and welcome."


def test_a_label_repeated_in_attributed_speech_goes_and_a_glued_heading_splits_off() -> None:
    from transcripts.echoed_labels import strip_echoed_labels
    from transcripts.model import Document, Heading, Utterance

    document = Document(
        format="json",
        items=(
            Utterance("We will hear argument now. ORAL ARGUMENT OF ANA M. McREE", "Jo Bell"),
            Utterance("MS. McREE: Thank you, Chief Justice.", "Ana M. McRee"),
            Utterance("MR. BELL: Not a label for her.", "Ana M. McRee"),
        ),
    )
    cleaned, report = strip_echoed_labels(document)
    assert cleaned.items == (
        Utterance("We will hear argument now.", "Jo Bell"),
        Heading("ORAL ARGUMENT OF ANA M. McREE"),
        Utterance("Thank you, Chief Justice.", "Ana M. McRee"),
        # A label naming someone else than the structure's speaker is left as written.
        Utterance("MR. BELL: Not a label for her.", "Ana M. McRee"),
    )
    assert report is not None


def test_raw_html_inside_markdown_is_markup_not_speech() -> None:
    episode = episode_of(
        "blog.md",
        '# An interview\n\n<div class="intro">\n\n'
        'Ana: *<span style="color: blue;">Find a way</span>* to enjoy it.'
        "\n\n</div>\n\nBo: Thanks.\n",
    )
    assert [p.text for p in episode.passages] == ["Find a way to enjoy it.", "Thanks."]
