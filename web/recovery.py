"""A write cut short, seen by a running site: recover it where safe, else say so everywhere.

Before each request the app looks at the lock file (one stat while it is empty). If it
names a writer that died, the app recovers the archive itself, taking the lock without
waiting so that it never races a live writer (archive.integrity.recovery.recover_if_safe). If it
cannot (the archive is read-only to the server, or recovery failed), every page shows a
banner and every JSON answer carries `recovery`: what happened and the command that
finishes it, because until then search misses what the dead writer stored.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Flask, g, request
from werkzeug.wrappers import Response

from archive.errors import ArchiveError
from archive.integrity.recovery import recover_if_safe
from archive.store.lock import dead_writer
from web.resources import get_archive

# A recovery that failed is tried again after this long, not on every request.
RETRY_S = 10.0
COMMAND = "verbatim verify --repair"


class RecoveryWatch:
    """Per app: when recovery was last tried and failed, so requests do not hammer it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failed_at: float | None = None

    def check(self, app: Flask) -> dict[str, str] | None:
        """Recover a cut-short write if it safely can; return the notice if it remains."""
        try:
            archive = get_archive()
        except ArchiveError:
            return None  # no archive: the request's own error page says so
        dead = dead_writer(archive.root)
        if dead is None:
            return None
        with self._lock:
            due = self._failed_at is None or time.monotonic() - self._failed_at >= RETRY_S
            if due:
                notes, dead = recover_if_safe(archive, "serve")
                for note in notes:
                    app.logger.warning("recovery: %s", note)
                self._failed_at = time.monotonic() if dead is not None else None
        if dead is None:
            return None
        return {
            "message": (
                f"A write to the archive ({dead.command or 'unknown'}) was cut short and the "
                f"archive is not recovered yet: search may miss what it stored."
            ),
            "command": COMMAND,
        }


def init_app(app: Flask) -> None:
    """Check for a cut-short write before each request; show it on pages and in JSON."""
    watch = RecoveryWatch()

    @app.before_request
    def _check() -> None:
        g.recovery = watch.check(app)

    @app.context_processor
    def _notice() -> dict[str, Any]:
        return {"recovery_notice": g.get("recovery")}

    @app.after_request
    def _envelope(response: Response) -> Response:
        notice = g.get("recovery")
        is_api = request.path == "/api" or request.path.startswith("/api/")
        if notice and is_api and response.is_json and not response.direct_passthrough:
            data = response.get_json(silent=True)
            if isinstance(data, dict):
                data["recovery"] = notice
                response.set_data(app.json.dumps(data))
        return response
