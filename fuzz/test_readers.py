"""One fuzz target per reader: a Document or a one-line TranscriptError, never anything else."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from transcripts import Source, TranscriptError, build_episode, read_document
from transcripts.formats import read_chapters
from transcripts.turns import MAX_PASSAGE_CHARS

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "utf-32")
HOSTILE = (
    "[" * 200,
    "{" * 100,
    "<div>" * 300,
    "> " * 500,
    "x" * 9_000,
    "中文" * 3_000,
    "\x00",
    "\ud7ff",
    "\u202e",
    "\r",
    "\u2028",
    "&#xFFFFFFFF;",
    "<![CDATA[",
    "]]>",
    "-->",
)
VTT = (
    "WEBVTT\n\n",
    "WEBVTT - t\nKind: captions\n\n",
    "00:00:01.000 --> 00:00:02.000",
    "00:01.000 --> 00:02.500 align:start position:10%",
    "99:59:59.999 --> 00:00:00.000",
    "\n",
    "\n\n",
    "NOTE x\n",
    "STYLE\n::cue { color: red }\n",
    "REGION\nid:a\n",
    "<v Ana Ruiz>",
    "<v.host Ben>",
    "</v>",
    "<c.yellow>",
    "<00:00:01.500>",
    "<i>",
    "</b>",
    "cue-1\n",
    "Ana: ",
    ">> ",
    "- ",
    "[MUSIC]",
    "Hello there.",
)
SRT = (
    "1\n",
    "2\n",
    "00:00:01,000 --> 00:00:02,000\n",
    "0:0:1,5 --> 0:0:2,0\n",
    "00:00:01.000 --> 00:00:02.000\n",
    "\n",
    "\r\n",
    "<i>",
    "</i>",
    "{\\an8}",
    "- ",
    "ANA: ",
    "Hello there.\n",
    "[laughs]",
)
TEXT = (
    "Ana Ruiz: ",
    "ANA: ",
    "[00:01:02] ",
    "00:12 ",
    "Speaker 1  0:03\n",
    "Q: ",
    "A: ",
    "Title: T\n",
    "Date: 2024-01-02\n",
    "\n",
    "\n\n",
    "Hello there. ",
    "It was the first time.",
    "(laughs) ",
    "Copyright 2024 all rights reserved\n",
    "Photo: AFP\n",
    "=====\n",
)
MARKDOWN = (
    "---\ntitle: T\nguests: [a, b]\nhosts: Ana\n---\n",
    "# Heading\n",
    "## Part two\n",
    "###### deep\n",
    "**Ana:** ",
    "__Ben__: ",
    "*",
    "_",
    "> ",
    "- ",
    "1. ",
    "```\n",
    "[link](http://x)",
    "![img](a.png)",
    "\\[00:00\\] ",
    "---\n",
    "| a | b |\n",
    "Hello there.\n",
    "\n\n",
)
HTML = (
    "<!doctype html>",
    "<html lang='en'>",
    "<head><meta charset='latin-1'><title>T</title></head>",
    "<meta name='date' content='2024-02-30'>",
    "<body>",
    "<article>",
    "<div class='transcript'>",
    "<p>",
    "</p>",
    "<p data-start='1.5'>",
    "<strong>Host:</strong> ",
    "<b>ANA:</b> ",
    "<h2>Part</h2>",
    "<time datetime='2024-01-01'>",
    "<cite>00:01</cite>",
    "<span data-m='1000'>",
    "</span>",
    "<br>",
    "<nav>Home</nav>",
    "<figure><figcaption>Photo: AFP</figcaption></figure>",
    "<script>x</script>",
    "<table><tr><td>",
    "&amp;",
    "&#0;",
    "<!--",
    "-->",
    "Hello there.",
)


def assembled(pieces: tuple[str, ...], *, max_size: int = 40) -> st.SearchStrategy[bytes]:
    """Bytes made of a format's pieces, free text and hostile shapes, in an encoding."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        parts = draw(
            st.lists(
                st.one_of(
                    st.sampled_from(pieces),
                    st.text(max_size=16),
                    st.sampled_from(HOSTILE),
                ),
                max_size=max_size,
            )
        )
        data = "".join(parts).encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
        if data and draw(st.booleans()):
            # Cut short, flip a byte or splice in noise, as damaged files are.
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(max_size=4)) + data[at + draw(st.integers(0, 3)) :]
        return data

    return build()


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=10),
    st.sampled_from(["00:01:02.5", "1e309", "-1", "NaN", ""]),
)
KEYS = ("speaker", "speakerLabel", "startTime", "endTime", "start", "end", "body", "text", "title")
json_values = st.recursive(
    st.one_of(scalars, st.dictionaries(st.sampled_from(KEYS), scalars, max_size=6)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.dictionaries(
            st.sampled_from((*KEYS, "segments", "speakers", "chapters", "version")),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=40,
)


@st.composite
def podcast_json(draw: st.DrawFn) -> bytes:
    """JSON of transcript-like shapes (and some that are not), sometimes damaged."""
    value = draw(
        st.one_of(
            st.fixed_dictionaries({"segments": st.lists(json_values, max_size=8)}),
            st.fixed_dictionaries(
                {"segments": st.lists(json_values, max_size=4), "speakers": json_values}
            ),
            st.lists(json_values, max_size=6),
            json_values,
        )
    )
    text = json.dumps(value, allow_nan=True, ensure_ascii=draw(st.booleans()))
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))] + draw(st.sampled_from(HOSTILE)).encode()
    return data


def check(data: bytes, format: str, filename: str) -> None:
    """Read with one reader; a Document must build into a well-formed episode."""
    try:
        document = read_document(data, filename=filename, format=format)
        episode = build_episode(
            document,
            episode_id="fuzz",
            source=Source(filename, document.format, "0" * 64, document.encoding),
        )
    except TranscriptError as exc:
        message = str(exc)
        assert message.strip() and "\n" not in message, message
        return
    assert document.format == format
    assert all(0 < len(p.text) <= MAX_PASSAGE_CHARS for p in episode.passages)
    assert len({p.id for p in episode.passages}) == len(episode.passages)


@given(assembled(VTT))
def test_fuzz_vtt(data: bytes) -> None:
    check(data, "vtt", "talk.vtt")


@given(assembled(SRT))
def test_fuzz_srt(data: bytes) -> None:
    check(data, "srt", "talk.srt")


@given(st.one_of(podcast_json(), assembled(('{"segments": [', "]}", ",", '"body": "x"'))))
def test_fuzz_json(data: bytes) -> None:
    check(data, "json", "talk.json")


@given(podcast_json())
def test_fuzz_chapters(data: bytes) -> None:
    try:
        headings = read_chapters(data)
    except TranscriptError as exc:
        assert "\n" not in str(exc)
        return
    starts = [h.start_ms or 0 for h in headings]
    assert starts == sorted(starts)


@given(assembled(HTML, max_size=60))
def test_fuzz_html(data: bytes) -> None:
    check(data, "html", "page.html")


@given(assembled(MARKDOWN))
def test_fuzz_markdown(data: bytes) -> None:
    check(data, "md", "talk.md")


@given(assembled(TEXT))
def test_fuzz_text(data: bytes) -> None:
    check(data, "txt", "talk.txt")


@given(st.one_of(assembled(VTT + SRT + TEXT + MARKDOWN + HTML), podcast_json(), st.binary()))
def test_fuzz_detection(data: bytes) -> None:
    try:
        document = read_document(data, filename="unnamed")
    except TranscriptError as exc:
        assert "\n" not in str(exc)
        return
    check(data, document.format, "unnamed")
