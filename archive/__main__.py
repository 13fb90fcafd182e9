"""Run the command line as `python -m archive`."""

from __future__ import annotations

from archive.cli import main

if __name__ == "__main__":
    main()
