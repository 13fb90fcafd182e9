"""Topic sections inferred from the text: boundaries, titles, thresholds, and the corpus."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcripts import (
    Document,
    Episode,
    Heading,
    Passage,
    Source,
    Utterance,
    build_episode,
    read_document,
)
from transcripts.lexicon import STOP_WORDS
from transcripts.sections import infer_sections, segment, title_sections

DATA = Path(__file__).parent / "data" / "sections"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"

# An invented interview from topic vocabularies: every sentence mixes a topic's words with
# words shared by all topics, so only the vocabulary's drift marks a change of topic.
TOPICS = {
    "weaving": "loom warp weft shuttle yarn wool spindle tapestry thread indigo heddle weaver",
    "volcanoes": "volcano lava magma crater eruption basalt summit vent caldera pumice geologist",
    "chess": "chess gambit bishop knight rook pawn endgame checkmate tournament castling rook",
    "orchards": "orchard apple pear blossom pruning graft rootstock cider harvest ladder frost",
}
SHARED_WORDS = "work years place morning early story friend remember learned started town".split()
FUNCTION_WORDS = "the a of and to in that it was we but so on for with as at just you know".split()
HOST, GUEST = "Ana Host", "Ben Guest"


def sentence(rng: random.Random, topic: str, length: int = 14) -> str:
    """Return a sentence that is about 30% topic words, 25% shared words, the rest glue."""
    vocabulary = TOPICS[topic].split()
    words = []
    for _ in range(length):
        r = rng.random()
        pool = vocabulary if r < 0.3 else SHARED_WORDS if r < 0.55 else FUNCTION_WORDS
        words.append(rng.choice(pool))
    return " ".join(words).capitalize() + "."


def interview(
    topics: tuple[str, ...], *, words_per_topic: int, seed: int = 7, timed: bool = True
) -> tuple[Document, list[int]]:
    """Return a host/guest interview as 10-word cues at 150 wpm, and its topic-change turns."""
    rng = random.Random(seed)
    items: list[Utterance] = []
    truth: list[int] = []
    clock_ms = 0
    turn = 0

    def say(speaker: str, text: str) -> None:
        nonlocal clock_ms
        words = text.split()
        for i in range(0, len(words), 10):
            cue = words[i : i + 10]
            duration_ms = len(cue) * 400
            start, end = (clock_ms, clock_ms + duration_ms) if timed else (None, None)
            items.append(Utterance(" ".join(cue), speaker, start, end))
            clock_ms += duration_ms

    for topic in topics:
        said = 0
        while said < words_per_topic:
            turn += 1
            if said == 0:
                truth.append(turn)
            say(HOST, sentence(rng, topic, 16))
            answer = " ".join(sentence(rng, topic) for _ in range(rng.randint(5, 15)))
            turn += 1
            say(GUEST, answer)
            said += 16 + len(answer.split())
    return Document(format="vtt", items=tuple(items), unit="cue"), truth


def build(document: Document, **options: Any) -> Episode:
    """Build an episode with id "ep" from a document."""
    source = Source(filename="ep.vtt", format=document.format, sha256="0" * 64)
    return build_episode(document, episode_id="ep", source=source, **options)


def section_turns(episode: Episode) -> list[int]:
    """Return the turn each section starts on."""
    first = {}
    for passage in episode.passages:
        first.setdefault(passage.section, passage.turn)
    return [first[s.id] for s in episode.sections]


def starts_turns(episode: Episode) -> bool:
    """Return whether every section begins on the first passage of a turn."""
    passages = episode.passages
    return all(
        passages[i].turn != passages[i - 1].turn
        for i in range(1, len(passages))
        if passages[i].section != passages[i - 1].section
    )


# --- an invented interview ----------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_boundaries_land_on_the_hosts_topic_questions(seed: int) -> None:
    document, truth = interview(tuple(TOPICS), words_per_topic=2_500, seed=seed)
    episode = build(document, hosts=[HOST])
    assert section_turns(episode) == truth
    assert [s.origin for s in episode.sections] == ["inferred"] * 4


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_without_roles_boundaries_land_within_one_turn(seed: int) -> None:
    document, truth = interview(("weaving", "volcanoes", "chess"), words_per_topic=3_000, seed=seed)
    episode = build(document)
    found = section_turns(episode)
    assert len(found) == len(truth)
    assert all(abs(a - b) <= 1 for a, b in zip(found, truth, strict=True)), (found, truth)


def test_titles_name_each_topic_and_are_unique() -> None:
    document, _ = interview(tuple(TOPICS), words_per_topic=2_500)
    episode = build(document, hosts=[HOST])
    titles = [s.title for s in episode.sections]
    assert len(set(titles)) == len(titles)
    for title, topic in zip(titles, TOPICS, strict=True):
        words = {w.strip(",").lower() for w in title.split()}
        assert words & set(TOPICS[topic].split()), (title, topic)
        assert title[0].isupper() and 1 <= len(title.split()) <= 5
        assert not words <= STOP_WORDS


def test_sections_are_numbered_timed_and_cover_every_passage() -> None:
    document, _ = interview(("weaving", "chess"), words_per_topic=3_000)
    episode = build(document, hosts=[HOST])
    assert [s.id for s in episode.sections] == ["s1", "s2"]
    assert all(p.section is not None for p in episode.passages)
    for section in episode.sections:
        first = next(p for p in episode.passages if p.section == section.id)
        assert section.start_ms == first.start_ms is not None
    assert "inferred 2 topic sections from the text (the source has none)" in episode.warnings


def test_untimed_sections_have_no_start() -> None:
    document, truth = interview(("weaving", "chess"), words_per_topic=2_000, timed=False)
    episode = build(document, hosts=[HOST])
    assert section_turns(episode) == truth
    assert [s.start_ms for s in episode.sections] == [None, None]


def test_inference_changes_nothing_but_the_section(monkeypatch: pytest.MonkeyPatch) -> None:
    document, _ = interview(("weaving", "volcanoes", "chess"), words_per_topic=3_000)
    episode = build(document, hosts=[HOST])
    monkeypatch.setattr("transcripts.turns.infer_sections", lambda p, **_: ((), tuple(p)))
    flat = build(document, hosts=[HOST])
    assert flat.sections == () and len(episode.sections) == 3
    assert [dataclasses.replace(p, section=None) for p in episode.passages] == list(flat.passages)
    assert episode.participants == flat.participants


def test_short_transcripts_get_no_sections() -> None:
    # Two topics, but under both thresholds: fewer than 1,500 words and ten minutes.
    document, _ = interview(("weaving", "chess"), words_per_topic=550)
    episode = build(document, hosts=[HOST])
    assert sum(len(p.text.split()) for p in episode.passages) < 1_500
    assert episode.duration_ms is not None and episode.duration_ms < 10 * 60_000
    assert episode.sections == ()
    assert all(p.section is None for p in episode.passages)
    assert not any("topic sections" in w for w in episode.warnings)


def test_source_headings_win_and_nothing_is_inferred() -> None:
    document, truth = interview(("weaving", "volcanoes", "chess"), words_per_topic=3_000)
    items = (Heading("Everything at once"), *document.items)
    episode = build(dataclasses.replace(document, items=items), hosts=[HOST])
    assert [(s.title, s.origin) for s in episode.sections] == [("Everything at once", "source")]
    assert not any("topic sections" in w for w in episode.warnings)


def test_fixture_interview_in_four_trades() -> None:
    path = DATA / "four_topics.md"
    expected = json.loads((DATA / "four_topics.expected.json").read_text(encoding="utf-8"))
    document = read_document(path.read_bytes(), filename=path.name)
    with_host = build(document, hosts=[expected["host"]])
    assert section_turns(with_host) == expected["topic_turns"]
    without_roles = build(document)
    found = section_turns(without_roles)
    assert all(abs(a - b) <= 1 for a, b in zip(found, expected["topic_turns"], strict=True))
    for episode in (with_host, without_roles):
        assert starts_turns(episode)
        for section, words in zip(episode.sections, expected["title_words"], strict=True):
            assert {w.strip(",").lower() for w in section.title.split()} & set(words), section


def test_output_is_deterministic_across_hash_seeds() -> None:
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]);"
        "from transcripts import Source, build_episode, read_document;"
        "p = sys.argv[2]; d = read_document(open(p, 'rb').read(), filename=p);"
        "e = build_episode(d, episode_id='x', source=Source('x', 'md', '0'));"
        "print(json.dumps([s.to_dict() for s in e.sections]))"
    )
    root = str(Path(__file__).resolve().parents[1])
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, root, str(DATA / "four_topics.md")],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1 and len(json.loads(outputs.pop())) == 4


def test_titles_fall_back_to_part_n_when_nothing_stands_out() -> None:
    text = "lanterns harbour lanterns harbour " * 50
    passages = [Passage(f"x.{n}", n, "Ana", None, None, None, text) for n in range(1, 5)]
    assert title_sections(passages, [0, 2]) == ["Part 1", "Part 2"]


def test_an_hour_and_three_hours_get_a_handful_of_sections() -> None:
    """Long transcripts get sections in proportion to length (speed is measured in benchmarks/)."""
    document, _ = interview(tuple(TOPICS)[:3], words_per_topic=3_000)
    hour = [dataclasses.replace(p, section=None) for p in build(document).passages]
    assert 8_500 <= sum(len(p.text.split()) for p in hour) <= 10_000
    three = [
        dataclasses.replace(p, id=f"{p.id}-{r}", turn=p.turn + 10_000 * r,
                            start_ms=p.start_ms + r * 3_700_000, end_ms=p.end_ms + r * 3_700_000)
        for r in range(3) for p in hour if p.start_ms is not None and p.end_ms is not None
    ]  # fmt: skip
    counts = {}
    for name, sample in (("hour", hour), ("three hours", three)):
        sections, _ = infer_sections(sample, hosts=[HOST])
        counts[name] = len(sections)
    assert 2 <= counts["hour"] <= 8
    assert counts["hour"] < counts["three hours"] <= 12


# --- properties ---------------------------------------------------------------------------

VOCABULARY = "lamp lens tower dough flour oven chain wheel tyre hive honey queen the and".split()


@st.composite
def passage_lists(draw: st.DrawFn) -> list[Passage]:
    """Draw passages in turn order, timed or not, long enough to be segmented at times."""
    count = draw(st.integers(1, 40))
    timed = draw(st.booleans())
    passages: list[Passage] = []
    turn = 1
    for n in range(1, count + 1):
        if n > 1 and draw(st.booleans()):
            turn += 1
        words = draw(st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=12))
        text = " ".join(words * draw(st.integers(1, 15)))
        start = (n - 1) * 30_000 if timed else None
        end = n * 30_000 if timed else None
        speaker = draw(st.sampled_from(["Ana", "Ben", None]))
        passages.append(Passage(f"x.{n}", turn, speaker, None, start, end, text))
    return passages


def test_two_valleys_near_one_turn_open_one_section() -> None:
    """Found by the property below in CI: one turn chosen twice gave starts [0, 5, 5]."""
    texts = ["lamp " * 100, "", "", "lamp lamp lamp lamp lens " * 12, "", "lamp"]
    passages = [
        Passage(f"x.{n}", 2 if n == 6 else 1, "Ana", None, None, None, text.strip())
        for n, text in enumerate(texts, start=1)
    ]
    assert segment(passages, hosts=["Ana"], min_words=0, max_sections=3) == [0, 5]


@settings(max_examples=150, deadline=None)
@given(passage_lists(), st.integers(0, 300), st.integers(1, 6))
def test_segments_start_at_turns_in_order(
    passages: list[Passage], min_words: int, max_sections: int
) -> None:
    starts = segment(passages, hosts=["Ana"], min_words=min_words, max_sections=max_sections)
    assert starts[:1] == [0] and starts == sorted(set(starts)) and len(starts) <= max_sections
    assert all(passages[i].turn != passages[i - 1].turn for i in starts[1:])


@settings(max_examples=60, deadline=None)
@given(passage_lists())
def test_inferred_sections_partition_the_passages_in_order(passages: list[Passage]) -> None:
    sections, assigned = infer_sections(passages, hosts=["Ana"])
    assert [dataclasses.replace(p, section=None) for p in assigned] == passages
    if not sections:
        assert all(p.section is None for p in assigned)
        return
    ids = [s.id for s in sections]
    assert ids == [f"s{n}" for n in range(1, len(ids) + 1)]
    order = [
        p.section for i, p in enumerate(assigned) if i == 0 or p.section != assigned[i - 1].section
    ]
    assert order == ids  # contiguous, in order, none empty
    assert all(
        assigned[i].turn != assigned[i - 1].turn
        for i in range(1, len(assigned))
        if assigned[i].section != assigned[i - 1].section
    )
    assert len({s.title for s in sections}) == len(sections)


# --- the shared corpus, read in place -----------------------------------------------------


def corpus_episode(name: str, *, strip_headings: bool = False) -> Episode:
    """Read a corpus file through the pipeline, optionally without its headings."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is absent: {CORPUS} does not exist")
    path = CORPUS / name
    document = read_document(path.read_bytes(), filename=name)
    if strip_headings:
        items = tuple(i for i in document.items if not isinstance(i, Heading))
        document = dataclasses.replace(document, items=items)
    return build(document)


