"""The analyzers: words, clusters and bigrams, folding, stemming, offsets and name gaps."""

from __future__ import annotations

from archive.engines.whoosh.analysis import (
    NAME_SEPARATOR,
    analyse,
    fold,
    folded_analyzer,
    normalise_chars,
    stem,
    stemming_analyzer,
)


def tokens(text: str, *, stemmed: bool = False) -> list[tuple[str, int, int, int]]:
    """Return (text, position, start, end) of each token."""
    analyzer = stemming_analyzer() if stemmed else folded_analyzer()
    return [
        (t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True)
    ]


def test_khmer_clusters_keep_their_marks() -> None:
    """A Khmer word becomes bigrams of whole clusters, never split at a vowel sign."""
    assert analyse(folded_analyzer(), "សុខា") == ["សុខា"]
    assert analyse(folded_analyzer(), "ខ្ញុំឈ្មោះ") == ["ខ្ញុំ", "ញុំឈ្", "ឈ្មោះ"]


def test_bigrams_sit_at_consecutive_positions_with_offsets() -> None:
    """Overlapping bigrams point into the original text, one position each."""
    assert tokens("我们 去北京") == [
        ("我们", 0, 0, 2),
        ("去北", 1, 3, 5),
        ("北京", 2, 4, 6),
    ]
    # A single character between spaces is a token of its own.
    assert analyse(folded_analyzer(), "我 去") == ["我", "去"]


def test_mixed_words_split_by_script() -> None:
    """Latin letters inside a CJK run stay one word; digits too."""
    assert analyse(folded_analyzer(), "iPhone手机2024年") == ["iphone", "手机", "2024", "年"]


def test_fold_removes_latin_accents_only() -> None:
    """Accents on Latin letters fold away; Khmer and Devanagari marks stay."""
    assert fold("Élodie") == "elodie"
    assert fold("CAFÉ") == "cafe"
    assert fold("Straße") == "strasse"
    assert fold("Øresund Łódź") == "oresund lodz"
    assert fold("Ｃａｆé") == "cafe"  # full-width letters too
    assert fold("សុខា") == "សុខា"
    assert fold("हिंदी") == "हिंदी"
    assert fold("ក\u200bខ") == "កខ"  # zero-width spaces are word hints, not text


def test_curly_apostrophes_and_dashes() -> None:
    """don’t is don't; dashes separate words."""
    assert analyse(folded_analyzer(), "Don’t—ever") == ["don't", "ever"]


def test_stemming_is_porter2_and_skips_other_scripts() -> None:
    """Porter2 stems English; a word in another script is left as it is."""
    assert analyse(stemming_analyzer(), "Running runs generously Élodie") == [
        "run",
        "run",
        "generous",
        "elodi",
    ]
    assert analyse(stemming_analyzer(), "ห้องสมุด") == analyse(folded_analyzer(), "ห้องสมุด")


def test_names_are_kept_apart() -> None:
    """Aliases joined by NAME_SEPARATOR sit far apart, so a phrase never spans two names."""
    found = tokens(f"Ada Lovelace{NAME_SEPARATOR}Countess")
    assert [t[0] for t in found] == ["ada", "lovelace", "countess"]
    assert found[2][1] - found[1][1] > 10
    assert found[2][2] == len("Ada Lovelace") + 1  # offsets still index the value


def test_stems_are_the_reference_porter2() -> None:
    """Snowball's English stemmer keeps apart words Whoosh's own port conflated."""
    from archive.query.words import stem, stemmed_words

    assert stem("added") == stem("adding") == "add"
    assert stem("organized") != stem("organ")
    assert stem("evening") != stem("even")
    assert stemmed_words("Organizing the evening") == analyse(
        stemming_analyzer(), "Organizing the evening"
    )


def test_every_engine_gets_the_same_words() -> None:
    """The engine-neutral words equal what the Whoosh analyzers index."""
    from archive.query.words import exact_words

    text = "Don’t—ever “ห้องสมุด” Élodie's 東京都 o'clock"
    assert exact_words(text) == analyse(folded_analyzer(), text)


def test_offsets_point_into_the_original_text_for_every_script() -> None:
    """Each token's offsets cut its own word out of the text, across names and scripts."""
    text = f"Don’t—ever Élodie's{NAME_SEPARATOR}東京都 ห้องสมุด o'clock"
    for token in stemming_analyzer()(text, positions=True, chars=True):
        piece = text[token.startchar : token.endchar]
        assert token.text in (stem(fold(normalise_chars(piece))), fold(normalise_chars(piece)))
