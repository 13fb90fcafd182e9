"""One error handler for the whole app: a JSON envelope under /api/, a friendly page elsewhere."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from archive.errors import (
    ArchiveError,
    EpisodeNotFoundError,
    IndexDamagedError,
    InvalidIdError,
    NotAnArchiveError,
    PassageNotFoundError,
    QueryError,
    SearchBusyError,
)
from web.paths import without_paths

# Archive errors carry messages written for people, so they are shown as they are.
_ARCHIVE_STATUS: tuple[tuple[type[ArchiveError], int], ...] = (
    (EpisodeNotFoundError, 404),
    (PassageNotFoundError, 404),
    (InvalidIdError, 404),
    (QueryError, 400),
    (SearchBusyError, 503),
    (NotAnArchiveError, 503),
    # Any other archive error is the archive's state (no index, an old schema), not a bug.
    (ArchiveError, 503),
)

_TITLES = {
    400: "That request didn't make sense",
    404: "Not found",
    405: "Not allowed",
    500: "Something went wrong",
    503: "The archive is not available",
}
_BUSY_TITLE = "The archive is busy"


def init_app(app: Flask) -> None:
    """Register the error handler for every exception, expected or not."""
    app.register_error_handler(Exception, handle_error)


def handle_error(exc: Exception) -> tuple[Response | str, int, dict[str, str]]:
    """Answer an error in the form the client asked for, never with a stack trace."""
    status, message = _describe(exc)
    # A 405 must say which methods the URL does allow (RFC 9110); keep that header.
    headers = {"Allow": allow} if (allow := _allow(exc)) else {}
    busy = isinstance(exc, SearchBusyError)
    if busy:
        # Too many long searches at once is a moment, not a fault (RFC 9110 Retry-After).
        headers["Retry-After"] = str(exc.retry_after_s)
    if request.path == "/api" or request.path.startswith("/api/"):
        return jsonify({"ok": False, "error": message, "status": status}), status, headers
    title = _BUSY_TITLE if busy else _TITLES.get(status, "Something went wrong")
    # Archive messages start lowercase, like CLI errors; on a page they stand as a sentence.
    sentence = message[:1].upper() + message[1:]
    page = render_template(
        "error.html",
        status=status,
        title=title,
        message=sentence,
        retry_url=request.full_path if busy else None,
    )
    return page, status, headers


def _allow(exc: Exception) -> str | None:
    """Return the Allow header a method-not-allowed error carries, if any."""
    if not isinstance(exc, HTTPException):
        return None
    return dict(exc.get_headers()).get("Allow")


def _describe(exc: Exception) -> tuple[int, str]:
    """Return the HTTP status and a message that is safe to show to anyone."""
    if isinstance(exc, HTTPException) and not isinstance(exc, InternalServerError):
        return exc.code or 500, exc.description or exc.name
    for kind, status in _ARCHIVE_STATUS:
        if isinstance(exc, kind):
            if isinstance(exc, IndexDamagedError):
                current_app.logger.warning("damaged index on %s", request.path, exc_info=exc)
            return status, without_paths(str(exc), current_app.config.get("ARCHIVE"))
    # Anything else is a bug: log it for the operator, tell the reader nothing internal.
    original = getattr(exc, "original_exception", None) or exc
    current_app.logger.error("unhandled error on %s", request.path, exc_info=original)
    return 500, "An unexpected error occurred. It has been logged."
