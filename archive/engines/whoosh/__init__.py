"""The Whoosh engine: the embedded default, one folder of index files beside the archive.

Owns the schema and Whoosh's analyzers over Verbatim's words, compiling the query tree
to Whoosh queries, phrase matching, wildcard and fuzzy expansion, filter sets, match
and facet counting, segment merging, the writer processes, the speedups patched into
whoosh-reloaded, and the index's own checksums.

The only package that imports `whoosh`. May import: `archive.errors`, `archive.query`,
`archive.store`, `archive.engines` (the interface), `archive.processes` (writer helpers).
"""