def section_starts_in_words(episode: Episode) -> tuple[list[int], int]:
    """Return the word offset at which each section starts, and the number of words."""
    starts: list[int] = []
    offset = 0
    for i, passage in enumerate(episode.passages):
        if i == 0 or passage.section != episode.passages[i - 1].section:
            starts.append(offset)
        offset += len(passage.text.split())
    return starts, offset


def segment_labels(starts: list[int], size: int) -> list[int]:
    """Return, for each word, the number of the segment it lies in."""
    labels = []
    current = 0
    for position in range(size):
        while current + 1 < len(starts) and starts[current + 1] <= position:
            current += 1
        labels.append(current)
    return labels


def pk(reference: list[int], hypothesis: list[int], size: int) -> float:
    """Return Beeferman's Pk: how often a probe k words wide misjudges same-segment-ness."""
    k = round(size / (2 * len(reference)))  # half the mean reference segment
    ref, hyp = segment_labels(reference, size), segment_labels(hypothesis, size)
    misses = sum((ref[i] == ref[i + k]) != (hyp[i] == hyp[i + k]) for i in range(size - k))
    return misses / (size - k)


def window_diff(reference: list[int], hypothesis: list[int], size: int) -> float:
    """Return Pevzner and Hearst's WindowDiff: windows whose boundary counts differ."""
    k = round(size / (2 * len(reference)))
    ref, hyp = segment_labels(reference, size), segment_labels(hypothesis, size)
    misses = sum((ref[i + k] - ref[i]) != (hyp[i + k] - hyp[i]) for i in range(size - k))
    return misses / (size - k)


