"""Engine-neutral search: one query in, ranked, highlighted, counted passages out.

Owns running a search through an engine (filters, sorting, paging, one hit per
episode), the time budget, results and their export, facets, highlighting, "did you
mean", the long-lived search service of a server process, and what is indexed for a
passage (documents built from the store).

May import: `archive.errors`, `archive.query`, `archive.engines` (the interface and
`open_engine`, never an engine's folder), `archive.store`, `transcripts`.
"""
