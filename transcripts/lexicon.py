"""Words as topic segmentation sees them: tokens in any script, stop words, stems.

Kept apart from `transcripts.sections` so that the segmenter and the titler share one idea
of what a content word is. Stop words are a small English, German, French and Spanish list
of function words and talk fillers; words that one transcript uses everywhere are learned
from that transcript on top of it (`common_words`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from functools import lru_cache

# Letters in any script (so Cyrillic, Greek or Arabic words count), with inner apostrophes.
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
MIN_LETTERS = 3
# Truncation is a crude stemmer that works across languages (German compounds and
# inflections, Romance endings) at the price of the odd false friend.
STEM_LETTERS = 5
# A word in more than this share of the ~100-word stretches of each quarter is filler.
COMMON_SHARE = 0.4
STRETCH_WORDS = 100

STOP_WORDS = frozenset(
    """
    about after again all also always and any are around back because been before being
    both but can could did does doing done down each even ever every few for from get gets
    getting got had has have having her here hers him his how into its just know knew like
    made make makes many maybe more most much must never not now off okay once one only
    other our ours out over own really right said same say says see she should since some
    something still such sure than that the their theirs them then there these they thing
    things think this those though through too two under until very want was way well were
    what when where which while who whom why will with would yeah yes yet you your yours
    lot lots kind sort mean actually basically gonna wanna going stuff pretty guess let
    little anything everything nothing someone people time times definitely probably
    take took give gave come came went goes put try tried use used feel felt tell told talk
    talking question idea part point case today good great cool awesome interesting keep
    kept need needed don didn doesn isn wasn aren weren couldn wouldn shouldn haven hasn
    aber alle allem allen aller alles als auch auf aus bei beim bin bis bist dabei damit
    dann das dass daß dem den denn der des dich die dies diese diesem diesen dieser doch
    dort durch ein eine einem einen einer eines einfach etwas euch für gar gibt habe haben
    hat hatte hier ich ihm ihn ihr immer ist jetzt kann kein keine mal man mehr mich mir
    mit muss nach nicht nichts noch nun nur oder ohne schon sehr sein seine sich sie sind
    sollte sondern sozusagen genau halt eben irgendwie quasi und uns unter viel vom von vor
    war waren was weil wenn wer werden wie wieder wir wird wurde zum zur zwar über gut ganz
    natürlich eigentlich eher sicherlich wirklich vielleicht gerade glaube würde könnte
    avec aux ces cet cette dans des donc elle elles est être fait les leur mais même nous
    par pas plus pour que qui sans ses son sont sur tout tous très une vous oui non alors
    como con del las los más para pero por porque sin sobre son una uno unos esta este
    eso esto está muy también
    """.split()
)


def words(text: str) -> list[str]:
    """Return the words of a text as written, dropping elided articles and contractions."""
    found = _WORD.findall(text.replace("’", "'"))
    if "'" not in text and "’" not in text:
        return found
    return [_unelide(w) if "'" in w else w for w in found]


def _unelide(word: str) -> str:
    """Return the part of an apostrophe word that carries meaning.

    "don't" keeps "don" (a stop word) and "it's" keeps "it"; "l'homme" keeps "homme".
    """
    head, _, tail = word.partition("'")
    return tail if len(head) <= 2 else head


@lru_cache(maxsize=65_536)
def key(word: str) -> str:
    """Return a word's comparison key: lower-cased, an English plural -s stripped."""
    word = word.lower()
    if len(word) >= 5 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """Return a word's stem for comparing stretches of text: its first letters."""
    return key(word)[:STEM_LETTERS]


def is_content(word: str, common: Collection[str] = ()) -> bool:
    """Return whether a word can carry a topic: long enough, not a stop or filler word."""
    lower = word.lower()
    return len(lower) >= MIN_LETTERS and lower not in STOP_WORDS and key(lower) not in common


def common_words(stream: list[str]) -> frozenset[str]:
    """Return the keys of the words this text uses everywhere: its own filler.

    A word counts as filler when it is in more than COMMON_SHARE of the ~100-word stretches
    of every quarter of the text. Frequency alone is not enough: in an episode of two
    topics, each topic's words fill half of the stretches, all of them in one half.
    """
    stretches = [
        {key(w) for w in stream[i : i + STRETCH_WORDS]}
        for i in range(0, len(stream), STRETCH_WORDS)
    ]
    if len(stretches) < 8:
        return frozenset()  # too little text to tell filler from topic
    quarters = [
        stretches[len(stretches) * q // 4 : len(stretches) * (q + 1) // 4] for q in range(4)
    ]
    common: set[str] | None = None
    for quarter in quarters:
        frequency = Counter(k for stretch in quarter for k in stretch)
        found = {k for k, c in frequency.items() if c > COMMON_SHARE * len(quarter)}
        common = found if common is None else common & found
    return frozenset(common or ())
