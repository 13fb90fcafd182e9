"""A transcript that holds the whole episode twice is indexed once, in any format."""

from __future__ import annotations

from pathlib import Path

from transcripts import Document, Source, Utterance, build_episode, read_document
from transcripts.repeats import drop_repeated_copy

DATA = Path(__file__).resolve().parent / "data" / "repeats"


def episode_of(name: str):  # noqa: ANN201 - an Episode
    """Read a fixture and build its episode."""
    data = (DATA / name).read_bytes()
    document = read_document(data, filename=name)
    source = Source(filename=name, format=document.format, sha256="0" * 64)
    return build_episode(document, episode_id="ep", source=source)


def test_a_labelled_copy_then_a_plain_copy_is_indexed_once() -> None:
    episode = episode_of("labelled_then_plain.txt")
    texts = [p.text for p in episode.passages]
    assert sum("wooden needle" in text for text in texts) == 1
    assert sum(text == "What changed most in that time?" for text in texts) == 1
    knot = next(p for p in episode.passages if "leave with someone" in p.text)
    assert knot.speaker == "Rob Quayle"
    assert any("holds the episode twice" in w and "first copy" in w for w in episode.warnings)


def test_the_copy_with_the_labels_is_kept_whichever_comes_first() -> None:
    said = [
        ("Ana", "We opened the bakery in the winter of the flood, with one oven and a loan."),
        ("Bo", "And no customers for a month, because the bridge into town was shut."),
        ("Ana", "Then the bridge opened and the queue went round the block twice over."),
        ("Bo", "We sold out by nine every morning that spring, and nobody knew our names."),
    ]
    plain = [Utterance(text) for _, text in said]
    labelled = [Utterance(text, speaker=name) for name, text in said]
    document = Document(format="txt", items=tuple(plain + labelled))
    kept, note = drop_repeated_copy(document)
    assert kept.items == tuple(labelled)
    assert note is not None and "second copy, which has the speaker labels" in note


def test_a_refrain_or_a_partial_repeat_is_not_a_copy() -> None:
    chorus = "Stay with us, this is the night shift on the harbour radio."
    items = (Utterance(chorus, "Ana"), Utterance("Tonight the ferries run late.", "Ana"),
             Utterance(chorus, "Ana"))  # fmt: skip
    document = Document(format="txt", items=items)
    assert drop_repeated_copy(document) == (document, None)
    long = [Utterance(f"Sentence number {n} of a long and winding story.", "Bo") for n in range(12)]
    # The second half repeats only part of the first: that is not the whole episode twice.
    document = Document(format="txt", items=tuple(long + long[:5]))
    assert drop_repeated_copy(document) == (document, None)
