"""Scanning one segment of an mmap store (FORMAT.md, "Segment file", "Record", "Batches", "Damage and
torn writes"): complete records in file order, batches held back until their commit record, damaged
stretches resynchronised past on 8-byte boundaries, and how the scan ended."""

import struct
import numpy as np

from .crc32c import crc32c_bytes

SEGMENT_MAGIC = b'TSMMSEG\0'
VERSION = 2
SEGMENT_HEADER_BYTES = 16
RECORD_MAGIC = 0x43525354   # "TSRC"
END_MARK = 0x444E4554       # "TEND"
STORE, TOMBSTONE, SEAL, EXTENT, BATCH_BEGIN, BATCH_COMMIT = 1, 2, 3, 4, 5, 6
FIXED_HEADER_BYTES = 24
MAX_HEADER_BYTES = FIXED_HEADER_BYTES + 256
FRAME_BYTES = 32

_FIXED = struct.Struct('<IBBBBiIq')
_U32 = struct.Struct('<I')

SEALED, CLEAN, TORN = 'sealed', 'clean', 'torn'


def witness_of(end):
    """The witness value for records ending at ``end``: its 8-byte units modulo 2^32."""
    return (end >> 3) & 0xFFFFFFFF


def trivial_witness(witness):
    """Whether a witness needs no record end to match it: none (0) or an empty segment (2)."""
    return witness == 0 or witness == witness_of(SEGMENT_HEADER_BYTES)


class Incomplete(Exception):
    """The bytes at an offset are not a complete record; ``header`` is set when only its header holds."""

    def __init__(self, problem, header=None):
        super().__init__(problem)
        self.header = header


def _valid_id(raw):
    try:
        s = raw.decode('utf-8')  # strict: refuses overlong forms and encoded surrogates
    except UnicodeDecodeError:
        return None
    for ch in s:
        c = ord(ch)
        if c < 0x20 or 0x7F <= c <= 0x9F:
            return None
    return s


class Header:
    """A decoded, checksum-verified record header and where its record lies."""

    __slots__ = ('offset', 'kind', 'id', 'points', 'sequence', 'crc', 'header_length', 'length')

    def __init__(self, offset, kind, id, points, sequence, crc, header_length, length):
        self.offset = offset
        self.kind = kind
        self.id = id
        self.points = points
        self.sequence = sequence
        self.crc = crc
        self.header_length = header_length
        self.length = length

    @property
    def end(self):
        return self.offset + self.length

    @property
    def data_offset(self):
        return self.offset + self.header_length

    def point_count(self):
        return self.points if self.kind in (STORE, EXTENT) else 0

    def __repr__(self):
        return 'record kind %d%s at offset %d (%d points, %d bytes)' % (
            self.kind, '' if self.id is None else ' of series %r' % self.id, self.offset, self.points, self.length)


def decode_header(buf, offset, limit):
    """Decodes and checks the record header at ``offset`` of ``buf`` (bytes up to ``limit`` are valid).

    Raises Incomplete saying what is wrong."""
    available = limit - offset
    if available < FIXED_HEADER_BYTES:
        raise Incomplete('only %d bytes where a record header should be' % max(available, 0))
    magic, version, kind, id_length, reserved, points, stored, sequence = _FIXED.unpack_from(buf, offset)
    if magic != RECORD_MAGIC:
        raise Incomplete('no record magic (found 0x%08x)' % magic)
    if version != VERSION:
        raise Incomplete('unknown record format version %d' % version)
    if reserved != 0:
        raise Incomplete('reserved header byte is %d' % reserved)
    header_length = FIXED_HEADER_BYTES + ((id_length + 7) & ~7)
    if available < header_length:
        raise Incomplete('header of %d bytes cut short at %d' % (header_length, available))
    computed = crc32c_bytes(buf[offset + 16:offset + header_length], crc32c_bytes(buf[offset:offset + 12]))
    if stored != computed:
        raise Incomplete('header checksum mismatch (stored 0x%08x, computed 0x%08x)' % (stored, computed))
    if kind in (STORE, TOMBSTONE, EXTENT):
        if id_length == 0:
            raise Incomplete('record of kind %d without an id' % kind)
        if points < 0 or (kind == TOMBSTONE and points != 0) or (kind == EXTENT and points == 0):
            raise Incomplete('record of kind %d with %d points' % (kind, points))
        id = _valid_id(bytes(buf[offset + 24:offset + 24 + id_length]))
        if id is None:
            raise Incomplete('header holds an invalid id')
        return Header(offset, kind, id, points, sequence, stored, header_length, header_length + 16 * points + 8)
    if kind == SEAL:
        if id_length != 0 or points != 0:
            raise Incomplete('seal record with an id or points')
        return Header(offset, kind, None, 0, sequence, stored, header_length, header_length + 8)
    if kind in (BATCH_BEGIN, BATCH_COMMIT):
        if id_length != 0 or points < 2:
            raise Incomplete('batch record with an id or a count of %d' % points)
        return Header(offset, kind, None, points, sequence, stored, header_length, FRAME_BYTES)
    raise Incomplete('unknown record kind %d' % kind)


