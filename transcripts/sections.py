"""Topic sections inferred from the text itself, in the manner of Hearst's TextTiling.

The word stream is cut into pseudo-sentences of `PSEUDO_WORDS` words; at every gap between
them the `BLOCK` pseudo-sentences on either side are compared by the cosine similarity of
their content-word stems, weighted by inverse stretch frequency. The twice-smoothed curve
dips where the vocabulary changes; each valley is scored by its depth (how far it lies
below the peaks on either side). The deepest valleys above mean + sd/2 become boundaries,
moved to the nearest turn start (a host's turn if one is near) and kept only while every
section stays long enough, up to about one section per ten minutes of speech. Titles are
the section's most distinctive recurring words or word pairs against the rest of the
episode.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace

import transcripts.lexicon as lexicon
from transcripts.model import Passage, Section

PSEUDO_WORDS = 20  # Hearst's w: words per pseudo-sentence
# Hearst's k: pseudo-sentences compared on either side of a gap. Talk repeats its words
# less densely than the expository prose TextTiling was made for, so blocks span ~3 minutes.
BLOCK = 20
# Only long transcripts get sections: the archive's short fixtures and clips stay flat.
LONG_WORDS = 1_500
LONG_MS = 10 * 60_000
# A section lasts at least this long, and there are about as many as SECTION_* fit.
MIN_SECTION_MS = 3 * 60_000
MIN_SECTION_WORDS = 600
SECTION_MS = 10 * 60_000
SECTION_WORDS = 1_500
MAX_SECTIONS = 12
# A recurring pair of content words ("zero rating") names a topic better than one word.
PAIR_BONUS = 1.5


def is_long(passages: Sequence[Passage]) -> bool:
    """Return whether a transcript is long enough to be split into topic sections."""
    word_count = sum(len(lexicon.words(p.text)) for p in passages)
    return word_count >= LONG_WORDS or (_duration_ms(passages) or 0) >= LONG_MS


def infer_sections(
    passages: Sequence[Passage],
    *,
    hosts: Collection[str] = (),
    names: Collection[str] = (),
) -> tuple[tuple[Section, ...], tuple[Passage, ...]]:
    """Split long passages into titled topic sections and assign each passage its section.

    Returns no sections (and the passages unchanged) for a short transcript or one that
    reads as a single topic. `hosts` are the speakers whose turns a section prefers to
    start on; `names` are people's names, kept out of titles.
    """
    if not is_long(passages):
        return (), tuple(passages)
    starts = segment(passages, hosts=hosts)
    if len(starts) < 2:
        return (), tuple(passages)
    titles = title_sections(passages, starts, names=names)
    bounds = [*starts, len(passages)]
    sections: list[Section] = []
    assigned: list[Passage] = []
    for number, (first, stop) in enumerate(zip(bounds, bounds[1:], strict=False), start=1):
        section_id = f"s{number}"
        start_ms = _start_ms(passages, first)
        sections.append(Section(section_id, titles[number - 1], start_ms, origin="inferred"))
        assigned.extend(replace(p, section=section_id) for p in passages[first:stop])
    return tuple(sections), tuple(assigned)


def segment(
    passages: Sequence[Passage],
    *,
    hosts: Collection[str] = (),
    min_words: int | None = None,
    max_sections: int | None = None,
) -> list[int]:
    """Return the indices of the passages that open a topic section, starting with 0.

    `min_words` and `max_sections` default to three minutes of speech (600 words when
    untimed) and one section per ten minutes (per 1,500 words), at most twelve.
    """
    if not passages:
        return []
    texts = [lexicon.words(p.text) for p in passages]
    offsets = [0]  # the word at which each passage starts
    for text in texts:
        offsets.append(offsets[-1] + len(text))
    total = offsets[-1]
    duration_ms = _duration_ms(passages)
    if min_words is None:
        # The speech rate turns the minimum duration into words: one unit for all lengths.
        timed = duration_ms is not None
        min_words = round(MIN_SECTION_MS * total / duration_ms) if timed else MIN_SECTION_WORDS
    if max_sections is None:
        span = duration_ms / SECTION_MS if duration_ms else total / SECTION_WORDS
        max_sections = min(MAX_SECTIONS, round(span))
    turn_starts = [i for i in range(1, len(passages)) if passages[i].turn != passages[i - 1].turn]
    if max_sections < 2 or not turn_starts:
        return [0]

    stream = [w for text in texts for w in text]
    common = lexicon.common_words(stream)
    stems = [lexicon.stem(w) if lexicon.is_content(w, common) else "" for w in stream]
    pseudo = [
        Counter(s for s in stems[i : i + PSEUDO_WORDS] if s)
        for i in range(0, len(stems), PSEUDO_WORDS)
    ]
    if len(pseudo) < 2:
        return [0]  # no gap to judge
    scores = _smooth(_smooth(_gap_scores(pseudo, _idf(pseudo))))
    depths = _depths(scores)
    valleys = [
        g
        for g in range(len(scores))
        if (g == 0 or scores[g] <= scores[g - 1])
        and (g == len(scores) - 1 or scores[g] <= scores[g + 1])
    ]
    if not valleys:
        return [0]
    # Hearst cuts at mean - sd/2 of the depths at every gap, where the many shallow slopes
    # pull the mean down. Over the valleys alone, the same half spread goes above the mean:
    # most valleys in an hour of talk are noise, and only the tail is a change of topic.
    values = [depths[g] for g in valleys]
    mean = sum(values) / len(values)
    cutoff = mean + math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) / 2
    reach = PSEUDO_WORDS * BLOCK  # a boundary moves at most one block to reach a turn
    chosen: list[int] = []
    for g in sorted(valleys, key=lambda g: (-depths[g], g)):
        if depths[g] <= cutoff or len(chosen) == max_sections - 1:
            break
        at = (g + 1) * PSEUDO_WORDS  # gap g follows pseudo-sentence g
        near = [i for i in turn_starts if abs(offsets[i] - at) <= reach]
        # A new topic usually opens with the host's question: start the section there.
        pool = [i for i in near if passages[i].speaker in hosts] or near
        if not pool:
            continue  # the change falls inside a long turn, and a section never does
        index = min(pool, key=lambda i: (abs(offsets[i] - at), i))
        if index in chosen:
            continue  # two valleys near the same turn: it opens one section, not two
        points = sorted([0, total, offsets[index], *(offsets[c] for c in chosen)])
        if all(b - a >= min_words for a, b in zip(points, points[1:], strict=False)):
            chosen.append(index)
    return [0, *sorted(chosen)]


def title_sections(
    passages: Sequence[Passage], starts: Sequence[int], *, names: Collection[str] = ()
) -> list[str]:
    """Title each section by its most distinctive recurring words, unique in the episode."""
    bounds = [*starts, len(passages)]
    stream = [w for p in passages for w in lexicon.words(p.text)]
    skip = lexicon.common_words(stream) | {lexicon.key(w) for n in names for w in n.split()}
    written: Counter[tuple[str, str]] = Counter()  # (key, as written)
    counts: list[Counter[tuple[str, ...]]] = []  # per section: single keys and key pairs
    sizes: list[int] = []  # content words per section
    for first, stop in zip(bounds, bounds[1:], strict=False):
        count: Counter[tuple[str, ...]] = Counter()
        for passage in passages[first:stop]:
            previous = ""
            for word in lexicon.words(passage.text):
                key = lexicon.key(word)
                if not lexicon.is_content(word, skip) or key in skip:
                    previous = ""
                    continue
                written[(key, word)] += 1
                count[(key,)] += 1
                if previous:
                    count[(previous, key)] += 1
                previous = key
        counts.append(count)
        sizes.append(sum(c for term, c in count.items() if len(term) == 1))
    overall: Counter[tuple[str, ...]] = Counter()
    for count in counts:
        overall.update(count)
    form = _written_forms(written)
    titles: list[str] = []
    leads: set[tuple[str, ...]] = set()
    for number, (count, size) in enumerate(zip(counts, sizes, strict=True), start=1):
        ranked = _distinctive(count, overall, size, sum(sizes) - size)
        lead = next((term for term in ranked if term not in leads), None)
        if lead is None:
            titles.append(f"Part {number}")
            continue
        leads.add(lead)
        terms = [lead]
        if len(lead) == 1:
            # One word says little: add the next distinctive term that does not repeat it.
            terms += [term for term in ranked if not set(term) & set(lead)][:1]
        title = ", ".join(" ".join(form[k] for k in term) for term in terms)
        titles.append(title[:1].upper() + title[1:])
    return titles


def _distinctive(
    count: Counter[tuple[str, ...]], overall: Counter[tuple[str, ...]], inside: int, outside: int
) -> list[tuple[str, ...]]:
    """Rank the terms that recur in a section by how much more often they occur there."""
    scored: list[tuple[float, tuple[str, ...]]] = []
    for term, c in count.items():
        if c < 2:
            continue
        rest = overall[term] - c
        # The log ratio of the term's rate here to its rate elsewhere, weighted by how often
        # it occurs here: tf-idf against the rest of the episode, which unlike idf over a
        # few sections does not vanish when a term also occurs once elsewhere.
        lift = math.log((c / max(inside, 1)) / ((rest + 0.5) / (outside + 1)))
        if lift > 0:
            scored.append((c * lift * (PAIR_BONUS if len(term) == 2 else 1.0), term))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [term for _, term in scored]


def _written_forms(written: Counter[tuple[str, str]]) -> dict[str, str]:
    """Map each key to its most frequent written form, so German nouns keep capitals."""
    forms: dict[str, str] = {}
    for (key, word), _ in sorted(written.items(), key=lambda item: (-item[1], item[0])):
        forms.setdefault(key, word)
    return forms


def _idf(pseudo: list[Counter[str]]) -> dict[str, float]:
    """Weigh each stem by how few ~100-word stretches of the transcript use it."""
    stretches = [set().union(*pseudo[i : i + 5]) for i in range(0, len(pseudo), 5)]
    frequency = Counter(s for stretch in stretches for s in stretch)
    return {s: math.log(len(stretches) / c) for s, c in frequency.items()}


def _gap_scores(pseudo: list[Counter[str]], weights: dict[str, float]) -> list[float]:
    """Return the weighted cosine of the blocks either side of each pseudo-sentence gap."""
    # The blocks slide one pseudo-sentence per gap, so the dot product and the norms are
    # updated stem by stem instead of recomputed: linear in the length of the transcript.
    left: dict[str, int] = {}
    right: dict[str, int] = {}
    totals = [0.0, 0.0, 0.0]  # dot product, left squared norm, right squared norm

    def move(bag: dict[str, int], other: dict[str, int], block: Counter[str], sign: int) -> None:
        norm = 1 if bag is left else 2
        for s, c in block.items():
            weight = weights[s] ** 2
            before = bag.get(s, 0)
            bag[s] = before + sign * c
            totals[0] += sign * c * other.get(s, 0) * weight
            totals[norm] += ((before + sign * c) ** 2 - before**2) * weight

    move(left, right, pseudo[0], 1)
    for block in pseudo[1 : 1 + BLOCK]:
        move(right, left, block, 1)
    scores: list[float] = []
    for gap in range(1, len(pseudo)):
        if gap > 1:
            move(left, right, pseudo[gap - 1], 1)
            if gap - 1 - BLOCK >= 0:
                move(left, right, pseudo[gap - 1 - BLOCK], -1)
            move(right, left, pseudo[gap - 1], -1)
            if gap - 1 + BLOCK < len(pseudo):
                move(right, left, pseudo[gap - 1 + BLOCK], 1)
        # Sums updated thousands of times drift by rounding: an emptied block may read as a
        # tiny negative norm, which is no similarity at all.
        empty = min(totals[1], totals[2]) < 1e-9
        scores.append(0.0 if empty else totals[0] / math.sqrt(totals[1] * totals[2]))
    return scores


def _smooth(scores: list[float]) -> list[float]:
    """Average each score with its neighbours, so one odd pseudo-sentence makes no valley."""
    windows = [scores[max(0, i - 1) : i + 2] for i in range(len(scores))]
    return [sum(window) / len(window) for window in windows]


def _depths(scores: list[float]) -> list[float]:
    """Return how far each gap lies below the peaks climbed to on either side of it."""
    # Climbing from a gap that lies below its neighbour continues the neighbour's climb, so
    # each side's peak is carried along in one pass rather than searched for at every gap.
    n = len(scores)
    left_peak = scores[:1]
    for i in range(1, n):
        left_peak.append(left_peak[-1] if scores[i - 1] >= scores[i] else scores[i])
    right_peak = scores[-1:]
    for i in range(n - 2, -1, -1):
        right_peak.append(right_peak[-1] if scores[i + 1] >= scores[i] else scores[i])
    right_peak.reverse()
    return [left_peak[i] + right_peak[i] - 2 * scores[i] for i in range(n)]


def _start_ms(passages: Sequence[Passage], first: int) -> int | None:
    """Return when a section starts: its first passage's start, else the last one before.

    An untimed passage (a piece of a split paragraph) starts after the last known time,
    so a link to that time plays the whole section rather than skipping its opening.
    """
    earlier = reversed(passages[: first + 1])
    return next((p.start_ms for p in earlier if p.start_ms is not None), None)


def _duration_ms(passages: Sequence[Passage]) -> int | None:
    """Return the span from the first timed start to the last timed end, if timed."""
    starts = [p.start_ms for p in passages if p.start_ms is not None]
    ends = [p.end_ms for p in passages if p.end_ms is not None]
    if not starts or not ends or max(ends) <= min(starts):
        return None
    return max(ends) - min(starts)
