"""Proving the archive: verify, repair, and recovery after an interrupted write.

Owns checking every original against the manifest, every record against its original,
the index against the store, and rebuilding what is derived; and noticing and finishing
a write that a crash cut short.

May import: `archive.errors`, `archive.store`, `archive.engines` (the interface),
`archive.search` (indexing), `transcripts`.
"""
