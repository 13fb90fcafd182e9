"""Faster versions of three hot spots of Whoosh 2.7.5's reading code, same results.

Profiles of the benchmark (issue 7) put most of a phrase or AND query, and a fifth of
a merge, in three small methods that do per posting what can be done per block:

- `W3LeafMatcher.skip_to` stepped through a block's ids one `next()` at a time; the
  block's ids are a sorted tuple, so a binary search finds the target.
- `W3LeafMatcher.all_ids` (counting matches) yielded one id per method call; it now
  yields each block's ids at once.
- `W3PerDocReader.doc_field_length` (scoring every hit, and every posting a writer
  writes) read one length byte from the file per call, and for fields with no length
  column checked the disk for the column's file each time. The lengths are read once
  per field, and a missing column is remembered.

And one reader that Whoosh lacks: `column_codes` reads a whole VarBytes column (the
facet columns: speaker, show, year, episode) in one read, as a code per document and
the distinct values, where iterating the column read the file once per document
(about 9 s for the facets of 1.36 M passages when a server first searches).

They replace the methods on Whoosh's classes when `apply()` is called (archive.engines.whoosh.index
calls it on import), and only for the version they were written against: with another
version Whoosh keeps its own code, which is slower but gives the same results.
tests/test_whoosh_speedups.py compares both on a real index.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

import whoosh
from whoosh import columns
from whoosh.codec import whoosh3
from whoosh.matching import ReadTooFar

WRITTEN_FOR = (2, 7, 5)
ORIGINALS: dict[str, Any] = {
    "skip_to": whoosh3.W3LeafMatcher.skip_to,
    "all_ids": whoosh3.W3LeafMatcher.all_ids,
    "_cached_reader": whoosh3.W3PerDocReader._cached_reader,
    "doc_field_length": whoosh3.W3PerDocReader.doc_field_length,
}


def skip_to(self: Any, targetid: int) -> None:
    """Move to the first posting whose id is `targetid` or more (bisecting the block)."""
    if not self.is_active():
        raise ReadTooFar
    if targetid <= self.id():
        return
    if targetid > self._maxid:
        while self.is_active() and targetid > self._maxid:
            self._next_block()
        if not self.is_active():
            return
    if self._ids is None:
        self._read_ids()
    # The block's last id is at least the target, so the search stays in the block.
    self._i = bisect_left(self._ids, targetid, self._i, self._blocklength)
    if self._i == self._blocklength:
        self._next_block()


def all_ids(self: Any) -> Iterator[int]:
    """Yield the ids from the current posting to the last, a block at a time."""
    while self.is_active():
        if self._ids is None:
            self._read_ids()
        yield from self._ids[self._i : self._blocklength]
        self._i = self._blocklength
        self._next_block()


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    """Return the column reader of a field, or None, remembering either."""
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
        return reader


def _length_bytes(self: Any, lenfield: str) -> bytes | None:
    cache = self.__dict__.setdefault("_length_bytes", {})
    try:
        return cache[lenfield]
    except KeyError:
        pass
    reader = self._cached_reader(lenfield, whoosh3.LENGTHS_COLUMN)
    if reader is None:
        cache[lenfield] = None
    else:
        # One unsigned byte per document: the column's bytes are the values themselves.
        cache[lenfield] = reader._dbfile.get(reader._basepos, reader._count * reader._fixedlen)
    return cache[lenfield]


def length_bytes(reader: Any, fieldname: str) -> bytes | None:
    """Return a segment reader's length byte per document in a field, or None."""
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, whoosh3.W3PerDocReader) or not installed():
        return None
    return _length_bytes(perdoc, whoosh3._lenfield(fieldname))


def doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> Any:
    """Return a document's length in a field, as Whoosh's own method does."""
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    lengths = _length_bytes(self, whoosh3._lenfield(fieldname))
    if lengths is None:
        return default
    # Past the column's end Whoosh reads the column default, 0; a 0 byte gives None.
    lbyte = lengths[docnum] if docnum < len(lengths) else 0
    if lbyte:
        return whoosh3.byte_to_length(lbyte)
    return None


def column_codes(column: Any) -> tuple[array[int], list[bytes]] | None:
    """Return a raw column's code per document and the distinct values, or None.

    None for columns this does not read (anything but VarBytes, or another Whoosh).
    """
    if not isinstance(column, columns.VarBytesColumn.Reader) or not installed():
        return None
    lengths = column._lengths
    data = column._dbfile.get(column._basepos, sum(lengths))
    codes: array[int] = array("I")
    append = codes.append
    found: dict[bytes, int] = {}
    add = found.setdefault
    at = 0
    for length in lengths:
        append(add(data[at : at + length], len(found)))
        at += length
    return codes, list(found)


def installed() -> bool:
    """Return True if the faster methods are the ones in use."""
    return whoosh3.W3LeafMatcher.skip_to is skip_to


def apply() -> bool:
    """Install the faster methods if this is the Whoosh they were written for."""
    if whoosh.__version__[:3] != WRITTEN_FOR:
        return False
    whoosh3.W3LeafMatcher.skip_to = skip_to
    whoosh3.W3LeafMatcher.all_ids = all_ids
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    whoosh3.W3PerDocReader.doc_field_length = doc_field_length
    return True
