"""Run schemathesis against a real server on the demo archive, from the API's own description.

Starts `verbatim serve` on a free loopback port (one worker), waits for it, runs
`schemathesis run` on /api/openapi.json with every check (a 500 is a finding, so is a
response that breaks the description), then stops the server it started.

Example:
    python fuzz/api_schemathesis.py --archive demo-archive --examples 200
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    """Return a loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 30) -> None:
    """Return once `url` answers; raise SystemExit if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"error: the server at {url} did not answer in {seconds:.0f} s")


def main(argv: list[str] | None = None) -> int:
    """Run from the command line; return schemathesis's exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=ROOT / "demo-archive")
    parser.add_argument("--examples", type=int, default=200, help="per operation")
    args = parser.parse_args(argv)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "verbatim"), "--archive", str(args.archive), "serve", "--port", str(port)]
        + ["--workers", "1"],
        cwd=ROOT,
    )
    try:
        wait_for(f"{base}/api/openapi.json")
        command = [str(BIN / "schemathesis"), "run", f"{base}/api/openapi.json"]
        command += ["--checks", "all", "--max-examples", str(args.examples)]
        return subprocess.run(command, cwd=ROOT, check=False).returncode
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
