"""The research features: who is who, citations, and the quote checker.

Owns speaker tallies and corrections over the registry, citations and their styles,
and checking a quote against the archive (candidates, alignment, verdict).

May import: `archive.errors`, `archive.query`, `archive.store`, `archive.search`,
`archive.engines.base` (the reader interface the quote checker asks), `transcripts`.
Never an engine's folder.
"""
