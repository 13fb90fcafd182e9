"""Synthetic interviews for benchmarks: invented words, Zipf-distributed, written as real files.

Each episode depends only on the seed and its number, so the first 200 episodes of a
1,000-episode run are the 200 of a 200-episode run, and `first=` continues a series (the
benchmark's add-one episodes). No real text is used: words and names are built from
syllables; only a short list of English function words makes sentences read like speech
and gives exact-phrase search the stop words it must keep.

Layout written under `out_dir`: one folder per show holding WebVTT (`.vtt`) and
Podcasting 2.0 JSON (`.json`) transcripts, some with a `NAME.chapters.json` beside them,
and `episodes.jsonl` (one line of metadata per episode; not a transcript extension, so
`verbatim add out_dir` skips it).

Example:
    python benchmarks/generate.py /tmp/corpus --episodes 50 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from writers import to_chapters_json, to_podcast_json, to_vtt

DEFAULT_SEED = 7
DEFAULT_WORDS = 9000
VOCABULARY_SIZE = 60_000
# Zipf-Mandelbrot: weight 1 / (rank + 2.7) ** 1.05 flattens the very top a little.
ZIPF_EXPONENT = 1.05
ZIPF_OFFSET = 2.7
SHOWS = 12
GUESTS = 300
FUNCTION_SHARE = 0.45  # of tokens: roughly the share of function words in speech
TOPIC_SHARE = 0.08  # of tokens: a section's own words, so sections have a subject
FIRST_DATE = date(2014, 1, 1)
DAYS_SPAN = 10 * 365

# Most frequent first; they get Zipf weights among themselves.
FUNCTION_WORDS = (
    "the", "and", "I", "to", "a", "of", "that", "you", "it", "in", "we", "is", "was", "so",
    "they", "but", "for", "this", "on", "with", "what", "not", "be", "have", "there", "just",
    "at", "like", "think", "about", "do", "all", "one", "from", "our", "know", "if", "when",
    "were", "my", "had", "very", "by", "how", "then", "more", "because", "an", "them", "would",
    "out", "really", "their", "me", "now", "those", "here", "some", "or", "no", "your", "well",
)  # fmt: skip
OPENERS = ("So", "Well,", "And", "I think", "You know,", "Yes,", "Right,", "But", "Honestly,")
QUESTION_OPENERS = ("What", "How", "Why", "When did you", "Can you tell us", "Do you think")
INTERJECTIONS = ("Right.", "Yes, exactly.", "Mm, I see.", "That makes sense.", "Go on.")

_ONSETS = (
    "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
    "br", "dr", "fl", "gr", "kl", "pr", "sk", "st", "tr", "sh", "th", "ch",
)  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "io")
_CODAS = ("", "", "", "n", "r", "l", "s", "m", "k", "nd", "rt", "st")
_SUFFIXES = (("s", 0.10), ("ing", 0.04), ("ed", 0.03))  # inflections, for stemmed search


@dataclass(frozen=True)
class Show:
    """A show: its name, the folder it is written to and its hosts."""

    name: str
    slug: str
    hosts: tuple[str, ...]


@dataclass(frozen=True)
class World:
    """Everything shared by the episodes of one seed: vocabulary, shows and guests."""

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]
    shows: tuple[Show, ...]
    guests: tuple[str, ...]


@dataclass(frozen=True)
class Sentence:
    """One timed sentence by one speaker; `turn` counts speaker turns from 0."""

    speaker: str
    turn: int
    start_ms: int
    end_ms: int
    text: str


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _invented(rng: random.Random, syllables: int) -> str:
    return "".join(_syllable(rng) for _ in range(syllables))


def _name(rng: random.Random) -> str:
    return f"{_invented(rng, 2).capitalize()} {_invented(rng, rng.choice((2, 3))).capitalize()}"


@lru_cache(maxsize=4)
def build_world(seed: int) -> World:
    """Return the vocabulary, shows and guest pool for a seed."""
    rng = random.Random(f"{seed}:world")
    taken = {w.casefold() for w in FUNCTION_WORDS}
    words: list[str] = []
    while len(words) < VOCABULARY_SIZE:
        word = _invented(rng, rng.choices((1, 2, 3), weights=(3, 6, 1))[0])
        if len(word) >= 3 and word not in taken:
            taken.add(word)
            words.append(word)
    # Frequent words are short in every language (Zipf's law of abbreviation).
    words.sort(key=len)
    weights = [1.0 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(len(words))]
    names: list[str] = []
    while len(names) < SHOWS * 2 + GUESTS:
        name = _name(rng)
        if name not in names:
            names.append(name)
    shows = []
    for i in range(SHOWS):
        word = rng.choice(words[200:2000]).capitalize()
        pattern = rng.choice(("The {} Hour", "{} Radio", "Inside {}", "{} Conversations"))
        show_name = pattern.format(word)
        # One show in three has two co-hosts: 2-4 speakers per episode in all.
        hosts = tuple(names[2 * i : 2 * i + (2 if i % 3 == 2 else 1)])
        shows.append(Show(show_name, f"show-{i + 1:02d}-{word.lower()}", hosts))
    return World(
        words=tuple(words),
        cum_weights=tuple(accumulate(weights)),
        shows=tuple(shows),
        guests=tuple(names[SHOWS * 2 :]),
    )


_FUNCTION_CUM = tuple(accumulate(1.0 / (r + 1) for r in range(len(FUNCTION_WORDS))))


def _sentence(rng: random.Random, world: World, topic: list[str], *, question: bool) -> str:
    """Return one sentence of speech-like invented text."""
    n = rng.randint(6, 24)
    content = rng.choices(world.words, cum_weights=world.cum_weights, k=n)
    function = rng.choices(FUNCTION_WORDS, cum_weights=_FUNCTION_CUM, k=n)
    tokens: list[str] = []
    if question:
        tokens.append(rng.choice(QUESTION_OPENERS))
    elif rng.random() < 0.3:
        tokens.append(rng.choice(OPENERS))
    for i in range(n):
        r = rng.random()
        if r < FUNCTION_SHARE:
            word = function[i]
        else:
            word = rng.choice(topic) if r < FUNCTION_SHARE + TOPIC_SHARE else content[i]
            s = rng.random()
            for suffix, p in _SUFFIXES:
                if s < p:
                    word += suffix
                    break
                s -= p
        if tokens and rng.random() < 0.05 and not tokens[-1].endswith(","):
            tokens[-1] += ","
        tokens.append(word)
    text = " ".join(tokens).rstrip(",")
    return text[0].upper() + text[1:] + ("?" if question else ".")


@dataclass(frozen=True)
class Episode:
    """A generated episode before it is written: metadata, sentences and chapters."""

    number: int
    show: Show
    title: str
    date: str
    guests: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    chapters: tuple[tuple[int, str], ...]  # (start_ms, title)
    fmt: str
    with_chapters: bool


def make_episode(world: World, seed: int, number: int, words: int = DEFAULT_WORDS) -> Episode:
    """Return episode `number` of the series for a seed; about `words` words long."""
    rng = random.Random(f"{seed}:episode:{number}")
    show = world.shows[number % len(world.shows)]
    # 2-4 speakers: one host with 1-3 guests, or two co-hosts with 1-2.
    choices = (1, 1, 2, 3) if len(show.hosts) == 1 else (1, 1, 2)
    guests = tuple(rng.sample(world.guests, rng.choice(choices)))
    speakers = (*show.hosts, *guests)
    rates = {name: rng.uniform(2.2, 2.9) for name in speakers}  # words per second
    target = int(words * rng.uniform(0.85, 1.15))
    n_sections = rng.randint(3, 6)
    title = " ".join(w.capitalize() for w in rng.sample(world.words[100:3000], rng.randint(2, 4)))
    sentences: list[Sentence] = []
    chapters: list[tuple[int, str]] = []
    clock_ms, turn, written, exchanges = 0, -1, 0, -1
    for section in range(n_sections):
        topic = rng.sample(world.words[200:6000], 12)
        chapters.append((clock_ms, " ".join(w.capitalize() for w in rng.sample(topic, 2))))
        section_end = target * (section + 1) // n_sections
        # At least one exchange per section, and speakers in rotation, so that even a
        # short episode has every speaker and every chapter.
        while True:
            exchanges += 1
            asker = show.hosts[exchanges % len(show.hosts)]
            answerer = guests[exchanges % len(guests)]
            exchange = [(asker, rng.randint(1, 2), True)]
            exchange.append((answerer, max(1, rng.randint(150, 900) // 15), False))
            if rng.random() < 0.08:
                exchange.append((asker, 0, False))  # a short interjection, then more answer
                exchange.append((answerer, rng.randint(3, 12), False))
            for speaker, count, question in exchange:
                turn += 1
                clock_ms += rng.randint(300, 900)
                if count == 0:
                    texts = [rng.choice(INTERJECTIONS)]
                else:
                    texts = [_sentence(rng, world, topic, question=question) for _ in range(count)]
                for text in texts:
                    n_words = len(text.split())
                    length_ms = int(1000 * n_words / rates[speaker])
                    sentences.append(Sentence(speaker, turn, clock_ms, clock_ms + length_ms, text))
                    clock_ms += length_ms + rng.randint(100, 400)
                    written += n_words
            if written >= section_end:
                break
    day = FIRST_DATE + timedelta(days=rng.randrange(DAYS_SPAN))
    return Episode(
        number=number,
        show=show,
        title=title,
        date=day.isoformat(),
        guests=guests,
        sentences=tuple(sentences),
        chapters=tuple(chapters),
        # By number, not chance: even a two-episode corpus has a JSON file with chapters.
        fmt="json" if number % 5 in (1, 3) else "vtt",
        with_chapters=number % 3 == 1,
    )


def episode_stem(episode: Episode) -> str:
    """Return the file name without extension: the title's words and the number."""
    return f"{episode.title.lower().replace(' ', '-')}-{episode.number}"


