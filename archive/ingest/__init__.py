"""The ingest pipeline: a file in, a stored and indexed episode out, or one clear error.

Owns reading a file with `transcripts`, checking it, storing it with its original,
revising an episode that is added again, and indexing what was stored.

May import: `archive.errors`, `archive.store`, `archive.search` (indexing), `transcripts`.
"""
