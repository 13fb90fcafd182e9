"""Errors raised while reading transcripts."""

from __future__ import annotations


class TranscriptError(Exception):
    """Base class for every error the transcripts package raises."""


class ParseError(TranscriptError):
    """A source file could not be read as the format it claims to be."""

    def __init__(
        self,
        message: str,
        *,
        format: str | None = None,
        line: int | None = None,
        snippet: str | None = None,
    ) -> None:
        self.message = message
        self.format = format
        self.line = line
        self.snippet = snippet
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f" at line {self.line}" if self.line is not None else ""
        what = f"{self.format} " if self.format else ""
        near = f" (near {self.snippet!r})" if self.snippet else ""
        return f"{what}parse error{where}: {self.message}{near}"


class UnknownFormatError(TranscriptError):
    """The format of a source could not be recognised from its name or content."""


class EmptyTranscriptError(TranscriptError):
    """A source was read but holds no speech at all."""
