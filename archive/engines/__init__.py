"""Search engines behind one interface: Whoosh (embedded, the default) and others.

Owns the engine interface (`archive.engines.base`), the choice of engine an archive
records in `archive.json`, and one folder per engine. Only an engine's own folder
imports its client library (`whoosh` only in `archive.engines.whoosh`).

May import: `archive.errors`, `archive.query`, `archive.store` (paths and records).
Never `archive.search` or anything above it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from archive.errors import ArchiveError
from archive.store.folder import DEFAULT_ENGINE

if TYPE_CHECKING:
    from archive.engines.base import Engine
    from archive.store.folder import Archive

# Engine name -> "module:class"; imported only when an archive uses it, so that an
# engine's client library loads only where that engine runs.
ENGINES = {
    "whoosh": "archive.engines.whoosh.engine:WhooshEngine",
    "opensearch": "archive.engines.opensearch.engine:OpenSearchEngine",
}


def engine_name(archive: Archive) -> str:
    """Return the engine an archive records in archive.json (Whoosh if it names none)."""
    return str(archive.metadata().get("engine") or DEFAULT_ENGINE)


def open_engine(archive: Archive, name: str | None = None, **settings: Any) -> Engine:
    """Return the archive's engine, as archive.json names it, or the engine `name`.

    `settings` override what archive.json says of the engine (an OpenSearch URL and index),
    for an archive moving to another engine before archive.json records it.
    """
    name = name or engine_name(archive)
    if name not in ENGINES:
        known = ", ".join(sorted(ENGINES))
        raise ArchiveError(
            f"{archive.root / 'archive.json'} names the search engine {name!r}, which this "
            f'Verbatim does not have (it has: {known}); set "engine" to one of those'
        )
    module, _, cls = ENGINES[name].partition(":")
    engine_class = getattr(import_module(module), cls)
    return engine_class(archive, **settings) if settings else engine_class(archive)
