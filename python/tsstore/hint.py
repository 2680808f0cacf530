"""The hint file of an mmap store (FORMAT.md, "Hint file"): a checkpoint of the key directory that spares a
scan of the segments it covers when it matches them. Optional: any doubt about it means a full scan."""

import os
import struct

from . import segments as S
from .crc32c import crc32c

NAME = 'keydir.hint'
_FIXED = 32
_SEGMENT = struct.Struct('<IIqqII')
_ENTRY = struct.Struct('<IIqB')
_EXTENT = struct.Struct('<IIq')
_MAX_BYTES = 1 << 31


class Hint:
    """A hint that matched the segments: ``keys`` (id -> list of (segment, Header) with unverified headers)
    and, per segment number, where its scan goes on (None: sealed, nothing to scan)."""

    def __init__(self, keys, scan_from):
        self.keys = keys
        self.scan_from = scan_from


def read(directory, segments):
    """The hint of ``directory`` if it matches ``segments`` (in number order), else None."""
    try:
        with open(os.path.join(directory, NAME), 'rb') as f:
            data = f.read(_MAX_BYTES)
    except (FileNotFoundError, IsADirectoryError):
        return None
    try:
        return _match(data, segments)
    except (struct.error, ValueError, UnicodeDecodeError, IndexError):
        return None


def _match(data, segments):
    n = len(data)
    if n < _FIXED + 8 or data[n - 4:] != b'HEND' or struct.unpack_from('<I', data, n - 8)[0] != crc32c(data[:n - 8]):
        return None
    if data[:8] != b'TSMMHINT' or struct.unpack_from('<I', data, 8)[0] != S.VERSION:
        return None
    count, _next_sequence, entries = struct.unpack_from('<Iqq', data, 12)
    if _FIXED + count * _SEGMENT.size > n - 8:
        return None
    by_number = {seg.number: seg for seg in segments}
    listed = []
    scan_from = {}
    for i in range(count):
        number, flags, end, last, last_crc, _ = _SEGMENT.unpack_from(data, _FIXED + i * _SEGMENT.size)
        seg = by_number.get(number)
        if seg is None or seg.map is None or end < S.SEGMENT_HEADER_BYTES or end > seg.size:
            return None
        sealed = bool(flags & 1)
        if last == 0:
            if end != S.SEGMENT_HEADER_BYTES or sealed:
                return None
        else:
            try:
                h = S.complete(seg.map, last, end)
            except S.Incomplete:
                return None
            if h.crc != last_crc or h.end != end or (h.kind == S.SEAL) != sealed:
                return None
        listed.append((seg, end))
        scan_from[number] = None if sealed else end
    top = max((seg.number for seg, _ in listed), default=-1)
    for seg in segments:
        if seg.number not in scan_from:
            if seg.number < top:
                return None
            scan_from[seg.number] = S.SEGMENT_HEADER_BYTES
    keys = {}
    p = _FIXED + count * _SEGMENT.size
    stop = n - 8
    for _ in range(entries):
        index, points, offset, id_length = _ENTRY.unpack_from(data, p)
        p += _ENTRY.size
        if index >= len(listed) or id_length == 0 or p + id_length > stop:
            return None
        id = data[p:p + id_length].decode('utf-8')
        p += id_length
        chain = [_place(listed, index, offset, id_length, points, S.STORE, id)]
        (extents,) = struct.unpack_from('<I', data, p)
        p += 4
        if extents and points == 0:
            return None
        for _ in range(extents):
            index, count_k, at = _EXTENT.unpack_from(data, p)
            p += _EXTENT.size
            if index >= len(listed) or count_k <= 0:
                return None
            chain.append(_place(listed, index, at, id_length, count_k, S.EXTENT, id))
        if p > stop:
            return None
        keys[id] = chain
    if p != stop:
        return None
    return Hint(keys, scan_from)


def _place(listed, index, offset, id_length, points, kind, id):
    seg, end = listed[index]
    header_length = S.FIXED_HEADER_BYTES + ((id_length + 7) & ~7)
    length = header_length + 16 * points + 8
    if offset < S.SEGMENT_HEADER_BYTES or offset & 7 or offset + length > end:
        raise ValueError('hint entry outside its segment')
    # the header is checked against the record on the first read (crc None: not yet verified)
    return seg, S.Header(offset, kind, id, points, None, None, header_length, length)