# The bar: a probe half a reference section wide misjudges under a quarter of the time.
PK_BAR = 0.25


def test_lnp232_inferred_boundaries_match_its_real_sections() -> None:
    name = "lnp232_de_trs2html.html"
    real = corpus_episode(name)
    inferred = corpus_episode(name, strip_headings=True)
    meta = json.loads((CORPUS / f"{name}.meta.json").read_text(encoding="utf-8"))
    assert [s.title for s in real.sections] == meta["topic_sections"]
    reference, size = section_starts_in_words(real)
    ours, same_size = section_starts_in_words(inferred)
    assert size == same_size and len(reference) == 9
    assert all(s.origin == "inferred" for s in inferred.sections) and starts_turns(inferred)
    figures = {"ours": (pk(reference, ours, size), window_diff(reference, ours, size))}
    for count in range(2, 13):
        even = [round(i * size / count) for i in range(count)]
        figures[f"even {count}"] = (pk(reference, even, size), window_diff(reference, even, size))
    print(f"lnp232: {len(ours)} sections; (Pk, WindowDiff):", figures)
    # Two minutes of speech either way (~300 words) counts as finding a real boundary.
    found = sum(any(abs(r - o) <= 300 for o in ours[1:]) for r in reference[1:])
    even = [round(i * size / len(ours)) for i in range(len(ours))]
    found_even = sum(any(abs(r - o) <= 300 for o in even[1:]) for r in reference[1:])
    print(f"lnp232: real boundaries within 300 words: ours {found}, even split {found_even} of 8")
    assert figures["ours"][0] < PK_BAR and figures["ours"][1] < PK_BAR
    # Even splits into as many sections as ours, or as the source has, fall short of it.
    # (Pk favours few boundaries: two even halves score 0.23 by luck, which is why the
    # comparison holds the number of sections fixed.)
    for count in (len(ours), len(reference)):
        assert min(figures[f"even {count}"]) >= PK_BAR
    assert found >= 5 and found_even <= 2


def check_handful(episode: Episode) -> None:
    """Assert 3 to 10 inferred sections, with distinct non-empty titles, on turn starts."""
    titles = [s.title for s in episode.sections]
    print([(s.id, s.start_ms, s.title) for s in episode.sections])
    assert 3 <= len(titles) <= 10
    assert all(t.strip() and not t.startswith("Part ") for t in titles)
    assert len(set(titles)) == len(titles)
    assert all(s.origin == "inferred" for s in episode.sections) and starts_turns(episode)
    assert all(p.section is not None for p in episode.passages)


def test_awsbites_gets_a_handful_of_titled_sections() -> None:
    check_handful(corpus_episode("awsbites_130_speakerlabel_segments.json"))


def test_changelog_keeps_its_break_sections_and_infers_without_them() -> None:
    # The reader turns its **Break:** markers into headings: those are source sections.
    name = "changelog_jsparty_223.md"
    as_read = corpus_episode(name)
    assert as_read.sections and all(s.origin == "source" for s in as_read.sections)
    assert not any("topic sections" in w for w in as_read.warnings)
    check_handful(corpus_episode(name, strip_headings=True))
