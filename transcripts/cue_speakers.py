"""Speakers inside timed text: `Name:` prefixes, `[Name]` labels and dialogue dashes.

Format-neutral: WebVTT and SubRip cues come here, and so do the timed segments of JSON
transcripts that name no speaker. Labels are read by the one label grammar
(`transcripts.labels`), so every shape a text transcript's label may take is read in
cue text too (`Name (00:01:02):`, `[Name] 12:34:56`, `**[00:21] SPEAKER_01:**`).

WebVTT and SubRip say who speaks in several ways besides `<v>` spans. Podcast captions
put `Name:` at the start of the first cue of a turn, and that speaker carries on until the
next label. Subtitles for the deaf (SDH) put `[Name]` at the start of a line only when the
speaker is off screen, so a bracketed label names the speaker of that line alone; other
brackets (`[risas]`, `[Dan chuckles]`) describe sounds and stay in the text. Subtitlers mark
two voices in one cue with a leading dash per line: each dashed line is its own utterance.
Broadcast captions mark every change of speaker with `>>` (`>> NAME:` when they know who):
a `>>` without a name is a new voice nobody named, never the previous speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transcripts.inline_times import TIME, leading_ms
from transcripts.labels import CHEVRONS, line_label
from transcripts.model import Utterance
from transcripts.speakers import doubtful_label, is_name_like
from transcripts.stage_directions import STAGE_WORDS
from transcripts.wording import plural

# `[Alba] text`: a bracket at the very start of a line, then whatever follows it.
_BRACKET = re.compile(r"^\[(?P<label>[^\[\]]{1,40})\]\s*(?P<rest>.*)$")
# "- ", "– " or "—" opening a line marks a new voice; "-Hola" without a space is common too.
_DASH = re.compile(r"^[-–—]+(?=\s|$|[^\W\d_]|[¿¡\"'“«(])\s*")
_TRAILING_DASH = re.compile(r"\s+[-–—]$")
# A time right after a bracketed name: Zoom's `[Ana Ruiz] 12:34:56`.
_TIMED = re.compile(rf"^[\[(]?{TIME}[\])]?(?:\s|:|$)")
# Words for a person rather than a name, kept as written ("[hombre]", "[Man 2]").
_GENERIC_PEOPLE = re.compile(
    r"^(?:hombre|mujer|hombres|mujeres|niño|niña|chico|chica|todos|todas|ambos|narrador|"
    r"narradora|man|woman|men|women|boy|girl|narrator|all|both|everyone|announcer|reporter|"
    r"homme|femme|narrateur|narratrice|tous|garçon|fille)(?:\s*#?\d+)?$",
    re.IGNORECASE,
)
# A name, then how the voice is heard, in lower case: "en inglés", "on phone", "over radio".
_MANNER = re.compile(
    r"^(?P<name>.+?)\s+(?:en|in|on|over|al|por|au|dans|sur|im|am|via|from|desde|de)\s+"
    r"[^\sA-Z][^A-Z]*$"
)
# Capitalised words that open a sentence with a colon but name no one ("Now: the news").
_NOT_PREFIXES = frozenset({"now", "here", "why", "what", "yes", "no", "okay", "ok", "first",
                           "second", "third", "finally", "step", "today", "tonight"})  # fmt: skip

_QUOTES = ('"', "“", "„", "«", "‘", "'")


@dataclass(frozen=True)
class _Piece:
    """One voice's share of a cue: its label, if it had one, and its words."""

    text: str
    label: str | None = None
    kind: str | None = None  # "bracket" or "prefix"
    new_voice: bool = False  # opened by `>>`: someone else speaks from here


def bracket_label(line: str) -> tuple[str, str] | None:
    """Split `[Name] speech` into the label and the speech, if the bracket names a speaker."""
    match = _BRACKET.match(line)
    if match is None or not match["rest"].strip():
        return None  # a bracket with nothing said after it is a stage note
    if _TIMED.match(match["rest"]):
        return None  # `[Name] 12:34:56`: a turn's label with its time, read as a prefix
    label = " ".join(match["label"].split())
    # Capitalised sounds would otherwise pass for a name ("[Music]", "[MÚSICA]").
    if label.lower() in STAGE_WORDS:
        return None
    if _GENERIC_PEOPLE.match(label) or is_name_like(label):
        return label, match["rest"].strip()
    # "[Alfonso XIII en inglés]", "[Ana on phone]": the speaker, then how they are heard.
    manner = _MANNER.match(label)
    if manner is not None and is_name_like(manner["name"]):
        return manner["name"], match["rest"].strip()
    return None


def prefix_label(text: str) -> tuple[str, str] | None:
    """Split `Name: speech` at the start of cue text, if the prefix is a short name.

    The cue's own timing says when the words are spoken: a time the label carries
    (`Name (00:01:02):`) is taken out of the text and not used.
    """
    found = line_label(text, 0, "cue")
    if found is None:
        return None
    labelled = found[0], found[2]
    if labelled[0].lower() in _NOT_PREFIXES or not labelled[1]:
        return None
    if labelled[1].startswith(_QUOTES):
        return None  # 'Digo: "Le doy…"' introduces a quotation; it names no speaker
    return labelled


def untimed(line: str) -> str:
    """Return a line of timed text without a time written at its start (`[00:12:34] Hi.`).

    The cue's (or segment's) own timing says when the words are spoken; the time in the
    text only repeats it. A dash after the time stays: it marks a new voice.
    """
    _, rest = leading_ms(line)
    return rest


