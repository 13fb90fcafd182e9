"""Lines shaped like speaker labels that no rule read as one: reported, and accepted on request.

A reader that meets `Sen. PAUL LAXALT, (R) Nevada:` and cannot read it as a label still
knows a new voice may start there, so it ends the turn before it and gives the new turn no
speaker, marking each of its utterances with the label (`Utterance.unread_label`). This
module says so in the ingest report, and turns the labels an archivist names (`verbatim
add FILE --label 'Sen. PAUL LAXALT, (R) Nevada'`) into the speaker of their turns.
Format-neutral: it sees only the Document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from transcripts.model import Document, Utterance
from transcripts.wording import plural

# How many labels the report names before it says "and N more".
_NAMED_IN_REPORT = 4


def accept_labels(document: Document, labels: Sequence[str]) -> tuple[Document, list[str]]:
    """Read the given unread labels as speakers; return the document and any labels not found.

    The label is taken off the front of the utterance that opens its turn ("Name: text"
    becomes "text" by Name); the other utterances of the turn get the same speaker.
    """
    wanted = {" ".join(label.split()).rstrip(":").casefold(): label for label in labels}
    found: set[str] = set()
    items = []
    for item in document.items:
        key = (item.unread_label or "").casefold() if isinstance(item, Utterance) else ""
        if not key or key not in wanted:
            items.append(item)
            continue
        found.add(key)
        items.append(
            replace(item, text=_without_label(item.text, item.unread_label or ""),
                    speaker=item.unread_label, unread_label=None)
        )  # fmt: skip
    missing = [label for key, label in wanted.items() if key not in found]
    return replace(document, items=tuple(items)), missing


def unread_report(document: Document) -> str | None:
    """Return the ingest report's line about labels left unread, or None if there are none."""
    labels = list(
        dict.fromkeys(
            u.unread_label for u in document.items if isinstance(u, Utterance) and u.unread_label
        )
    )
    if not labels:
        return None
    named = ", ".join(f"'{label}:'" for label in labels[:_NAMED_IN_REPORT])
    more = f" and {len(labels) - _NAMED_IN_REPORT} more" if len(labels) > _NAMED_IN_REPORT else ""
    example = labels[0].replace("'", "'\\''")
    return (
        f"{plural(len(labels), 'line')} shaped like a speaker label could not be read as one "
        f"({named}{more}); each starts a turn with no speaker. If one names a speaker, add "
        f"the file again with --label '{example}' (repeatable) to read it as one"
    )


def _without_label(text: str, label: str) -> str:
    """Return text without the label and colon it opens with, if it opens with them."""
    stripped = text.lstrip("*_ ")
    if not stripped.casefold().startswith(label.casefold()):
        return text
    rest = stripped[len(label) :].lstrip("*_ ")
    if rest[:1] in (":", "："):
        rest = rest[1:].lstrip("*_ ")
    return rest or text
