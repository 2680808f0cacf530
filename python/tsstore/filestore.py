"""A read-only reader of the ``file`` store (ts-storage-file: one ``.npy`` file per series, a journaled
index): the index snapshot and journal map each id to its entry (points, file length, CRC-32C of the
file), the id's file is found by the store's naming rule, mapped, and checked against the entry's
CRC-32C before its points are served.

Only records up to the journal's witnessed end (those the writer acknowledged) are applied. Where index
records were lost (a bad record before the witness, or followed by a good one; a damaged snapshot or
header), every id whose last surviving record precedes the loss is refused with a DamagedError, never
answered as absent: a conservative form of the store's own rule (the Java store may still prove some of
them by their files; open it with Java, or repair it, to settle them). Never writes, takes no lock.
"""

import io
import mmap
import os
import struct
import zlib

import numpy as np

from .crc32c import crc32c, crc32c_bytes
from .errors import DamagedError, StoreError

SNAPSHOT = 'index.snapshot'
JOURNAL = 'index.journal'
_PUT, _DELETE, _BATCH = 1, 2, 3
_MAX_BATCH_BODY = 1 << 30
_TRIES = 20


def series_file(directory, id):
    """The path of an id's ``.npy`` file (ts-storage-file README, "On disk")."""
    b = id.encode('utf-8')
    h = b.hex()
    parts = [h[i:i + 200] for i in range(0, len(h), 200)]
    return os.path.join(directory, 'series', '%02x' % (zlib.crc32(b) & 0xff), *parts) + '.npy'


def _valid_id(raw):
    try:
        s = raw.decode('utf-8')
    except UnicodeDecodeError:
        return None
    if not s or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in s):
        return None
    return s


