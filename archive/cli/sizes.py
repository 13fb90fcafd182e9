"""Byte sizes people type on the command line: `52428800`, `50MB`, `1.5G`."""

from __future__ import annotations

import re
from typing import Any

import click

_SIZE = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[kmg]?)(?:i?b)?", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class ByteSize(click.ParamType):
    """A size in bytes, with an optional K, M or G (binary units, as `du` prints them)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """Return the size in bytes, or fail with a usage error showing the forms accepted."""
        if isinstance(value, int):
            return value
        match = _SIZE.fullmatch(str(value).strip())
        size = int(float(match["number"]) * _UNITS[match["unit"].lower()]) if match else 0
        if size < 1:
            self.fail(f"{value!r} is not a size; use bytes or e.g. 50MB, 2G", param, ctx)
        return size