def strip_dash(text: str) -> str:
    """Return a line or cue text without the dialogue dashes around it."""
    return _TRAILING_DASH.sub("", _DASH.sub("", text, count=1))


def _split_pieces(lines: list[str]) -> tuple[list[_Piece], bool]:
    """Split a cue's clean lines at dialogue dashes and at `[Name]` lines."""
    lines = [line for line in map(untimed, lines) if line]
    dashed = [bool(_DASH.match(line)) for line in lines]
    # One dashed line alone is a continuation mark; two voices need a dash after the first line.
    split_at_dashes = any(dashed[1:])
    groups: list[list[str]] = []
    chevroned: list[bool] = []
    for index, line in enumerate(lines):
        chevrons = CHEVRONS.match(line) is not None
        bare = strip_dash(CHEVRONS.sub("", line, count=1))
        new_voice = (split_at_dashes and dashed[index]) or bracket_label(bare) is not None
        if new_voice or chevrons or not groups:
            groups.append([])
            chevroned.append(chevrons)
        if bare:
            groups[-1].append(bare)
    pieces: list[_Piece] = []
    for group, chevrons in zip(groups, chevroned, strict=True):
        text = " ".join(" ".join(group).split())
        if not text:
            continue
        # "[Victoria]" alone on a line still labels the speech on the lines below it.
        labelled = bracket_label(text)
        if labelled is not None:
            pieces.append(_Piece(labelled[1], labelled[0], "bracket"))
        elif (labelled := prefix_label(text)) is not None:
            pieces.append(_Piece(labelled[1], labelled[0], "prefix"))
        else:
            pieces.append(_Piece(text, new_voice=chevrons))
    return pieces, split_at_dashes and len(pieces) > 1


@dataclass
class CueSpeakers:
    """Attribute cue text to speakers across a file, and report what was inferred."""

    carried_by: str = "no speaker label"
    speaker: str | None = None
    unread: str | None = None  # the label-shaped prefix no rule read, opening this turn
    carried: int = 0
    dash_cues: int = 0
    prefixes: dict[str, None] = field(default_factory=dict)
    brackets: dict[str, None] = field(default_factory=dict)

    def voiced(self, voice: str, lines: list[str], start_ms: int, end_ms: int) -> list[Utterance]:
        """Return the utterance of a `<v>` span, whose voice carries on to later cues."""
        self.speaker, self.unread = voice, None
        text = " ".join(strip_dash(untimed(line)) for line in lines if line).strip()
        text = strip_dash(text)
        text = " ".join(text.split())
        return [Utterance(text, voice, start_ms, end_ms)] if text else []

    def unvoiced(self, lines: list[str], start_ms: int, end_ms: int) -> list[Utterance]:
        """Return the utterances of cue text without a voice span, reading labels in it."""
        pieces, dialogue = _split_pieces(lines)
        if not pieces:
            return []
        if dialogue:
            self.dash_cues += 1
        utterances: list[Utterance] = []
        for piece in pieces:
            unread = None
            if piece.kind == "bracket":
                self.brackets.setdefault(piece.label or "", None)
                speaker = piece.label  # SDH labels name one line's speaker, never the next
            elif piece.kind == "prefix":
                self.prefixes.setdefault(piece.label or "", None)
                speaker, self.speaker, self.unread = piece.label, piece.label, None
            elif (label := doubtful_label(piece.text)) is not None:
                # Shaped like a label, not read as one: a new voice, whose we cannot say.
                speaker, self.speaker, self.unread = None, None, label
                unread = label
            elif dialogue or piece.new_voice:
                # A dash or `>>` says the voice changed, not to whom.
                speaker = self.speaker = None
                self.unread = None
            else:
                speaker, unread = self.speaker, self.unread
                if speaker is not None:
                    self.carried += 1
            # A label or a `>>` in the cue says a turn starts here, even for the same name
            # ("MALE SPEAKER" is a different man each time).
            opens = piece.kind == "prefix" or piece.new_voice or unread is not None
            utterances.append(
                Utterance(piece.text, speaker, start_ms, end_ms, unread, opens_turn=opens)
            )
        return utterances

    def warnings(self) -> list[str]:
        """Return one sentence per kind of inference made so far."""
        found: list[str] = []
        if self.prefixes:
            names = ", ".join(f"'{name}:'" for name in list(self.prefixes)[:4])
            found.append(
                f"read {plural(len(self.prefixes), 'speaker name')} from 'Name:' prefixes "
                f"in cue text ({names}{', …' if len(self.prefixes) > 4 else ''})"
            )
        if self.brackets:
            names = ", ".join(f"[{name}]" for name in list(self.brackets)[:4])
            found.append(
                f"read {plural(len(self.brackets), 'speaker name')} from bracketed labels at "
                f"the start of cue lines ({names}{', …' if len(self.brackets) > 4 else ''}); "
                "each names the speaker of its line only, and sound descriptions in brackets "
                "stay in the text"
            )
        if self.dash_cues:
            found.append(
                f"split {plural(self.dash_cues, 'cue')} at dialogue dashes into one utterance "
                "per voice; unlabelled voices there have no speaker"
            )
        if self.carried:
            noun = "cue has" if self.carried == 1 else "cues have"
            found.append(
                f"{self.carried} {noun} {self.carried_by} and took the speaker of the cue before"
            )
        return found
