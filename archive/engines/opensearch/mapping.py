"""The index: one document per passage, over Verbatim's own tokens, with its schema version.

Verbatim tokenises (archive.query.words): each searched field is given its tokens joined
by single spaces, and OpenSearch's built-in `whitespace` analyzer splits them again, one
position per token, exactly as Whoosh's positions run. A speaker's names (and an
episode's id and title) are separate values of one field, which OpenSearch keeps 100
positions apart, as Whoosh keeps NAME_SEPARATOR's parts: a phrase never spans two names.
The searched token fields are left out of `_source`: the store is the source of truth and
the index is always rebuilt from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archive.engines.base import index_values
from archive.query.words import NAME_SEPARATOR, exact_words, folded_tokens, stem

# Bump when the mapping or the tokens change: older indexes then demand a reindex.
# 1: the first OpenSearch mapping (Whoosh schema 7's fields and tokens).
SCHEMA_VERSION = 1
ANALYZER = "whitespace"
# Fields of tokens: searched, never returned.
TOKEN_FIELDS = ("exact", "stem", "speaker", "show", "section", "episode")
# Lucene's whitespace tokenizer cuts a token longer than this (in UTF-16 units) in pieces.
MAX_TOKEN_UNITS = 255

_TOKENS = {"type": "text", "analyzer": ANALYZER, "norms": True}
_KEYWORD = {"type": "keyword"}
_SHOWN_TEXT = {"type": "text", "index": False}
_SHOWN_KEYWORD = {"type": "keyword", "index": False, "doc_values": False}
_SHOWN_NUMBER = {"type": "integer", "index": False, "doc_values": False}
_NUMBER = {"type": "integer"}


def mappings(archive_root: str) -> dict[str, Any]:
    """Return the index's mappings, its schema version and archive in `_meta`."""
    return {
        "dynamic": "strict",
        "_meta": {"verbatim_schema": SCHEMA_VERSION, "archive": archive_root},
        "_source": {"excludes": list(TOKEN_FIELDS)},
        "properties": {
            "passage_id": _KEYWORD,
            "episode_id": _KEYWORD,
            "order": _NUMBER,
            "text": _SHOWN_TEXT,
            **{name: _TOKENS for name in TOKEN_FIELDS},
            "speaker_name": _KEYWORD,
            "speaker_written": _SHOWN_KEYWORD,
            "speaker_id": _KEYWORD,
            "show_name": _KEYWORD,
            "show_key": _KEYWORD,
            "episode_title": _SHOWN_TEXT,
            "audio_url": _SHOWN_KEYWORD,
            "section_id": _SHOWN_KEYWORD,
            "section_title": _SHOWN_TEXT,
            "date": _NUMBER,
            "date_str": _SHOWN_KEYWORD,
            "year": _KEYWORD,
            "newest": _NUMBER,
            "oldest": _NUMBER,
            "start_ms": _SHOWN_NUMBER,
            "end_ms": _SHOWN_NUMBER,
        },
    }


def settings(shards: int, replicas: int) -> dict[str, Any]:
    """Return the index settings: its shards and replicas; refreshes are the engine's own."""
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        # Writes refresh when they commit (Engine.write), as a Whoosh commit is seen.
        "refresh_interval": "-1",
    }


def _joined(text: str) -> str:
    return " ".join(word for word, _, _, _ in folded_tokens(text))


def _names(value: str) -> list[str]:
    """Return each part of a NAME_SEPARATOR-joined value as its tokens, one value each."""
    return [
        joined for part in value.split(NAME_SEPARATOR) if (joined := " ".join(exact_words(part)))
    ]


def opensearch_document(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Return a passage's engine-neutral document (archive.search.documents) as the index's."""
    out = index_values(doc)
    # Verbatim's own tokens, space-separated, for the whitespace analyzer.
    words = [word for word, _, _, _ in folded_tokens(out.pop("spoken"))]
    out["exact"] = " ".join(words)
    out["stem"] = " ".join(stem(word) for word in words)
    out["episode"] = _names(out["episode"])
    if "speaker" in out:
        out["speaker"] = _names(out["speaker"])
    for name in ("show", "section"):
        if name in out:
            out[name] = _joined(out[name])
    return out


def too_long_for_one_token(word: str) -> bool:
    """Return True for a word the whitespace tokenizer indexed as several tokens."""
    return len(word.encode("utf-16-le")) // 2 > MAX_TOKEN_UNITS
