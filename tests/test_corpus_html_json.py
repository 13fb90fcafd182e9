"""Conformance on the real HTML and JSON transcripts in ../shared/corpus.

The corpus is third-party data kept beside the project, never copied into it; each file has
a `.meta.json` recording its speakers as written, a rough turn count and its quirks. These
tests read the files in place and compare with that record.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from transcripts.errors import EmptyTranscriptError
from transcripts.formats.html import looks_like_html, read_html
from transcripts.formats.podcast_json import looks_like_podcast_json, read_podcast_json
from transcripts.model import Document, Heading

CORPUS = (Path(__file__).parents[1] / ".." / "shared" / "corpus").resolve()
HTML_FILES = ["podcastindex_example_cite_time_p.html", "lnp232_de_trs2html.html"]
JSON_FILE = "awsbites_130_speakerlabel_segments.json"
NO_BODY_FILE = "podcastindex_2020_json_no_body_truncated.json"
READABLE = [*HTML_FILES, JSON_FILE]
FURNITURE = ("▶", "playAt", "javascript", "alert(", "text-decoration", "function ")


@pytest.fixture(scope="module", autouse=True)
def corpus() -> Path:
    """Skip the module when the shared corpus is not beside the project."""
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus is absent: {CORPUS} does not exist")
    return CORPUS


def meta(name: str) -> dict[str, Any]:
    """Return the provenance record of a corpus file."""
    return json.loads((CORPUS / f"{name}.meta.json").read_text(encoding="utf-8"))


def read(name: str) -> Document:
    """Read a corpus file with the reader for its format."""
    data = (CORPUS / name).read_bytes()
    reader = read_html if name.endswith(".html") else read_podcast_json
    return reader(data, filename=name)


def expected_speakers(name: str) -> list[str]:
    """Return the speakers as written, colon stripped and `label -> name` maps resolved."""
    return [
        s.split("->")[-1].strip().rstrip(":").strip()
        for s in meta(name)["speaker_names_as_written"]
    ]


def speaker_runs(document: Document) -> list[str | None]:
    """Return the speaker of each run of consecutive utterances by one speaker."""
    runs: list[str | None] = []
    for utterance in document.utterances:
        if not runs or runs[-1] != utterance.speaker:
            runs.append(utterance.speaker)
    return runs


def source_speech_words(name: str) -> int:
    """Count the words in the source's speech elements, independently of the readers."""
    data = (CORPUS / name).read_bytes()
    if name.endswith(".json"):
        return sum(len(s["text"].split()) for s in json.loads(data)["segments"])
    # Drop the XML declaration, as the reader does, so bs4 does not take the page for XML.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", data.decode("utf-8"))
    soup = BeautifulSoup(text, "lxml")
    paragraphs = [p for p in soup.find_all("p") if "speaker" not in (p.get("class") or [])]
    return sum(len(p.get_text(" ").replace("▶", " ").split()) for p in paragraphs)


@pytest.mark.parametrize("name", READABLE)
def test_speakers_are_those_written(name: str) -> None:
    document = read(name)
    found = list(dict.fromkeys(u.speaker for u in document.utterances))
    assert found == expected_speakers(name)


@pytest.mark.parametrize("name", READABLE)
def test_turn_count_is_in_the_ballpark(name: str) -> None:
    approx = int(re.search(r"\d+", str(meta(name)["approx_turns"]))[0])  # type: ignore[index]
    runs = len(speaker_runs(read(name)))
    assert 0.75 * approx <= runs <= 1.25 * approx, f"{runs} speaker runs, about {approx} expected"


@pytest.mark.parametrize("name", READABLE)
def test_no_speech_is_lost_or_doubled(name: str) -> None:
    read_words = sum(len(u.text.split()) for u in read(name).utterances)
    source_words = source_speech_words(name)
    assert 0.95 * source_words <= read_words <= 1.02 * source_words


@pytest.mark.parametrize("name", READABLE)
def test_no_furniture_in_any_utterance(name: str) -> None:
    for utterance in read(name).utterances:
        assert utterance.text == utterance.text.strip()
        assert not any(bit in utterance.text for bit in FURNITURE), utterance.text


def test_lnp232_headings_are_its_topic_sections() -> None:
    document = read("lnp232_de_trs2html.html")
    headings = [item.title for item in document.items if isinstance(item, Heading)]
    assert headings == meta("lnp232_de_trs2html.html")["topic_sections"]


def test_lnp232_times_come_from_the_play_buttons() -> None:
    document = read("lnp232_de_trs2html.html")
    starts = [u.start_ms for u in document.utterances]
    assert None not in starts
    assert starts == sorted(starts)  # type: ignore[type-var]
    assert starts[0] == 0 and starts[-1] == (1 * 60 + 17) * 60_000 + 34_000
    assert document.unit == "cue"


def test_cite_time_p_times_and_entities() -> None:
    document = read("podcastindex_example_cite_time_p.html")
    starts = [u.start_ms for u in document.utterances]
    assert starts[:2] == [0, 53_000]
    assert (11 * 60 + 31) * 1000 in starts
    assert all("&#39;" not in u.text for u in document.utterances)
    assert any("it's" in u.text for u in document.utterances)


def test_awsbites_segments_merge_into_timed_cues() -> None:
    document = read(JSON_FILE)
    segments = json.loads((CORPUS / JSON_FILE).read_bytes())["segments"]
    assert document.unit == "cue"
    assert len(document.utterances) < len(segments)
    assert all(u.start_ms is not None and u.end_ms is not None for u in document.utterances)
    assert document.utterances[0].start_ms == 0
    assert document.utterances[-1].end_ms == round(segments[-1]["end"] * 1000)
    assert "speaker labels resolved through the speakers map" in document.warnings


def test_no_body_json_is_an_empty_transcript() -> None:
    with pytest.raises(EmptyTranscriptError, match=r"has 2077 segments but none carries any text"):
        read(NO_BODY_FILE)


def test_sniffers_recognise_their_own_files_only() -> None:
    """The HTML sniffer claims exactly the HTML files; the JSON sniffer claims no other format.

    Which JSON shapes are read (and so sniffed) is held against each file's `expect` block
    in `test_corpus_ingest.py`; here no sniffer may claim a file of another format.
    """
    for path in sorted(CORPUS.iterdir()):
        if path.name.endswith(".meta.json") or path.suffix not in (".html", ".json", ".vtt",
                                                                   ".srt", ".md"):  # fmt: skip
            continue
        data = path.read_bytes()
        assert looks_like_html(data) == (path.suffix == ".html"), path.name
        if looks_like_podcast_json(data):
            assert path.suffix == ".json", path.name