def complete(buf, offset, limit):
    """The header of the complete record at ``offset``: header valid, within ``limit``, end mark present."""
    h = decode_header(buf, offset, limit)
    if h.end > limit:
        raise Incomplete('%r runs past the end at %d' % (h, limit), h)
    if _U32.unpack_from(buf, h.end - 4)[0] != END_MARK:
        raise Incomplete('%r has no end mark: written partly, or damaged' % h, h)
    return h


class _BatchGate:
    """Holds a batch's records back until its commit record (FORMAT.md, "Batches")."""

    def __init__(self, visitor):
        self.visitor = visitor
        self.begin = None
        self.held = []

    def record(self, h):
        if self.begin is None:
            if h.kind == BATCH_BEGIN:
                self.begin = h
            else:
                self.visitor.record(h)
            return
        if h.kind == BATCH_COMMIT and h.points == self.begin.points and len(self.held) == self.begin.points:
            self.visitor.record(self.begin)
            for r in self.held:
                self.visitor.record(r)
            self.visitor.record(h)
            self._drop()
            return
        if h.kind in (BATCH_BEGIN, BATCH_COMMIT, SEAL) or len(self.held) == self.begin.points:
            self._broken(h.offset, 'its records are followed by %r instead of its commit record' % h)
            self.record(h)
            return
        self.held.append(h)

    def damaged(self, start, stop, id, problem):
        if self.begin is None:
            self.visitor.damaged(start, stop, id, problem)
        else:
            self._broken(stop, 'damaged bytes %d to %d inside it (%s)' % (start, stop, problem))

    def _broken(self, stop, why):
        start = self.begin.offset
        problem = 'the batch of %d records opened at offset %d is broken: %s' % (self.begin.points, start, why)
        self._drop()
        self.visitor.damaged(start, stop, None, problem)

    def _drop(self):
        self.begin = None
        self.held = []


def _next_record_after(buf, p, limit):
    """After bytes at ``p`` that are no complete record: the next complete record's offset on an 8-byte
    boundary, or CLEAN when the rest is all zero, or TORN when it is not."""
    q = p + 8
    while True:
        q = buf.find(b'TSRC', q, limit)
        if q < 0:
            break
        if q % 8 == 0:
            try:
                complete(buf, q, limit)
                return q
            except Incomplete:
                pass
            q += 8
        else:
            q = (q + 7) & ~7
    rest = np.frombuffer(buf, dtype=np.uint8, count=limit - p, offset=p) if limit > p else np.empty(0, np.uint8)
    return TORN if rest.any() else CLEAN


def scan(buf, start, limit, visitor):
    """Walks the records of ``buf`` from ``start`` (a record boundary) to ``limit``.

    ``visitor.record(header)`` gets each complete record in file order (a batch's only at its commit);
    ``visitor.damaged(start, stop, id, problem)`` each damaged stretch (``id`` known only when the stretch
    is exactly one record whose header holds). Returns ``(kind, offset)``: how and where the records end
    (SEALED after a seal, CLEAN at the limit or at zero bytes, TORN at a write cut short)."""
    gate = _BatchGate(visitor)
    p = start
    end = None
    while end is None:
        if p >= limit:
            end = (CLEAN, p)
            break
        try:
            h = complete(buf, p, limit)
        except Incomplete as e:
            nxt = _next_record_after(buf, p, limit)
            if nxt in (CLEAN, TORN):
                end = (nxt, p)
                break
            id = e.header.id if e.header is not None and nxt == e.header.end else None
            gate.damaged(p, nxt, id, str(e))
            p = nxt
            continue
        gate.record(h)
        if h.kind == SEAL:
            end = (SEALED, h.end)
            break
        p = h.end
    if gate.begin is not None:
        return TORN, gate.begin.offset  # an uncommitted batch: a write cut short, the records end before it
    return end
