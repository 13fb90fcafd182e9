"""Benchmark queries drawn from an archive's own passages, and timing them through Verbatim.

The classes mirror what journalists type: one common word, one rare word, two words
that occur together, a four-word quote, the same quote narrowed to its speaker, and the
quote with its top ten hits highlighted. Quotes are cut from real passages, so every
phrase query has at least one true match.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from generate import FUNCTION_WORDS

from archive.query.words import WORD, normalise_chars
from archive.search.service import SearchService
from archive.store.folder import Archive

CLASSES = ("term_common", "term_rare", "and2", "phrase4", "phrase4_speaker", "phrase4_hl")
# Words never drawn as search terms: the generator's function words, plus a few English
# ones a real archive (the demo) is full of; nobody searches for "the".
STOP = frozenset(w.casefold() for w in FUNCTION_WORDS) | {
    "are", "has", "yes", "yeah", "can", "will", "did", "don't", "it's", "i'm", "that's",
}  # fmt: skip
COMMON_POOL = 50  # term_common: the 50 content words in the most passages
RARE_MAX_PASSAGES = 3  # term_rare: words in at most this many passages


@dataclass(frozen=True)
class Passage:
    """The searchable part of one stored passage."""

    passage_id: str
    episode_id: str
    speaker: str | None
    show: str | None
    text: str


@dataclass(frozen=True)
class BenchQuery:
    """One query of one class: its words, an optional speaker filter and the page size."""

    cls: str
    words: tuple[str, ...]
    speaker: str | None = None

    @property
    def is_phrase(self) -> bool:
        """Return True for the quote classes."""
        return self.cls.startswith("phrase")

    @property
    def page_size(self) -> int:
        """Return how many hits are fetched (and highlighted): ten for the highlight class."""
        return 10 if self.cls == "phrase4_hl" else 20

    @property
    def text(self) -> str:
        """Return the query as typed into Verbatim's search box."""
        joined = " ".join(self.words)
        return f'"{joined}"' if self.is_phrase else joined


def read_passages(archive: Archive) -> list[Passage]:
    """Return every passage of the archive, read back from the stored episode JSON."""
    return [
        Passage(p.id, episode.id, p.speaker, episode.show, p.text)
        for episode in archive.iter_episodes()
        for p in episode.passages
    ]


def tokens(text: str) -> list[str]:
    """Return the folded words of a text, split the way Verbatim's analyzer splits them."""
    return [w.casefold() for w in WORD.findall(normalise_chars(text))]


def _is_term(word: str) -> bool:
    return len(word) >= 3 and word not in STOP and not word.isdigit()


def draw_queries(
    passages: Sequence[Passage], per_class: int, *, seed: int = 1
) -> dict[str, list[BenchQuery]]:
    """Return `per_class` queries of every class, the same ones for the same passages and seed."""
    if not passages:
        raise ValueError("the archive has no passages to draw queries from")
    rng = random.Random(f"{seed}:queries")
    words = [tokens(p.text) for p in passages]
    df: Counter[str] = Counter()
    for ws in words:
        df.update({w for w in ws if _is_term(w)})
    # Ties broken by the word so that the draw never depends on dict order.
    by_df = sorted(df, key=lambda w: (-df[w], w))
    common = by_df[:COMMON_POOL]
    rare = sorted(w for w in df if df[w] <= RARE_MAX_PASSAGES) or by_df[-COMMON_POOL:]
    long_enough = [i for i, ws in enumerate(words) if len(ws) >= 4]
    with_speaker = [i for i in long_enough if passages[i].speaker]
    two_terms = [i for i, ws in enumerate(words) if len({w for w in ws if _is_term(w)}) >= 2]

    def quote(i: int) -> tuple[str, ...]:
        start = rng.randrange(len(words[i]) - 3)
        return tuple(words[i][start : start + 4])

    def pair(i: int) -> tuple[str, ...]:
        return tuple(rng.sample(sorted({w for w in words[i] if _is_term(w)}), 2))

    out: dict[str, list[BenchQuery]] = {name: [] for name in CLASSES}
    for _ in range(per_class):
        out["term_common"].append(BenchQuery("term_common", (rng.choice(common),)))
        out["term_rare"].append(BenchQuery("term_rare", (rng.choice(rare),)))
        if two_terms:
            out["and2"].append(BenchQuery("and2", pair(rng.choice(two_terms))))
        if long_enough:
            out["phrase4"].append(BenchQuery("phrase4", quote(rng.choice(long_enough))))
            out["phrase4_hl"].append(BenchQuery("phrase4_hl", quote(rng.choice(long_enough))))
        if with_speaker:
            i = rng.choice(with_speaker)
            speaker = passages[i].speaker
            out["phrase4_speaker"].append(BenchQuery("phrase4_speaker", quote(i), speaker))
    return out


def interleave(queries: dict[str, list[BenchQuery]]) -> list[BenchQuery]:
    """Return all queries with the classes taken in turn, so any stretch mixes them."""
    rows = zip_longest(*queries.values())
    return [query for row in rows for query in row if query is not None]


def percentiles(samples_ms: Sequence[float]) -> tuple[float, float]:
    """Return the median and the 95th percentile of timings in milliseconds."""
    if len(samples_ms) == 1:
        return samples_ms[0], samples_ms[0]
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return cuts[49], cuts[94]


def run_verbatim(service: SearchService, query: BenchQuery) -> int:
    """Run one query the way the web app does; return the total hits."""
    results = service.search(query.text, speaker=query.speaker, page_size=query.page_size)
    return results.total


def time_queries(run: Any, queries: Sequence[BenchQuery]) -> tuple[list[float], list[int]]:
    """Time `run(query)` for each query; return milliseconds and the totals it returned."""
    times: list[float] = []
    totals: list[int] = []
    for query in queries:
        start = time.perf_counter()
        totals.append(run(query))
        times.append((time.perf_counter() - start) * 1000)
    return times, totals


def warm_up(run: Any, queries: dict[str, list[BenchQuery]], per_class: int = 10) -> None:
    """Run a few queries of each class untimed: opening files and caches is not latency."""
    for items in queries.values():
        for query in items[:per_class]:
            run(query)


def verbatim_latency(
    service: SearchService,
    queries: dict[str, list[BenchQuery]],
    samples: dict[str, list[float]] | None = None,
) -> dict[str, dict[str, float]]:
    """Return p50/p95 and the mean total per class; keep the raw timings in `samples`."""
    report: dict[str, dict[str, float]] = {}
    for name, items in queries.items():
        if not items:
            continue
        times, totals = time_queries(lambda q: run_verbatim(service, q), items)
        if samples is not None:
            samples[name] = times
        p50, p95 = percentiles(times)
        report[name] = {
            "verbatim_p50_ms": round(p50, 2),
            "verbatim_p95_ms": round(p95, 2),
            "verbatim_hits_mean": round(statistics.fmean(totals), 1),
        }
    return report
