"""Episode ids: URL- and path-safe slugs, validated or derived from a title."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

from archive.errors import InvalidIdError

MAX_ID_LENGTH = 80
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def validate_id(episode_id: str) -> str:
    """Return the id unchanged if it is a safe slug, else raise InvalidIdError."""
    if not isinstance(episode_id, str) or _ID.fullmatch(episode_id) is None:
        suggestion = slugify(episode_id) if isinstance(episode_id, str) else ""
        hint = f" (try {suggestion!r})" if suggestion else ""
        raise InvalidIdError(
            f"invalid episode id {episode_id!r}: use 1-{MAX_ID_LENGTH} lowercase letters, "
            f"digits and hyphens, starting with a letter or digit{hint}"
        )
    return episode_id


def slugify(text: str) -> str:
    """Turn a title into a slug: ASCII, lowercase, hyphens; empty if nothing is left."""
    # NFKD then dropping combining marks turns "Café" into "cafe" rather than "caf".
    # Apostrophes vanish rather than split words: "Élodie's" becomes "elodies".
    decomposed = unicodedata.normalize("NFKD", re.sub(r"['\u2019]", "", text))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    # Cut at a hyphen where possible so ids don't end mid-word; leave room for "-NN".
    limit = MAX_ID_LENGTH - 4
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-")


def unique_id(base: str, taken: Container[str]) -> str:
    """Return `base`, or `base-2`, `base-3`, ... whichever is not taken yet."""
    slug = slugify(base) or "episode"
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"


# File names that say nothing about the episode: an id made from them would be useless.
_GENERIC_STEMS = frozenset(
    {
        "transcript",
        "transcripts",
        "index",
        "captions",
        "subtitles",
        "subs",
        "untitled",
        "final",
        "final-transcribed",
        "episode",
        "audio",
        "output",
        "text",
    }
)


def derive_id(filename_stem: str, title: str | None, taken: Container[str]) -> str:
    """Derive a short, typeable id from the file name, or the title when the name is generic."""
    stem = slugify(filename_stem)
    base = stem if stem and stem not in _GENERIC_STEMS else (title or filename_stem)
    return unique_id(base, taken)
