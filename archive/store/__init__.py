"""The archive folder on disk: what is kept, and nothing derived from it.

Owns the episodes' records, their originals byte for byte, revisions and passage
history, passage ids, the speaker registry, the BagIt-style manifest and its fixity
checks, the write lock, and the fault points the crash tests arm.

May import: `archive.errors`, `archive.query.words` (folding names), `transcripts`.
Never an engine, search, or anything above it: the folder is the ground everything
else is rebuilt from.
"""
