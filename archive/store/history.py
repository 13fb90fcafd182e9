"""Passage history across revisions: every id ever issued, and what became of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from archive.errors import EpisodeNotFoundError, PassageNotFoundError
from transcripts.idmatch import WordChange, diff_words, passage_number
from transcripts.model import Episode, Passage

if TYPE_CHECKING:
    from archive.store.folder import Archive

Status = Literal["live", "corrected", "removed"]


@dataclass(frozen=True)
class IssuedPassage:
    """A passage id as last seen: the revisions it appeared in and its text then."""

    passage: Passage
    first_revision: int
    last_revision: int


def passage_history(revisions: list[Episode]) -> dict[str, IssuedPassage]:
    """Return every passage id issued in these revisions (oldest first), as last seen."""
    seen: dict[str, IssuedPassage] = {}
    for episode in revisions:
        for passage in episode.passages:
            first = seen[passage.id].first_revision if passage.id in seen else episode.revision
            seen[passage.id] = IssuedPassage(passage, first, episode.revision)
    return seen


def last_passage_number(revisions: list[Episode]) -> int:
    """Return the highest passage number ever issued in these revisions (0 if none)."""
    numbers = [passage_number(p.id) or 0 for e in revisions for p in e.passages]
    return max(numbers, default=0)


@dataclass(frozen=True)
class PassageRecord:
    """What a passage id resolves to now, against the revision it was cited in.

    `status` is "live" when the passage reads now as it did in the cited revision,
    "corrected" when it survives with changed text or speaker, "removed" when the
    current revision no longer has it.
    """

    id: str
    status: Status
    episode: Episode  # the current revision
    cited_revision: int
    cited: Passage  # the passage as it was in the cited revision
    current: Passage | None  # the passage now; None once removed
    last: Passage  # the passage as it was in the last revision that has it
    first_revision: int
    last_revision: int  # the last revision the id appears in
    # For a removed passage: the current passages around where it used to be.
    before: tuple[Passage, ...] = ()
    after: tuple[Passage, ...] = ()

    @property
    def passage(self) -> Passage:
        """Return the passage to show: its current form, or its last one if removed."""
        return self.last

    @property
    def changed_text(self) -> bool:
        """Return True if the words changed since the cited revision."""
        return self.current is not None and self.current.text != self.cited.text

    def diff(self) -> tuple[WordChange, ...]:
        """Return the word diff from the cited text to the current one (empty if removed)."""
        if self.current is None:
            return ()
        return diff_words(self.cited.text, self.current.text)


def resolve_passage(
    archive: Archive, passage_id: str, *, revision: int | None = None, context: int = 2
) -> PassageRecord:
    """Resolve any passage id ever issued, cited as of `revision` (default: as first issued).

    Raise PassageNotFoundError if the id was never issued, or is not in `revision`.
    """
    not_found = PassageNotFoundError(f"no passage {passage_id!r} in the archive")
    episode_id, dot, _ = passage_id.rpartition(".")
    if not dot:
        raise not_found
    try:
        current = archive.get_episode(episode_id)
    except EpisodeNotFoundError:
        raise not_found from None
    live = current.passage(passage_id)
    if live is not None and revision is None and current.revision == 1:
        # The common case (never corrected) reads one file only.
        return PassageRecord(passage_id, "live", current, 1, live, live, live, 1, 1)
    revisions = archive.episode_revisions(episode_id)
    history = passage_history(revisions)
    issued = history.get(passage_id)
    if issued is None:
        raise not_found
    if revision is None:
        cited_revision = issued.first_revision
    else:
        if not 1 <= revision <= current.revision:
            raise PassageNotFoundError(
                f"episode {episode_id!r} has no revision {revision} (it has 1 to "
                f"{current.revision})"
            )
        cited_revision = revision
    cited = revisions[cited_revision - 1].passage(passage_id)
    if cited is None:
        raise PassageNotFoundError(
            f"passage {passage_id!r} is not in revision {cited_revision} of {episode_id!r}; "
            f"it appears in revisions {issued.first_revision} to {issued.last_revision}"
        )
    if live is not None:
        same = live.text == cited.text and live.speaker == cited.speaker
        return PassageRecord(
            passage_id,
            "live" if same else "corrected",
            current,
            cited_revision,
            cited,
            live,
            live,
            issued.first_revision,
            current.revision,
        )
    last = revisions[issued.last_revision - 1]
    before, after = _surroundings(last, passage_id, current, context)
    return PassageRecord(
        passage_id,
        "removed",
        current,
        cited_revision,
        cited,
        None,
        issued.passage,
        issued.first_revision,
        issued.last_revision,
        before,
        after,
    )


def _surroundings(
    last: Episode, passage_id: str, current: Episode, context: int
) -> tuple[tuple[Passage, ...], tuple[Passage, ...]]:
    """Return the current passages just before and after where a removed passage stood."""
    ids = [p.id for p in last.passages]
    where = ids.index(passage_id)
    order = {p.id: n for n, p in enumerate(current.passages)}
    # The nearest neighbours (in the last revision that had it) that survive today.
    before_at = next((order[i] for i in reversed(ids[:where]) if i in order), None)
    after_at = next((order[i] for i in ids[where + 1 :] if i in order), None)
    if before_at is None and after_at is None:
        return (), ()
    if before_at is None:
        before_at = after_at - 1  # type: ignore[operator]
    if after_at is None:
        after_at = before_at + 1
    before = current.passages[max(0, before_at - context + 1) : before_at + 1]
    after = current.passages[after_at : after_at + context]
    return tuple(before), tuple(after)
