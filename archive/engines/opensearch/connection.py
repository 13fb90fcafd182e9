"""Reaching a cluster: the URL an archive records, credentials and TLS from the environment.

Credentials are never written to archive.json: VERBATIM_OPENSEARCH_USER and
VERBATIM_OPENSEARCH_PASSWORD give them, VERBATIM_OPENSEARCH_CA_CERTS a CA bundle for a
cluster whose certificate is not in the system's store. Every failure to reach the
cluster becomes one ArchiveError line naming the URL and how to start a local node.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from archive.errors import ArchiveError

if TYPE_CHECKING:
    from archive.store.folder import Archive

T = TypeVar("T")
DEFAULT_URL = "http://127.0.0.1:9200"
# Seconds a request may take before the client gives up (a bulk write of a large batch
# may take long; a search has its own time budget on top).
REQUEST_TIMEOUT_S = 120


class NodeDownError(ArchiveError):
    """No OpenSearch node answers at the archive's URL."""


def default_url() -> str:
    """Return the URL used when an archive records none: VERBATIM_OPENSEARCH_URL or loopback."""
    return os.environ.get("VERBATIM_OPENSEARCH_URL") or DEFAULT_URL


def archive_url(archive: Archive) -> str:
    """Return the cluster URL an archive records (archive.json "engine_url")."""
    return str(archive.metadata().get("engine_url") or default_url())


def shown(url: str) -> str:
    """Return a URL fit to print: any user:password in it left out."""
    shown_urls = []
    for one in url.split(","):
        parts = urlsplit(one.strip())
        port = f":{parts.port}" if parts.port else ""
        shown_urls.append(f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}")
    return ",".join(shown_urls)


def connect(url: str) -> OpenSearch:
    """Return a client for the cluster at `url`, with the environment's credentials.

    `url` may name several nodes, comma-separated: the client moves to the next when one
    stops answering.
    """
    options: dict[str, Any] = {
        "timeout": REQUEST_TIMEOUT_S,
        "max_retries": 2,
        "retry_on_timeout": True,
    }
    user = os.environ.get("VERBATIM_OPENSEARCH_USER")
    if user:
        options["http_auth"] = (user, os.environ.get("VERBATIM_OPENSEARCH_PASSWORD", ""))
    if url.startswith("https:"):
        options["use_ssl"] = True
        options["verify_certs"] = True
        if ca := os.environ.get("VERBATIM_OPENSEARCH_CA_CERTS"):
            options["ca_certs"] = ca
    return OpenSearch([u.strip() for u in url.split(",") if u.strip()], **options)


def down_message(url: str, detail: str) -> str:
    """Say that nothing answers at `url`, and how to start a node or point elsewhere."""
    return (
        f"no OpenSearch node answers at {shown(url)} ({detail}); start one with "
        "`make opensearch`, or record the cluster's URL with "
        "`verbatim reindex --engine opensearch --engine-url URL`"
    )


@contextmanager
def talking(url: str, what: str) -> Iterator[None]:
    """Turn the client's failures inside the block into one ArchiveError line each."""
    try:
        yield
    except os_errors.ConnectionError as exc:
        raise NodeDownError(down_message(url, _reason(exc))) from exc
    except os_errors.AuthenticationException as exc:
        raise ArchiveError(
            f"OpenSearch at {shown(url)} refused the credentials while {what}; set "
            "VERBATIM_OPENSEARCH_USER and VERBATIM_OPENSEARCH_PASSWORD"
        ) from exc
    except os_errors.AuthorizationException as exc:
        raise ArchiveError(
            f"OpenSearch at {shown(url)} does not allow {what} for this user ({_reason(exc)})"
        ) from exc
    except os_errors.TransportError as exc:
        raise ArchiveError(
            f"OpenSearch at {shown(url)} failed while {what}: {_reason(exc)}"
        ) from exc


def call(url: str, what: str, fn: Callable[[], T]) -> T:
    """Call `fn`, which talks to the cluster, with its failures said in one line."""
    with talking(url, what):
        return fn()


def _reason(exc: os_errors.TransportError) -> str:
    """Return the cluster's own reason for an error, briefly."""
    info = getattr(exc, "info", None)
    if isinstance(info, dict):
        error = info.get("error")
        if isinstance(error, dict):
            causes = error.get("root_cause") or [error]
            return str(causes[0].get("reason") or error.get("type"))[:300]
    if isinstance(exc, os_errors.ConnectionError):
        return "connection refused" if "refused" in str(exc).lower() else type(exc).__name__
    return str(getattr(exc, "error", "") or exc)[:300]
