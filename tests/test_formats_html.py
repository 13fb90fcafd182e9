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
