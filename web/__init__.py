"""The Verbatim web app: a read-only view of an archive, with a JSON twin for every page."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from transcripts.timecodes import format_clock


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure the web app; `ARCHIVE` names the archive folder."""
    app = Flask(__name__)
    app.config.from_mapping(
        ARCHIVE=os.environ.get("VERBATIM_ARCHIVE"),
        PAGE_SIZE=20,
        # Passages shown before and after the one on a permalink page.
        CONTEXT_PASSAGES=2,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    # Keep the JSON in the order the contract lists its keys, not sorted.
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from web import api, errors, pages, resources

    resources.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)

    app.add_template_filter(format_clock, "clock")
    app.add_template_filter(time_range, "time_range")
    return app


def time_range(start_ms: int | None, end_ms: int | None) -> str:
    """Format a start and end time for people: `4:05–4:40`, `4:05`, or empty."""
    if start_ms is None:
        return ""
    start, end = format_clock(start_ms), format_clock(end_ms)
    # Passages shorter than a second would read "0:03–0:03": show the start alone.
    return start if end in ("", start) else f"{start}–{end}"