def generate(
    out_dir: str | Path,
    episodes: int,
    *,
    seed: int = DEFAULT_SEED,
    first: int = 0,
    words: int = DEFAULT_WORDS,
) -> list[dict[str, object]]:
    """Write episodes `first`..`first + episodes - 1` under `out_dir`; return their metadata."""
    out = Path(out_dir)
    world = build_world(seed)
    records: list[dict[str, object]] = []
    for number in range(first, first + episodes):
        episode = make_episode(world, seed, number, words)
        folder = out / episode.show.slug
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{episode_stem(episode)}.{episode.fmt}"
        text = to_podcast_json(episode) if episode.fmt == "json" else to_vtt(episode)
        path.write_text(text, encoding="utf-8")
        if episode.with_chapters:
            chapters = folder / f"{episode_stem(episode)}.chapters.json"
            chapters.write_text(to_chapters_json(episode), encoding="utf-8")
        records.append(
            {
                "number": number,
                "file": path.relative_to(out).as_posix(),
                "format": episode.fmt,
                "title": episode.title,
                "show": episode.show.name,
                "show_dir": episode.show.slug,
                "date": episode.date,
                "hosts": list(episode.show.hosts),
                "guests": list(episode.guests),
                "words": sum(len(s.text.split()) for s in episode.sentences),
                "chapters": len(episode.chapters) if episode.with_chapters else 0,
            }
        )
    with open(out / "episodes.jsonl", "a", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


def main(argv: list[str] | None = None) -> None:
    """Write a synthetic corpus from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--episodes", type=int, default=10)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--first", type=int, default=0, help="number of the first episode")
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS, help="words per episode")
    args = parser.parse_args(argv)
    records = generate(
        args.out_dir, args.episodes, seed=args.seed, first=args.first, words=args.words
    )
    total = sum(int(r["words"]) for r in records)  # type: ignore[call-overload]
    print(f"wrote {len(records)} episodes, {total} words, to {args.out_dir}")


if __name__ == "__main__":
    main()
