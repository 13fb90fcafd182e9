"""The OpenSearch engine: an archive's index on an OpenSearch cluster, for archives that
outgrow one machine.

Owns the connection (URL from archive.json, credentials and TLS from the environment),
the index mapping over Verbatim's own tokens (a whitespace analyzer, so a quote means the
same as on Whoosh), compiling the query tree to OpenSearch's query DSL, expanding
prefixes, wildcards and fuzzy words against the index's terms, and the alias that a
rebuild swaps to a complete new index.

The only package that imports `opensearchpy`. May import: `archive.errors`,
`archive.query`, `archive.store`, `archive.engines` (the interface).
"""
