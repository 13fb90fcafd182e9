"""Blocks of an HTML page into the items of a Document: speakers carried, furniture dropped."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import replace

from transcripts.formats.html_blocks import Block
from transcripts.formats.html_furniture import FURNITURE_HEADING, link_kind, text_kind
from transcripts.model import Heading, Utterance
from transcripts.records import continues_sentence, is_collective, start_marks
from transcripts.wording import plural

# Below this median length, timed paragraphs are caption-like fragments, not paragraphs.
_FRAGMENT_WORDS = 20


class ItemAssembler:
    """Turn blocks into headings and utterances, tracking the speaker and what was dropped."""

    def __init__(
        self, title: str | None, plain_labels: frozenset[str], starts: frozenset[str] = frozenset()
    ) -> None:
        self.title = title
        self.plain_labels = plain_labels
        # Marks that open a contribution (see `contribution_starts`).
        self.starts = starts
        self.unlabelled_starts = 0
        self.notes = 0
        self.collective = 0
        # A column or page marker just dropped: the next paragraph may finish a sentence.
        self.broken = False
        self.rejoined = 0
        self.items: list[Utterance | Heading] = []
        self.dropped: Counter[str] = Counter()
        self.speaker: str | None = None
        self.pending_ms: int | None = None
        self.zone_level: int | None = None
        self.title_seen = False
        self.labels = 0
        self.continued = 0
        self.own_times = 0
        self.empty_headings = 0
        self.dropped_labels = 0
        # Item index -> the first time seen after that utterance, for cue end times.
        self.marks: dict[int, int] = {}
        self.inline_label = False
        self.unread: str | None = None  # the unread label opening the current turn
        self.unread_labels = 0

    def add(self, block: Block) -> None:
        """Take one block in page order."""
        if block.level:
            self._heading(block)
        elif self.zone_level is not None:
            self.dropped["block under a furniture heading"] += 1
        elif (kind := text_kind(block.text) or link_kind(block)) is not None:
            self.dropped[kind] += 1
            self.broken = self.broken or kind == "column marker"
        else:
            self.dropped.update(block.dropped)
            broken, self.broken = self.broken, False
            if not (broken and self._rejoin(block)):
                self._paragraph(block)

    def _rejoin(self, block: Block) -> bool:
        """Join a paragraph to the utterance a column break cut mid-sentence; say if it did."""
        last = self.items[-1] if self.items else None
        if block.label is not None or block.marks & self.starts or block.italic == "whole":
            return False
        if not isinstance(last, Utterance) or last.speaker is None:
            return False
        if last.speaker != self.speaker or not continues_sentence(last.text, block.text):
            return False
        self.items[-1] = replace(last, text=f"{last.text} {block.text}")
        self.rejoined += 1
        return True

    def _heading(self, block: Block) -> None:
        """Keep a section heading, skip the page title, or open a run of furniture."""
        if FURNITURE_HEADING.match(block.text):
            self.zone_level = block.level
            self.dropped["furniture heading"] += 1
            return
        if self.zone_level is not None and block.level > self.zone_level:
            self.dropped["block under a furniture heading"] += 1
            return
        self.zone_level = None
        if block.level == 1 and not self.title_seen and self._is_title(block.text):
            self.title_seen = True  # the page's own title, not a section
            return
        if block.text:
            self.items.append(Heading(title=block.text, start_ms=block.start_ms))

    def _is_title(self, text: str) -> bool:
        """Return whether an <h1> repeats the page title."""
        return not self.title or text.casefold() in self.title.casefold()

    def _paragraph(self, block: Block) -> None:
        """Keep a paragraph as an utterance, or take its label and time for what follows."""
        if block.plain and block.label not in self.plain_labels:
            self.dropped_labels += 1
            block = replace(block, text=block.unsplit, label=None, plain=False, unsplit="")
        if block.label is not None and is_collective(block.label):
            # "Hon. Members: Hear, hear." is the House, not one person: kept, said by no one.
            self.collective += 1
            text = f"{block.label}: {block.text}" if block.text else block.label
            block = replace(block, text=text, label=None, marks=frozenset(), italic="")
            self.speaker, self.inline_label = None, False
        elif block.label is not None:
            self.speaker = block.label
            self.labels += 1
            # Only a label inside a paragraph makes the next bare paragraph a guess;
            # a label on its own line (cite, p.speaker) heads what follows by design.
            self.inline_label = bool(block.text)
        elif block.unread is not None:
            # `>>`, or a label no rule read: whoever spoke before did not say this.
            self.speaker, self.inline_label = None, False
            self.unread_labels += bool(block.unread)
        elif block.marks & self.starts:
            # A new contribution whose label was not read: whoever spoke before did not say it.
            self.speaker, self.inline_label = None, False
            self.unlabelled_starts += 1
        elif block.text and (block.italic == "whole" or (block.italic == "lead" and self.starts)):
            # An editor's note, or a record's procedure ("<i>Question put</i>, That ..."):
            # nobody's speech, and it ends the contribution before it.
            self.notes += self.speaker is not None
            self.speaker, self.inline_label = None, False
        elif block.text and self.speaker is not None and self.inline_label:
            self.continued += 1
        if not block.text:
            # A label or a timestamp on its own line times the speech that follows it;
            # a bare one (an empty timed fragment) also marks where the speech before ended.
            self.pending_ms = block.start_ms if block.start_ms is not None else self.pending_ms
            if block.label is None and block.start_ms is not None and self.items:
                self.marks.setdefault(len(self.items) - 1, block.start_ms)
            return
        start_ms = block.start_ms
        if start_ms is not None and block.label is None:
            self.own_times += 1
        if start_ms is None:
            start_ms = self.pending_ms
        self.pending_ms = None
        if block.unread is not None:
            self.unread = block.unread or None
        elif block.label is not None or block.marks & self.starts:
            self.unread = None
        unread = self.unread if self.speaker is None else None
        self.items.append(
            Utterance(text=block.text, speaker=self.speaker, start_ms=start_ms, unread_label=unread)
        )

    def timed_fragments(self) -> bool:
        """Return whether most paragraphs carry their own time and are shorter than a sentence."""
        utterances = [item for item in self.items if isinstance(item, Utterance)]
        if len(utterances) < 5 or self.own_times < 0.8 * len(utterances):
            return False
        return statistics.median(len(u.text.split()) for u in utterances) < _FRAGMENT_WORDS

    def finish(self, *, end_cues: bool = False) -> list[Utterance | Heading]:
        """Return the items without headings that title no speech, cues ended if asked."""
        items = self._ended() if end_cues else self.items
        kept: list[Utterance | Heading] = []
        for index, item in enumerate(items):
            after = items[index + 1] if index + 1 < len(items) else None
            if isinstance(item, Heading) and not isinstance(after, Utterance):
                self.empty_headings += 1
                continue
            kept.append(item)
        return kept

    def _ended(self) -> list[Utterance | Heading]:
        """Give each timed utterance the next time seen after it as its end."""
        ended: list[Utterance | Heading] = []
        next_start: int | None = None
        for index in range(len(self.items) - 1, -1, -1):
            item = self.items[index]
            if isinstance(item, Utterance):
                end = self.marks.get(index, next_start)
                if item.start_ms is not None and end is not None and end >= item.start_ms:
                    item = Utterance(item.text, item.speaker, item.start_ms, end)
                next_start = item.start_ms if item.start_ms is not None else next_start
            ended.append(item)
        return ended[::-1]

    def warnings(self) -> list[str]:
        """Return a human sentence for each thing inferred."""
        found: list[str] = []
        if not self.labels:
            found.append("no speaker labels found; the speaker is unknown")
        elif self.continued:
            found.append(
                f"gave {plural(self.continued, 'unlabelled paragraph')} to the previous speaker"
            )
        if self.unlabelled_starts:
            found.append(
                f"{plural(self.unlabelled_starts, 'contribution')} the page marks as new "
                "had no speaker label the reader accepts; their speaker is unknown"
            )
        if self.rejoined:
            found.append(
                f"joined {plural(self.rejoined, 'sentence')} that a column break cut in two"
            )
        if self.collective:
            found.append(
                f"kept {plural(self.collective, 'contribution')} of many voices "
                "('Hon. Members:') with no one speaker"
            )
        if self.notes:
            found.append(
                f"read {plural(self.notes, 'paragraph')} in italics as notes, not as speech "
                "by the speaker before"
            )
        if self.dropped_labels:
            found.append(
                f"read {plural(self.dropped_labels, 'paragraph')} starting 'Word:' as speech, "
                "not as a speaker label"
            )
        if self.empty_headings:
            found.append(f"dropped {plural(self.empty_headings, 'heading')} that title no speech")
        return found


def contribution_starts(blocks: list[Block], plain_labels: frozenset[str]) -> frozenset[str]:
    """Return the anchor marks that open a new contribution on this page (see `records`)."""
    paragraphs = [
        (b.label is not None and (not b.plain or b.label in plain_labels), b.marks)
        for b in blocks
        if not b.level and b.text and text_kind(b.text) is None and link_kind(b) is None
    ]
    return start_marks(paragraphs)


def trusted_plain_labels(blocks: list[Block]) -> frozenset[str]:
    """Return the plain `Name:` labels to believe: none if the page marks labels up."""
    if any(b.label is not None and not b.plain for b in blocks):
        return frozenset()  # a page uses one convention; "Klar: ..." is then a sentence
    counts = Counter(b.label for b in blocks if b.plain and b.label)
    # A one-off one-word label is more often a sentence start ("Update: ...") than a name.
    return frozenset(name for name, n in counts.items() if n >= 2 or len(name.split()) >= 2)
