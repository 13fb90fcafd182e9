"""HTML transcript pages: fixtures, speaker labels, times, furniture, encodings and fuzzing.

Each `html_*.html` in tests/data has a `.expected.json` holding the Document it must read
into. Regenerate with `VERBATIM_REGEN_GOLDEN=1`, then check every change by hand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcripts.errors import EmptyTranscriptError, ParseError, TranscriptError
from transcripts.formats.html import looks_like_html, read_html
from transcripts.model import Document, Heading, Utterance
from transcripts.records import is_collective, strip_reference

DATA = Path(__file__).parent / "data" / "html"
FIXTURES = sorted(DATA.glob("html_*.html"))
REGENERATE = os.environ.get("VERBATIM_REGEN_GOLDEN") == "1"


def document_dict(document: Document) -> dict[str, Any]:
    """Return a Document as plain JSON data, for comparing with a golden file."""
    items: list[dict[str, Any]] = []
    for item in document.items:
        if isinstance(item, Heading):
            items.append({"heading": item.title, "start_ms": item.start_ms})
        else:
            items.append(
                {
                    "speaker": item.speaker,
                    "start_ms": item.start_ms,
                    "end_ms": item.end_ms,
                    "text": item.text,
                }
            )
    return {
        "format": document.format,
        "unit": document.unit,
        "encoding": document.encoding,
        "title": document.title,
        "date": document.date,
        "language": document.language,
        "warnings": list(document.warnings),
        "items": items,
    }


def test_there_are_html_fixtures() -> None:
    assert len(FIXTURES) >= 6


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_golden(path: Path) -> None:
    """Each fixture reads into exactly the content checked by hand in its expected file."""
    expected_path = path.with_name(path.stem + ".expected.json")
    actual = document_dict(read_html(path.read_bytes(), filename=path.name))
    if REGENERATE:
        expected_path.write_text(
            json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected


def page(body: str, head: str = "<title>T</title>") -> bytes:
    """Return a small UTF-8 page around a body."""
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def said(document: Document) -> list[tuple[str | None, int | None, str]]:
    """Return (speaker, start_ms, text) for each utterance."""
    return [(u.speaker, u.start_ms, u.text) for u in document.utterances]


# --- speaker labels and times -----------------------------------------------------------


def test_cite_time_fragment_without_html_or_body() -> None:
    document = read_html((DATA / "html_cite_time_fragment.html").read_bytes())
    assert [(s, t) for s, t, _ in said(document)] == [
        ("Marta", 0),
        ("Idris", 41_000),
        ("Oona", 725_000),
        ("Marta", 3_750_000),
    ]
    assert "don't sand anything" in document.utterances[1].text  # &#39; decoded


def test_trs2html_speaker_paragraphs_and_play_buttons() -> None:
    document = read_html((DATA / "html_trs2html_turns.html").read_bytes())
    assert [i.title for i in document.items if isinstance(i, Heading)] == [
        "Begrüßung",
        "Füllung und Erde",
    ]
    assert said(document)[3] == ("Jana Wolff", 67_000, "Womit füllst du so ein Beet eigentlich?")
    assert said(document)[-1] == ("Bernd Öztürk", 3_602_000, "Mehr ist es nicht.")
    assert document.unit == "cue"
    text = " ".join(u.text for u in document.utterances)
    assert "▶" not in text and "playAt" not in text and "alert" not in text


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("<p><strong>Ana:</strong> Hi.</p>", ("Ana", None, "Hi.")),
        ("<p><b>Ana Ruiz</b>: Hi.</p>", ("Ana Ruiz", None, "Hi.")),
        ("<p>[12:34] <b>Ana</b>: Hi.</p>", ("Ana", 754_000, "Hi.")),
        ("<p><strong>Ana:</strong> (1:02:03) Hi.</p>", ("Ana", 3_723_000, "Hi.")),
        ("<p><a href='#t=83'>1:23</a> Ana Ruiz: Hi.</p>", ("Ana Ruiz", 83_000, "Hi.")),
        ("<p><span class='speaker'>Ana</span> Hi.</p>", ("Ana", None, "Hi.")),
        ("<p data-start='12.5'>Ana Ruiz: Hi.</p>", ("Ana Ruiz", 12_500, "Hi.")),
        ("<p><time datetime='PT1M5S'>one minute in</time> Hi.</p>", (None, 65_000, "Hi.")),
        ('<p><a onclick="seek(90)">▶</a> Hi.</p>', (None, 90_000, "Hi.")),
        ("<p><strong>Key points:</strong> Hi.</p>", (None, None, "Key points: Hi.")),
        ("<p>Update: Hi.</p>", (None, None, "Update: Hi.")),
    ],
)
def test_one_paragraph_label_and_time(paragraph: str, expected: tuple[Any, ...]) -> None:
    assert said(read_html(page(paragraph))) == [expected]


def test_unlabelled_paragraphs_continue_and_none_before_the_first_label() -> None:
    document = read_html(
        page("<p>Intro.</p><p><b>Ana:</b> One.</p><p>Two.</p><p><b>Bo:</b> Three.</p>")
    )
    assert [s for s, _, _ in said(document)] == [None, "Ana", "Ana", "Bo"]
    assert "gave 1 unlabelled paragraph to the previous speaker" in document.warnings


def test_plain_labels_need_to_recur_or_have_two_words() -> None:
    document = read_html(
        page("<p>Klar: so ist es.</p><p>Ana Ruiz: Hallo.</p><p>Bo: Ja.</p><p>Bo: Gut.</p>")
    )
    assert [s for s, _, _ in said(document)] == [None, "Ana Ruiz", "Bo", "Bo"]
    assert document.utterances[0].text == "Klar: so ist es."


def test_labelled_lines_inside_one_paragraph_are_split_at_breaks() -> None:
    document = read_html(page("<p><b>Ana:</b> Hi.<br><b>Bo:</b> Hello.<br>More.</p>"))
    assert said(document) == [("Ana", None, "Hi."), ("Bo", None, "Hello."), ("Bo", None, "More.")]
    unlabelled = read_html(page("<p>Line one<br>Line two: yes</p>"))
    assert said(unlabelled) == [(None, None, "Line one Line two: yes")]


def test_table_rows_of_time_speaker_and_text() -> None:
    document = read_html(
        page(
            "<table><tr><th>Time</th><th>Speaker</th><th>Text</th></tr>"
            "<tr><td>0:01</td><td>Ana</td><td>Hi there.</td></tr>"
            "<tr><td>[0:05]</td><td>Bo:</td><td>Hello.</td></tr></table>"
        )
    )
    assert said(document) == [("Ana", 1000, "Hi there."), ("Bo", 5000, "Hello.")]
    facts = read_html(page("<table><tr><td>Price</td><td>12 EUR</td></tr></table>"))
    assert said(facts) == [(None, None, "Price 12 EUR")]


def test_page_title_h1_is_skipped_and_other_headings_kept() -> None:
    document = read_html(
        page(
            "<h1>T</h1><h2>Empty</h2><h3>Part one</h3><p>A.</p><h1>Part two</h1><p>B.</p>"
            "<h4>Trailing</h4>"
        )
    )
    assert [i.title if isinstance(i, Heading) else i.text for i in document.items] == [
        "Part one",
        "A.",
        "Part two",
        "B.",
    ]
    assert "dropped 2 headings that title no speech" in document.warnings


def test_heading_times_are_read() -> None:
    document = read_html(page("<h2>[05:00] Topic</h2><p>A.</p><h2>Next (1:00:00)</h2><p>B.</p>"))
    assert [i for i in document.items if isinstance(i, Heading)] == [
        Heading("Topic", 300_000),
        Heading("Next", 3_600_000),
    ]


def test_unclosed_paragraphs_are_not_duplicated() -> None:
    document = read_html(b"<p>One.<p>Two.<p>Three.")
    assert [u.text for u in document.utterances] == ["One.", "Two.", "Three."]


# --- parliamentary records ------------------------------------------------------------


def test_record_labels_question_numbers_and_references() -> None:
    document = read_html((DATA / "html_parliament_record.html").read_bytes())
    first, answer = said(document)[:2]
    assert first == (
        "Mr Tobias Wrenfield (Lowmarsh and Tarn) (Con)",
        None,
        "What steps she is taking to repair the swing bridges on the estuary.",
    )
    assert answer[0] == "The Minister of State for Coastal Works (Ms Ilse Varga)"
    assert said(document)[-2][0] == "Dame Odile Pemberton (Saltcombe Vale) (LD)"
    text = " ".join(u.text for u in document.utterances)
    for furniture in ["Column 10", "[704", "4.", "Q6", "Previous Section", "Index", "Home Page"]:
        assert furniture not in text


def test_a_column_marker_inside_a_sentence_does_not_cut_it() -> None:
    document = read_html((DATA / "html_parliament_record.html").read_bytes())
    speakers = {u.text: u.speaker for u in document.utterances}
    joined = (
        "I know the bridge well and I have asked the engineers to look again "
        "before the summer crossings begin."
    )
    assert speakers[joined] == "Ms Varga"
    assert "joined 1 sentence that a column break cut in two" in document.warnings


def test_only_an_open_sentence_of_the_same_contribution_is_joined() -> None:
    marker = "<p><b>3 March 2031 : Column 12</b></p>"
    body = f"<p><b>Ada Brill:</b> It ended.</p>{marker}<p>then more.</p>"
    assert [u.text for u in read_html(page(body)).utterances] == ["It ended.", "then more."]
    body = f"<p><b>Ada Brill:</b> It went on</p>{marker}<p>Then more.</p>"
    assert [u.text for u in read_html(page(body)).utterances] == ["It went on", "Then more."]
    body = f"<p><b>Ada Brill:</b> It went on</p>{marker}<p><b>Cato Fenn:</b> and on.</p>"
    assert [u.speaker for u in read_html(page(body)).utterances] == ["Ada Brill", "Cato Fenn"]
    body = "<p><b>Ada Brill:</b> It went on</p><p>and on.</p>"
    assert len(read_html(page(body)).utterances) == 2  # no break between them: two paragraphs


def test_a_new_anchored_contribution_without_a_readable_label_has_no_speaker() -> None:
    document = read_html((DATA / "html_parliament_record.html").read_bytes())
    speakers = {u.text: u.speaker for u in document.utterances}
    # A bold name without its colon is not read as a label, and whoever spoke before
    # (the House, "An hon. Member") did not say it either.
    assert speakers["Mrs Clara Ashby The ferries matter as much as the bridges."] is None
    assert (
        "1 contribution the page marks as new had no speaker label the reader accepts; "
        "their speaker is unknown"
    ) in document.warnings


@pytest.mark.parametrize(
    ("label", "collective"),
    [
        ("Hon. Members", True),
        ("An hon. Member", True),
        ("Several hon. Members", True),
        ("Noble Lords", True),
        ("A noble Lord", True),
        ("Peer", False),
        ("Lord", False),
        ("Mr Members", False),
    ],
)
def test_collective_labels(label: str, collective: bool) -> None:
    assert is_collective(label) is collective


def test_the_house_speaking_is_kept_with_no_one_speaker() -> None:
    document = read_html((DATA / "html_parliament_record.html").read_bytes())
    speakers = {u.text: u.speaker for u in document.utterances}
    assert speakers["An hon. Member: What about the ferries?"] is None
    assert "kept 1 contribution of many voices ('Hon. Members:') with no one speaker" in (
        document.warnings
    )
    body = "<p><b>Ada Brill:</b> One.</p><p><b>Hon. Members:</b> Hear, hear.</p><p>More.</p>"
    assert said(read_html(page(body))) == [
        ("Ada Brill", None, "One."),
        (None, None, "Hon. Members: Hear, hear."),
        (None, None, "More."),
    ]


def test_the_report_names_the_record_furniture() -> None:
    document = read_html((DATA / "html_parliament_record.html").read_bytes())
    furniture = next(w for w in document.warnings if w.startswith("dropped page furniture"))
    for kind in ["2 column markers", "2 question numbers", "1 question reference"]:
        assert kind in furniture
    assert "navigation" in furniture


def test_anchored_contributions_without_a_label_are_never_the_previous_speakers() -> None:
    body = (
        "<p><a name='st_1'></a><b>Ada Brill (Northmoor) (Ind):</b> One.</p><p>Two.</p>"
        "<p><a name='st_2'></a><b>Cato Fenn (Southmoor) (Ind):</b> Three.</p>"
        "<p><a name='st_3'></a>1. <b>Unread label</b> Four.</p><p>Five.</p>"
    )
    assert [s for s, _, _ in said(read_html(page(body)))] == [
        "Ada Brill (Northmoor) (Ind)",
        "Ada Brill (Northmoor) (Ind)",
        "Cato Fenn (Southmoor) (Ind)",
        None,
        None,
    ]


def test_a_speech_start_anchor_counts_even_without_continuation_paragraphs() -> None:
    body = (
        "<p><a name='st_o1'></a><b>Ada Brill:</b> One.</p>"
        "<p><a name='st_o2'></a><b>Cato Fenn:</b> Two.</p>"
        "<p><a name='st_o3'></a><b>a muddled label:</b> Three.</p>"
    )
    assert [s for s, _, _ in said(read_html(page(body)))] == ["Ada Brill", "Cato Fenn", None]


def test_an_id_on_every_paragraph_marks_paragraphs_not_contributions() -> None:
    body = (
        "<p id='p1'><b>Ana:</b> One.</p><p id='p2'>Two.</p><p id='p3'>Three.</p>"
        "<p id='p4'><b>Bo:</b> Four.</p><p id='p5'>Five.</p>"
    )
    assert [s for s, _, _ in said(read_html(page(body)))] == ["Ana", "Ana", "Ana", "Bo", "Bo"]


def test_paragraph_anchors_continue_a_speech_and_procedure_ends_it() -> None:
    document = read_html((DATA / "html_parliament_division.html").read_bytes())
    speakers = {u.text: u.speaker for u in document.utterances}
    member = "Mr Jory Penhale (Stowbridge) (Con)"
    # `stpa_` marks a paragraph of the speech, and a column marker does not end it.
    assert speakers["They need new gates before the winter."] == member
    assert speakers["I commend the Bill to the House."] == member
    # The record's procedure, and the division list after it, are nobody's speech.
    assert speakers["Question put, That the Bill be now read a Second time."] is None
    for line in ["The House divided:", "Ayes 12, Noes 9.", "Amberley, Ms Tessa", "Carrow, Dev"]:
        assert speakers[line] is None
    assert (
        "read 1 paragraph in italics as notes, not as speech by the speaker before"
        in document.warnings
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What will she do? [70411]", ("What will she do?", True)),
        ("What will she do? [HL2291]", ("What will she do?", True)),
        ("What will she do? (S6O-01234)", ("What will she do?", True)),
        ("It was [1984] then.", ("It was [1984] then.", False)),
        ("[70411]", ("[70411]", False)),
    ],
)
def test_question_references_are_cut_only_from_the_end_of_a_question(
    text: str, expected: tuple[str, bool]
) -> None:
    assert strip_reference(text) == expected


def test_sitting_times_and_topical_question_numbers_are_furniture() -> None:
    document = read_html((DATA / "html_parliament_division.html").read_bytes())
    text = " ".join(u.text for u in document.utterances)
    for furniture in ["9.30 am", "10.02 am", "T1.", "[80110]", "Column 41WH"]:
        assert furniture not in text
    assert "2 sitting times" in document.warnings[0]


def test_a_wholly_italic_note_is_not_the_previous_speakers() -> None:
    body = "<p><b>Ana:</b> One.</p><p><em>This interview was edited for length.</em></p>"
    assert said(read_html(page(body))) == [
        ("Ana", None, "One."),
        (None, None, "This interview was edited for length."),
    ]
    # Outside a record, a paragraph that only opens in italics is still speech.
    body = "<p><b>Ana:</b> One.</p><p><i>Moby-Dick</i> changed my life.</p>"
    assert [s for s, _, _ in said(read_html(page(body)))] == ["Ana", "Ana"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "<p><b>The key question for the Minister:</b> is cost.</p>",
        "<p><b>Breaking news (Reuters):</b> a quay opened.</p>",
        "<p>4. Item four of the list.</p>",
    ],
)
def test_record_rules_leave_ordinary_paragraphs_alone(paragraph: str) -> None:
    (only,) = said(read_html(page(paragraph)))
    assert only[0] is None
    assert only[2].split()[0] in ("The", "Breaking", "4.")


def test_a_photo_credit_is_furniture_not_a_speaker() -> None:
    body = "<p><b>Ana:</b> One.</p><p><b>Photo Credit (AFP):</b> Ada Brill at the quay.</p>"
    document = read_html(page(body))
    assert said(document) == [("Ana", None, "One.")]
    assert any("photo caption" in w for w in document.warnings)


def test_navigation_links_are_furniture_only_as_links() -> None:
    linked = read_html(page("<p><a href='/a'>Next Section</a></p><p>We met.</p>"))
    assert [u.text for u in linked.utterances] == ["We met."]
    spoken = read_html(page("<p>Index</p><p>We met.</p>"))
    assert [u.text for u in spoken.utterances] == ["Index", "We met."]


# --- furniture ------------------------------------------------------------------------


def test_blog_furniture_is_dropped_and_counted() -> None:
    document = read_html((DATA / "html_blog_interview_furniture.html").read_bytes())
    text = " ".join(u.text for u in document.utterances)
    furniture = ["Share this", "Like this", "Leave a Reply", "cookies", "Donate", "©", "Photo:"]
    furniture += ["Related", "អរគុណ", "sign-up sheet", "dataLayer", "Posted in"]
    for line in furniture:
        assert line not in text
    assert document.warnings[0].startswith("dropped page furniture: ")
    assert "1 comment section (3 comments)" in document.warnings[0]


def test_comment_thread_without_classes_is_dropped_after_its_heading() -> None:
    document = read_html(
        page(
            "<p>Speech.</p><h2>2 responses to “Episode 4”</h2><p>Great show!</p>"
            "<p>Thanks.</p><h3>Leave a Reply</h3><p>Fill in your details below.</p>"
        )
    )
    assert [u.text for u in document.utterances] == ["Speech."]


def test_main_content_is_preferred_and_the_rest_reported() -> None:
    document = read_html(page("<div>Site blurb here.</div><article><p>Speech.</p></article>"))
    assert [u.text for u in document.utterances] == ["Speech."]
    assert "read the main content (<article>); skipped 3 words outside it" in document.warnings


def test_a_transcript_inside_an_aside_is_kept() -> None:
    document = read_html(page("<aside class='transcript'><p>Ana: Hi.</p><p>Ana: Bye.</p></aside>"))
    assert [u.text for u in document.utterances] == ["Hi.", "Bye."]


# --- metadata and encodings -------------------------------------------------------------


def test_title_date_and_language() -> None:
    document = read_html(
        b'<html lang="pt-BR"><head><meta property="og:title" content="Ep 9">'
        b'</head><body><time datetime="2021-02-03T10:00">3 Feb</time><p>Oi.</p></body></html>'
    )
    assert (document.title, document.date, document.language) == ("Ep 9", "2021-02-03", "pt-BR")


@pytest.mark.parametrize(
    ("data", "encoding", "warned"),
    [
        ('<meta charset="windows-1252"><p>Café</p>'.encode("cp1252"), "cp1252", False),
        (
            '<?xml version="1.0" encoding="ISO-8859-1"?><html><p>Café</p></html>'.encode("latin-1"),
            "cp1252",
            False,
        ),  # fmt: skip
        ('<meta charset="iso-8859-1"><p>Café</p>'.encode(), "utf-8", True),
        ("<p>Café</p>".encode("cp1252"), "cp1252", True),
        ("<p>Café</p>".encode("utf-8-sig"), "utf-8-sig", False),
        ("<p>Café</p>".encode("utf-16"), "utf-16", False),
    ],
)
def test_encodings(data: bytes, encoding: str, warned: bool) -> None:
    document = read_html(data)
    assert document.utterances[0].text == "Café"
    assert document.encoding == encoding
    assert any("UTF-8" in w or "cp1252" in w for w in document.warnings) == warned


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"just words, no tags", ParseError),
        (b"\x00\x01\x02\x03<p>", ParseError),
        (b"\xff\xfe\x00\xd8", ParseError),
        (page("<nav><p>Home</p></nav><script>var a = 1;</script>"), EmptyTranscriptError),
        (b"", ParseError),
    ],
)
def test_bad_pages_raise_transcript_errors(data: bytes, error: type[TranscriptError]) -> None:
    with pytest.raises(error):
        read_html(data)


def test_sniffer() -> None:
    for path in FIXTURES:
        assert looks_like_html(path.read_bytes()), path.name
    assert looks_like_html(b"<!-- saved page -->\n<div><p>Hi</p></div>")
    assert not looks_like_html(b"WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ana>Hi\n")
    assert not looks_like_html(b'{"segments": []}')
    assert not looks_like_html(b"<3 this show\nAna: hi\n")
    assert not looks_like_html(b"**Ana:** <b>hi</b>\n")


# --- fuzzing --------------------------------------------------------------------------

SNIPPETS = ["Ana:", "[1:02]", "▶", "0:1:7", "<?xml version='1.0'?>", "&#39;", "©"]
SNIPPETS += ["<a onclick=\"playAt('0:1:7')\">", "<p class='speaker'>", "<time>1:02</time>"]
TAGS = ["p", "div", "cite", "time", "strong", "b", "h1", "h2", "a", "br", "section", "script"]
HTMLISH = st.lists(
    st.one_of(
        st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
        st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
        st.sampled_from(
            [
                "Ana:",
                "[1:02]",
                "▶",
                "0:1:7",
                "<?xml version='1.0'?>",
                "&#39;",
                "<a onclick=\"playAt('0:1:7')\">",
                "<p class='speaker'>",
                "©",
            ]
        ),  # fmt: skip
        st.text(max_size=10),
    ),
    max_size=25,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_transcript_errors(data: bytes) -> None:
    try:
        read_html(data)
    except TranscriptError:
        pass


@settings(max_examples=200, deadline=None)
@given(HTMLISH)
def test_arbitrary_markup_raises_only_transcript_errors(markup: str) -> None:
    try:
        document = read_html(markup.encode("utf-8", errors="surrogatepass"))
    except TranscriptError:
        return
    for utterance in document.utterances:
        assert utterance.text.strip()
        assert isinstance(utterance, Utterance)
