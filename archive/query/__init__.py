"""The query language and what a word is, shared by every engine.

Owns the words (tokenisation, folding, stems, bigrams: `words`), the query text people
type read into Verbatim's own small query tree, the filters as tree nodes, and which
queries are expensive. A quote means the same thing on every engine because every
engine indexes and searches these words and compiles this tree.

May import: `archive.errors` only. No engine, no search engine library.
"""
