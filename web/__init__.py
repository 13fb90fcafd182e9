"""The Verbatim web app: a read-only view of an archive, with a JSON twin for every page."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from archive.query.budget import SEARCH_TIME_BUDGET_S
from archive.search.service import EXPENSIVE_WAIT_S
from web import (
    api,
    citations,
    errors,
    filters,
    pages,
    quote,
    recovery,
    resources,
    security,
    speakers,
)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure the web app; `ARCHIVE` names the archive folder."""
    app = Flask(__name__)
    app.config.from_mapping(
        ARCHIVE=os.environ.get("VERBATIM_ARCHIVE"),
        PAGE_SIZE=20,
        # Passages shown before and after the one on a permalink page.
        CONTEXT_PASSAGES=2,
        # Seconds a search may run before it shows what it found, with a note.
        SEARCH_TIME_BUDGET_S=SEARCH_TIME_BUDGET_S,
        # Seconds an expensive query (long phrase, wildcard, fuzzy) waits for its worker's
        # one lane for them before the reader is asked to try again (503, Retry-After).
        EXPENSIVE_WAIT_S=EXPENSIVE_WAIT_S,
        # Open the index and search once in a thread as the app starts (`verbatim serve`).
        WARM_UP=False,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    # Keep the JSON in the order the contract lists its keys, not sorted.
    app.json.sort_keys = False  # type: ignore[attr-defined]

    resources.init_app(app)
    app.context_processor(resources.unreadable_records)
    recovery.init_app(app)
    errors.init_app(app)
    filters.init_app(app)
    security.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(quote.bp)
    app.register_blueprint(speakers.bp)
    citations.init_app(app)
    return app
