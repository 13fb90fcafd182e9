"""Utterances into speaker turns and citable passages. (Stub: the readers helper replaces this.)"""

from __future__ import annotations

from collections.abc import Sequence

from transcripts.model import Document, Episode, Source


def build_episode(
    document: Document,
    *,
    episode_id: str,
    source: Source,
    title: str | None = None,
    show: str | None = None,
    date: str | None = None,
    url: str | None = None,
    audio_url: str | None = None,
    hosts: Sequence[str] = (),
    guests: Sequence[str] = (),
) -> Episode:
    """Build the normalised episode from a document."""
    raise NotImplementedError
