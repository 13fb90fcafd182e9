"""Turns marked by the questions a page sets apart: bold or italic questions, then answers.

A published Q&A often has no labels at all: the interviewer's questions are set in bold
(or as a numbered list of bold questions) and the answers follow in plain text. In a
transcript without speaker labels that sets at least three questions apart so, each such
question is a turn, and the plain paragraphs after it are the answer's turn. Who asked
and who answered is left to the host and guest given (see `transcripts.unlabelled`);
nothing is invented here.

Format-neutral: it sees only the Document and the emphasis hint readers give.
"""

from __future__ import annotations

from dataclasses import replace

from transcripts.model import Document, Utterance

_MIN_MARKED_QUESTIONS = 3


def mark_question_turns(document: Document) -> tuple[Document, str | None]:
    """Open a turn at each set-apart question and at the answer after it."""
    utterances = document.utterances
    if not utterances or any(u.speaker for u in utterances):
        return document, None
    questions = [u for u in utterances if _marked_question(u)]
    if len(questions) < _MIN_MARKED_QUESTIONS:
        return document, None
    items: list = []
    after_question = False
    for item in document.items:
        if not isinstance(item, Utterance):
            items.append(item)
            continue
        question = _marked_question(item)
        opens = question or after_question
        items.append(replace(item, opens_turn=item.opens_turn or opens))
        after_question = question
    return replace(document, items=tuple(items)), (
        f"read {len(questions)} questions set in bold or italics as the interviewer's turns, "
        "each answered by the paragraphs after it"
    )


def _marked_question(utterance: Utterance) -> bool:
    """Return whether an utterance is a question the source set apart with emphasis."""
    return utterance.emphasised and utterance.text.rstrip(' *_"”’)').endswith(("?", "？"))
