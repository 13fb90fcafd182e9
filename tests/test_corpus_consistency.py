"""One episode in two formats reads the same: every word, in order, by the same speaker.

The shared corpus holds the Podcasting 2.0 example episode as WebVTT (voice spans only at
speaker changes, one speaker marked by a bare `Name:` prefix) and as an HTML fragment
(`<cite>`/`<time>`/`<p>`). Two independent readers agreeing word for word is the strongest
check that neither loses, duplicates or misattributes speech. Skipped without ../shared.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transcripts import Source, build_episode, read_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PAIR = ("podcastindex_example_mixed_voice_tags.vtt", "podcastindex_example_cite_time_p.html")


def spoken_words(name: str) -> list[tuple[str, str | None]]:
    """Return each word of a corpus file's passages with its speaker, case- and quote-folded."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent: the shared corpus is not checked out beside the repo")
    document = read_document(path.read_bytes(), filename=name)
    episode = build_episode(document, episode_id="x", source=Source(name, document.format, "-"))
    return [
        (word, passage.speaker)
        for passage in episode.passages
        for word in re.findall(r"\w+", passage.text.lower().replace("’", "'"))
    ]


def test_webvtt_and_html_of_one_episode_agree_word_for_word() -> None:
    """Both readers yield the same words, in the same order, by the same speakers."""
    vtt, html = (spoken_words(name) for name in PAIR)
    assert len(vtt) > 2000
    assert [w for w, _ in vtt] == [w for w, _ in html]
    disagreements = [i for i, (a, b) in enumerate(zip(vtt, html, strict=True)) if a[1] != b[1]]
    assert disagreements == []
    assert {speaker for _, speaker in vtt} == {"Travis", "Sarah", "Gilon"}