def _read_snapshot(path):
    """``(generation, entries, held)`` of the snapshot, or None when absent. Raises DamagedError if damaged."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except FileNotFoundError:
        return None
    try:
        legacy = data[:8] == b'TSSNAP01'
        if not legacy and data[:8] != b'TSSNAP02':
            raise ValueError('wrong magic')
        generation, count = struct.unpack_from('>qi', data, 8)
        at = 20
        entries = {}
        held = {}

        def read_id():
            nonlocal at
            (n,) = struct.unpack_from('>H', data, at)
            id = _valid_id(data[at + 2:at + 2 + n])
            if id is None or at + 2 + n > len(data):
                raise ValueError('malformed id')
            at += 2 + n
            return id

        def read_entry():
            nonlocal at
            entry = struct.unpack_from('>iqI', data, at)
            at += 16
            if entry[0] < 0 or entry[1] < 0:
                raise ValueError('malformed entry')
            return entry

        for _ in range(count):
            id = read_id()
            entries[id] = read_entry()
        if not legacy:
            (held_count,) = struct.unpack_from('>i', data, at)
            at += 4
            for _ in range(held_count):
                id = read_id()
                (n,) = struct.unpack_from('>H', data, at)
                file = data[at + 2:at + 2 + n].decode('utf-8', 'replace')
                at += 2 + n
                (offset, plen) = struct.unpack_from('>qi', data, at)
                problem = data[at + 12:at + 12 + plen].decode('utf-8', 'replace')
                at += 12 + plen
                (candidates,) = struct.unpack_from('>H', data, at)
                at += 2 + 16 * candidates
                held[id] = (file, offset, problem)
        if at + 4 != len(data) or struct.unpack_from('>I', data, at)[0] != crc32c_bytes(data[:at]):
            raise ValueError('checksum mismatch')
    except (ValueError, struct.error) as e:
        raise DamagedError('the index snapshot %s is damaged (%s): open the store with Java to recover it'
                           % (path, e), file=path, offset=0)
    return generation, entries, held


def _decode_record(data, at):
    """The changes of the good journal record at ``at`` and its length, or None."""
    if at + 11 > len(data):
        return None
    (body,) = struct.unpack_from('>I', data, at)
    if body < 3 or body > _MAX_BATCH_BODY or at + 8 + body > len(data):
        return None
    end = at + 4 + body
    if struct.unpack_from('>I', data, end)[0] != crc32c(memoryview(data)[at:end]):
        return None
    p = at + 4
    count = 1
    if data[p] == _BATCH:
        if body < 5:
            return None
        (count,) = struct.unpack_from('>i', data, p + 1)
        p += 5
    changes = []
    for _ in range(count):
        if p + 3 > end:
            return None
        kind = data[p]
        (n,) = struct.unpack_from('>H', data, p + 1)
        length = 3 + n + (16 if kind == _PUT else 0)
        if kind not in (_PUT, _DELETE) or n == 0 or p + length > end:
            return None
        id = _valid_id(data[p + 3:p + 3 + n])
        if id is None:
            return None
        entry = None
        if kind == _PUT:
            entry = struct.unpack_from('>iqI', data, p + 3 + n)
            if entry[0] < 0 or entry[1] < 0:
                return None
        changes.append((id, entry))
        p += length
    if p != end:
        return None
    return changes, 8 + body


class FileStore:
    """A read-only view of a file store directory, as it was when opened or last refreshed."""

    kind = 'file'

    def __init__(self, path):
        self.path = os.fspath(path)
        self._open = True
        self._checked = {}  # id -> (entry, file identity, arrays): a file already checked against its entry
        self._load()

    def _load(self):
        for _ in range(_TRIES):
            if self._try_load():
                return
        raise StoreError('cannot open the file store %s: its index kept changing while read' % self.path)

    def _try_load(self):
        before = _stat_or_none(os.path.join(self.path, SNAPSHOT))
        snap = _read_snapshot(os.path.join(self.path, SNAPSHOT))
        generation, entries, held = snap if snap is not None else (0, {}, {})
        entries = dict(entries)
        journal = os.path.join(self.path, JOURNAL)
        self._loss = None
        self._last = {}   # id -> journal offset of its last applied record
        try:
            with open(journal, 'rb') as f:
                data = f.read()
        except FileNotFoundError:
            data = None
            if snap is not None:
                self._loss = (journal, 0, 'the journal %s is missing beside the snapshot' % journal)
        if data is not None and len(data) >= 32 and any(data):
            legacy = data[:8] == b'TSJRNL01'
            header = 20 if legacy else 32
            if (not legacy and data[:8] != b'TSJRNL02') or struct.unpack_from('>I', data, 16)[0] != crc32c_bytes(data[:16]):
                self._loss = (journal, 0, 'the journal header of %s has the wrong magic or checksum' % journal)
            else:
                (jgen,) = struct.unpack_from('>q', data, 8)
                if snap is not None and jgen > generation:
                    return False  # a fold ran between reading the snapshot and the journal: read again
                if snap is None or jgen == generation:
                    self._apply_journal(data, jgen, legacy, header, journal, entries)
        if _stat_or_none(os.path.join(self.path, SNAPSHOT)) != before:
            return False  # a fold replaced the snapshot (and emptied the journal) meanwhile: read again
        self._entries = entries
        self._held = held
        return True

    def _apply_journal(self, data, generation, legacy, header, journal, entries):
        witness = None
        if not legacy:
            (w, wcrc) = struct.unpack_from('>qI', data, 20)
            if wcrc == crc32c_bytes(struct.pack('>qq', generation, w)) and w >= header:
                witness = w
            else:
                self._loss = (journal, len(data), 'the witness of the journal %s fails its checksum, so whether'
                              ' records were cut off its end cannot be told' % journal)
        limit = len(data) if witness is None else min(witness, len(data))
        at = header
        while at < limit:
            r = _decode_record(data, at)
            if r is not None and at + r[1] <= limit:
                for id, entry in r[0]:
                    if entry is None:
                        entries.pop(id, None)
                    else:
                        entries[id] = entry
                    self._last[id] = at
                at += r[1]
                continue
            nxt = next((q for q in range(at + 1, limit - 10) if _decode_record(data, q) is not None), None)
            if nxt is not None or witness is not None and at < witness:
                self._loss = (journal, at, 'the journal %s holds a bad record at byte %d, before the end of the'
                              ' last record written whole: records were lost' % (journal, at))
            if nxt is None:
                break
            at = nxt  # the good records after a loss still count
        if witness is not None and witness > len(data):
            self._loss = (journal, len(data), 'the journal %s ends at byte %d, before byte %d, where the last record'
                          ' written whole ended: records were lost' % (journal, len(data), witness))

    def refresh(self):
        """Reads the index again, so that what the writer acknowledged since is seen."""
        self._check_open()
        self._load()

    def _check_open(self):
        if not self._open:
            raise StoreError('the store %s is closed' % self.path)

    def _entry(self, id):
        self._check_open()
        if not isinstance(id, str):
            raise TypeError('a series id is a str, not %s' % type(id).__name__)
        if id in self._held:
            file, offset, problem = self._held[id]
            raise DamagedError('series %r is held after lost index records (%s at byte %d): %s'
                               % (id, file, offset, problem), id, file, offset)
        if self._loss is not None and self._last.get(id, -1) < self._loss[1]:
            file, offset, problem = self._loss
            raise DamagedError('series %r cannot be answered: %s, and its last surviving record precedes them'
                               % (id, problem), id, file, offset)
        e = self._entries.get(id)
        if e is None:
            raise KeyError(id)
        return e

    def ids(self):
        """The ids of the series stored, sorted (an id refused for damage is left out)."""
        out = []
        for id in self._entries:
            try:
                self._entry(id)
                out.append(id)
            except DamagedError:
                pass
        return sorted(out)

    def size(self, id):
        """The number of points of a series. KeyError when it is not stored."""
        return self._entry(id)[0]

    def get(self, id, start=None, stop=None):
        """``(times, values)``: read-only float64 views of the mapped ``.npy`` file (strided for the
        store's Fortran-order files), after its CRC-32C matched the index entry."""
        for attempt in range(_TRIES):
            entry = self._entry(id)
            points, length, crc = entry
            path = series_file(self.path, id)
            try:
                arrays = self._cached(id, entry, path)
                if arrays is None:
                    arrays, identity = self._map_checked(id, path, points, length, crc)
                    self._checked[id] = (entry, identity, arrays)
            except _Stale as stale:
                if attempt + 1 == _TRIES:
                    raise DamagedError('series %r is damaged: %s' % (id, stale), id, path, 0)
                self._load()  # a writer may have renamed a newer file into place: read the index again
                continue
            times, values = arrays
            if start is not None or stop is not None:
                lo = 0 if start is None else int(np.searchsorted(times, start, side='left'))
                hi = len(times) if stop is None else int(np.searchsorted(times, stop, side='left'))
                times, values = times[lo:max(lo, hi)], values[lo:max(lo, hi)]
            return times, values

    def _cached(self, id, entry, path):
        """The arrays of a file checked before, if its entry and the file (inode, size, mtime) are unchanged."""
        hit = self._checked.get(id)
        if hit is None or hit[0] != entry:
            return None
        try:
            same = _identity(path) == hit[1]
        except FileNotFoundError:
            same = False
        return hit[2] if same else None

    def _map_checked(self, id, path, points, length, crc):
        try:
            f = open(path, 'rb')
        except FileNotFoundError:
            raise _Stale('its file %s is missing' % path)
        with f:
            st = os.fstat(f.fileno())
            identity = st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns
            size = st.st_size
            if size < length or length < 128:
                raise _Stale('its file %s has %d bytes, its index entry %d' % (path, size, length))
            m = mmap.mmap(f.fileno(), length, access=mmap.ACCESS_READ)
        fortran, dtype, data_at = _parse_header(bytes(m[:min(length, 65536)]), path)
        body = np.frombuffer(m, dtype=np.uint8, count=length - data_at, offset=data_at)
        body_crc = crc32c(body)
        good = _combine_header(bytes(m[:data_at]), body_crc, length - data_at) == crc
        if not good and data_at == 128:
            # an append in flight rewrites the header first: check against the header of the entry's points
            good = _combine_header(_fortran_header(points), body_crc, length - data_at) == crc
            fortran = fortran or points >= 2
        del body
        if not good:
            _close(m)
            raise _Stale('its file %s does not match the CRC-32C of its index entry' % path)
        if length != data_at + 16 * points:
            raise DamagedError('series %r: file %s is not a (2, %d) float64 array' % (id, path, points), id, path, 0)
        a = np.frombuffer(m, dtype=dtype, count=2 * points, offset=data_at)
        if fortran:
            return (a[0::2], a[1::2]), identity
        return (a[:points], a[points:]), identity

    def close(self):
        """Forgets the mapped files: each mapping is released with the last array that views it (a file
        replaced by a newer version is so released as soon as its arrays are dropped, never kept by the
        store)."""
        self._open = False
        self._checked = {}


def _stat_or_none(path):
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _identity(path):
    st = os.stat(path)
    return st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns


class _Stale(Exception):
    pass


def _close(m):
    try:
        m.close()
    except BufferError:
        pass


def _combine_header(header, body_crc, body_length):
    """CRC-32C of ``header + body`` from the CRC of the body, without reading the body again."""
    from .crc32c import _mat_apply, _zeros_matrix
    head = crc32c_bytes(header)
    # crc(A + B) = shift(crc(A) ^ ~0, |B|) ^ ~0 ^ ... : by linearity, continue crc(A) over |B| zero bytes
    # and add the body's own contribution (its CRC from a zero register)
    zeros_from_head = _mat_apply(_zeros_matrix(body_length), head ^ 0xFFFFFFFF)
    body_from_zero = body_crc ^ 0xFFFFFFFF ^ _mat_apply(_zeros_matrix(body_length), 0xFFFFFFFF)
    return zeros_from_head ^ body_from_zero ^ 0xFFFFFFFF


def _fortran_header(points):
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {'descr': '<f8', 'fortran_order': points >= 2, 'shape': (2, points)})
    return buf.getvalue()


def _parse_header(header, path):
    f = io.BytesIO(header)
    try:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        else:  # 2.0, and 3.0 (a UTF-8 header, which a (2, N) float64 array never needs)
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
    except Exception as e:  # numpy says what is wrong in its own words
        raise StoreError('file %s is not a numpy file this reader reads: %s' % (path, e))
    if dtype not in (np.dtype('<f8'), np.dtype('>f8')) or len(shape) != 2 or shape[0] != 2:
        raise StoreError('file %s holds %s of shape %s, not a (2, N) float64 array' % (path, dtype, shape))
    return fortran, dtype, f.tell()
