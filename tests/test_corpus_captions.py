"""Conformance on the real WebVTT and SubRip files in ../shared/corpus.

The corpus is third-party data kept beside the project, never copied into it; each file has
a `.meta.json` recording its speakers as written, a rough turn count and its quirks. These
tests read the files in place and check speakers, turns, markup and that no word is lost or
repeated, counting the source's words independently of the readers.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from transcripts import Episode, Source, build_episode, read_document
from transcripts.formats.decoding import decode

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
ROLLING = "la_council_youtube_live_captions_excerpt.vtt"
FILES = [
    "podcastindex_example_mixed_voice_tags.vtt",
    "netflix_chicas_del_cable_es.vtt",
    "teams_unpadded_timestamps_tiny.vtt",
    "pysrt_fr_movie_cp1252_crlf.srt",
    ROLLING,
]
NOT_ROLLING = [name for name in FILES if name != ROLLING]
LEAKS = ("<c>", "<00:", "-->", "align:", "position:", "&amp;", "<i>", "</i>", "<v", "{\\")
_TAG = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")


@pytest.fixture(scope="module", autouse=True)
def corpus() -> Path:
    """Skip the module when the shared corpus is not beside the project."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is absent: {CORPUS} does not exist")
    return CORPUS


def path_of(name: str) -> Path:
    """Return a corpus file's path, skipping the test when that file is missing."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{name} is not in the shared corpus")
    return path


def meta(name: str) -> dict[str, Any]:
    """Return the provenance record of a corpus file."""
    return json.loads((CORPUS / f"{name}.meta.json").read_text(encoding="utf-8"))


_EPISODES: dict[str, Episode] = {}


def episode(name: str) -> Episode:
    """Read a corpus file the way the archive does (once per test session)."""
    if name not in _EPISODES:
        data = path_of(name).read_bytes()
        document = read_document(data, filename=name)
        source = Source(name, document.format, hashlib.sha256(data).hexdigest())
        _EPISODES[name] = build_episode(document, episode_id="corpus", source=source)
    return _EPISODES[name]


def expected_speakers(name: str) -> list[str]:
    """Return the meta's speakers with `<v X>`, `[X]`, `X:` and notes in parentheses removed."""
    names = []
    for written in meta(name)["speaker_names_as_written"]:
        written = re.sub(r"\s*\(.*\)$", "", written.strip())
        written = re.sub(r"^<v\s+(.*)>$|^\[(.*)\]$|^(.*?):$", r"\1\2\3", written)
        names.append(written.strip())
    return names


def words(text: str) -> list[str]:
    """Split text into words, as passages count them."""
    return text.split()


def passage_words(name: str) -> list[str]:
    """Return every word of the episode's passages, in order."""
    return [word for p in episode(name).passages for word in words(p.text)]


def cue_texts(name: str) -> list[list[str]]:
    """Return each cue's text lines, read naively: the lines after a timing line."""
    text, _, _ = decode(path_of(name).read_bytes())
    cues: list[list[str]] = []
    inside = False
    for line in re.split(r"\r\n|\r|\n", text):
        if "-->" in line:
            cues.append([])
            inside = True
        elif not line.strip():
            inside = False
        elif inside:
            cues[-1].append(" ".join(html.unescape(_TAG.sub("", line)).split()))
    return cues


@pytest.mark.parametrize("name", FILES)
def test_speakers_as_written_are_found(name: str) -> None:
    found = {p.name for p in episode(name).participants}
    assert set(expected_speakers(name)) <= found
    count = meta(name).get("num_speakers")
    if isinstance(count, int):
        assert len(found) == count


@pytest.mark.parametrize("name", FILES)
def test_turn_count_matches_the_meta(name: str) -> None:
    approx = meta(name)["approx_turns"]
    if not isinstance(approx, int):
        pytest.skip(f"the meta gives no turn count for {name}: {approx!r}")
    turns = len(episode(name).turns())
    assert abs(turns - approx) <= 0.25 * approx, f"{turns} turns, expected about {approx}"


@pytest.mark.parametrize("name", FILES)
def test_no_caption_markup_leaks_into_passages(name: str) -> None:
    for passage in episode(name).passages:
        leaked = [leak for leak in LEAKS if leak in passage.text]
        assert not leaked, f"{leaked} in {passage.id}: {passage.text[:80]!r}"


@pytest.mark.parametrize("name", NOT_ROLLING)
def test_every_cue_word_is_kept_once(name: str) -> None:
    speakers = {p.name for p in episode(name).participants}
    source = 0
    for lines in cue_texts(name):
        for index, line in enumerate(lines):
            tokens = words(line)
            while tokens and tokens[0] in {"-", "–", "—"}:
                tokens = tokens[1:]  # a dialogue dash is not a word
            label = re.match(r"^-?\s*\[([^\]]+)\]", line)
            if label and label[1] in speakers:
                tokens = words(line[label.end() :])
            elif index == 0 and any(line.startswith(f"{s}:") for s in speakers):
                tokens = tokens[len(words(line.split(":", 1)[0])) :]
            # "-Hola" keeps its dash glued to the word: the word still counts once.
            source += len(tokens)
    kept = len(passage_words(name))
    assert abs(kept - source) <= 0.02 * source, f"{kept} words kept of {source} in the cues"


def test_rolling_captions_keep_each_line_once() -> None:
    cues = cue_texts(ROLLING)
    naive = sum(len(words(line)) for lines in cues for line in lines)
    said = passage_words(ROLLING)
    # Every cue shows earlier lines again: what is left is a fraction of the naive count.
    assert len(said) < 0.3 * naive
    # No stretch of speech is read twice in a row.
    size = 6
    repeats = [
        " ".join(said[i : i + size])
        for i in range(len(said) - 2 * size + 1)
        if said[i : i + size] == said[i + size : i + 2 * size]
    ]
    assert not repeats
    # A line shown again above a newer one is complete: each such line is there, once.
    complete = {
        line for lines in cues for line in lines[:-1] if len(words(line)) >= 5 and line.strip()
    }
    joined = f" {' '.join(said)} "
    counts = Counter(joined.count(f" {line} ") for line in complete)
    assert counts[1] >= 0.97 * len(complete), counts
    assert counts[0] <= 0.01 * len(complete), counts


def test_rolling_captions_keep_cue_times() -> None:
    passages = episode(ROLLING).passages
    assert all(p.start_ms is not None and p.end_ms is not None for p in passages)
    # The HLS segments restart at 00:00; their X-TIMESTAMP-MAP puts them back on one clock.
    starts = [p.start_ms for p in passages if p.start_ms is not None]
    backwards = sum(1 for a, b in zip(starts, starts[1:], strict=False) if b < a - 60_000)
    assert backwards <= 1


def test_netflix_sound_descriptions_stay_in_the_text() -> None:
    name = "netflix_chicas_del_cable_es.vtt"
    found = {p.name for p in episode(name).participants}
    assert not any(word in " ".join(found) for word in ("ríe", "risita", "suspira", "música"))
    text = " ".join(p.text for p in episode(name).passages)
    assert "[risita]" in text and "[Ángeles ríe]" in text


def test_subrip_cp1252_credits_and_encoding() -> None:
    name = "pysrt_fr_movie_cp1252_crlf.srt"
    document = read_document(path_of(name).read_bytes(), filename=name)
    assert document.encoding == "cp1252"
    text = " ".join(u.text for u in document.utterances)
    assert "AllSubs" not in text
    assert "ÉVÉNEMENTS" in text  # the title cards stay, decoded
    assert any(
        w.startswith("dropped 2 cues of subtitle-site advertising") for w in document.warnings
    )
