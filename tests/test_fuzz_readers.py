"""Fuzz the whole reading path: no input makes it raise anything but the project's errors.

The per-reader Hypothesis tests feed each reader its own format. These feed
`read_document` every format name (and detection) with bytes that are sometimes pure
noise and sometimes assembled from the pieces real transcripts are made of, in the
encodings they arrive in, and then build an episode from whatever comes back.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcripts import (
    FORMATS,
    Document,
    Episode,
    Source,
    TranscriptError,
    build_episode,
    read_document,
)

# None asks for detection; the aliases are what people type for `--format`.
FORMAT_CHOICES = (None, *FORMATS, "webvtt", "subrip", "markdown", "text", "htm", "WEBVTT", "pdf")

# Fragments of every format the readers know, so that generated files get past the
# first line and exercise cue, label, time and markup handling.
FRAGMENTS = (
    "WEBVTT",
    "WEBVTT - title\n",
    "\n\n",
    "\n",
    "\r\n",
    "NOTE a note\n",
    "STYLE\n::cue { color: red }\n",
    "00:00:01.000 --> 00:00:02.000",
    "00:01.000 --> 00:02.500 align:start",
    "00:00:01,000 --> 00:00:02,000",
    "99:99:99,999 --> 00:00:00,000",
    "1:2:3.4 -->",
    "-->",
    "1\n",
    "<v Ana Ruiz>",
    "<v.host Ben>",
    "</v>",
    "<v>",
    "<c.yellow>",
    "<00:00:01.500>",
    "<b>",
    "</i>",
    "Ana Ruiz: ",
    "**Ana:** ",
    "ANA: ",
    "[Ana] ",
    "- ",
    "[MUSIC]",
    "(laughs)",
    ">> ",
    "# Heading\n",
    "## Part two\n",
    "---\ntitle: T\nguests: [a, b]\n---\n",
    "[00:01:02] ",
    "00:12 ",
    "Speaker 1  0:03\n",
    "<html><head><meta charset='latin-1'><title>T</title></head><body>",
    "<p>",
    "</p>",
    "<script>alert(1)</script>",
    "<strong>Host:</strong> ",
    "<div class='speaker'>",
    "<br>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "<!--",
    '{"version": "1.0.0", "segments": [',
    '{"speaker": "Ana", "startTime": 1.5, "endTime": 2, "body": "Hello"}',
    '{"startTime": "x", "body": null}',
    '{"startTime": 1e308, "endTime": -1, "body": "x"}',
    '{"startTime": NaN, "body": "x"}',
    '{"chapters": [{"startTime": 0, "title": "Intro"}]}',
    "]}",
    ",",
    "[",
    "{",
    "Hello there.",
    "Well, it's the first time.",
    "សួស្តី",
    "你好",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x0c",
    " ",
)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1")


@st.composite
def transcript_like(draw: st.DrawFn) -> bytes:
    """Draw bytes made of transcript fragments and free text, in a real-world encoding."""
    parts = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30))
    text = "".join(parts)
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    # Sometimes cut the file short, as an interrupted download would.
    if data and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def json_like(draw: st.DrawFn) -> bytes:
    """Draw well-formed JSON of the wrong shapes and odd values, which the JSON reader sees."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=10),
    )
    segment = st.dictionaries(
        st.sampled_from(["speaker", "startTime", "endTime", "body", "title", "start", "text"]),
        scalars,
        max_size=5,
    )
    value = draw(
        st.one_of(
            st.fixed_dictionaries(
                {"segments": st.lists(st.one_of(segment, scalars), max_size=6)},
                optional={"version": scalars, "chapters": st.lists(segment, max_size=3)},
            ),
            st.lists(segment, max_size=5),
            scalars,
        )
    )
    return json.dumps(value).encode()


ANY_INPUT = st.one_of(st.binary(max_size=400), transcript_like(), json_like())
FILENAMES = st.sampled_from(["", "talk.vtt", "talk.srt", "talk.json", "t.html", "t.md", "t.txt"])


def _read(data: bytes, filename: str, format: str | None) -> Document | None:
    """Read the data; return None when a project error refused it, as it may."""
    try:
        return read_document(data, filename=filename, format=format)
    except TranscriptError as exc:
        # A refusal must say something a person can act on, on one line.
        message = str(exc)
        assert message.strip()
        return None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_INPUT, FILENAMES, st.sampled_from(FORMAT_CHOICES))
def test_read_document_raises_only_transcript_errors(
    data: bytes, filename: str, format: str | None
) -> None:
    """Any bytes, any name, any format: a Document or a TranscriptError, nothing else."""
    document = _read(data, filename, format)
    if document is not None:
        assert isinstance(document, Document)
        assert document.format in FORMATS


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_INPUT, FILENAMES, st.sampled_from(FORMAT_CHOICES))
def test_build_episode_accepts_whatever_read_document_returns(
    data: bytes, filename: str, format: str | None
) -> None:
    """An episode built from any readable input is well formed and survives a round trip."""
    document = _read(data, filename, format)
    if document is None:
        return
    try:
        episode = build_episode(
            document,
            episode_id="fuzz",
            source=Source(filename or "fuzz", document.format, "0" * 64, document.encoding),
        )
    except TranscriptError as exc:
        assert str(exc).strip()
        return
    ids = [p.id for p in episode.passages]
    assert len(ids) == len(set(ids))
    for passage in episode.passages:
        assert passage.start_ms is None or isinstance(passage.start_ms, int)
        assert passage.end_ms is None or isinstance(passage.end_ms, int)
    assert Episode.from_dict(json.loads(json.dumps(episode.to_dict()))) == episode
