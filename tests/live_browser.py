"""What the browser tests share: where Debian's Chromium is, its flags, a live app server."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from web import create_app, resources

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
# Quiet, offline, sandbox-free flags for a headless Chromium in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = "chromium is not installed (apt-get install chromium)"


@contextmanager
def serve(archive_root: Path) -> Iterator[str]:
    """Serve the real app for an archive on a free loopback port; yield its base URL."""
    from werkzeug.serving import make_server

    app = create_app({"ARCHIVE": str(archive_root)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        resources.close(app)
