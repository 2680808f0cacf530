"""A read-only reader of the ``mmap`` store (ts-storage-mmap/FORMAT.md), following its rules exactly:
segments scanned in number order, batches applied only when committed, damaged records refused, and
every series that a lost record may have made older refused rather than served.

It never writes into the store directory and takes no lock, so it runs beside a live Java writer. It
follows the hint file when it matches the segments, scanning what the hint does not cover, and serves
only records the writer acknowledged: those up to each segment's witnessed end (a complete record after it is a write in
flight, or one a crash left unacknowledged; a seal after it still seals the segment).
"""

import mmap
import os
import re

import numpy as np

from . import segments as S
from .crc32c import crc32c
from . import hint
from .errors import DamagedError, FormatError, StoreError

_SEGMENT_NAME = re.compile(r'^(\d{10})\.seg$')
_F8 = np.dtype('<f8')
_OPEN_TRIES = 20


class _Segment:
    """One segment file: its number, mapping (None when empty) and size as opened."""

    def __init__(self, number, path):
        self.number = number
        self.path = path
        self.name = os.path.basename(path)
        with open(path, 'rb') as f:
            st = os.fstat(f.fileno())
            self.size = st.st_size
            self.identity = (number, st.st_dev, st.st_ino)
            self.map = mmap.mmap(f.fileno(), self.size, access=mmap.ACCESS_READ) if self.size else None
        head = bytes(self.map[:S.SEGMENT_HEADER_BYTES]) if self.map is not None else b''
        self.lost_header = not any(head)
        self.witness = 0
        if not self.lost_header:
            if len(head) < S.SEGMENT_HEADER_BYTES or head[:8] != S.SEGMENT_MAGIC:
                self.close()
                raise FormatError('file %s is named like an mmap segment but has no segment header' % path)
            version = int.from_bytes(head[8:12], 'little')
            if version != S.VERSION:
                self.close()
                raise FormatError('segment %s has format version %d; this reader reads version %d'
                                  % (path, version, S.VERSION))
            self.witness = int.from_bytes(head[12:16], 'little')

    def close(self):
        if self.map is not None:
            try:
                self.map.close()
            except BufferError:
                pass  # arrays handed out still view it: the mapping lives as long as they do
            self.map = None


class _Loss:
    """A place in log order where records were lost: records before it may be older versions."""

    __slots__ = ('segment', 'offset', 'problem')

    def __init__(self, segment, offset, problem):
        self.segment = segment
        self.offset = offset
        self.problem = problem

    def follows(self, place):
        return place < (self.segment, self.offset)


def _later(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return b if (b.segment, b.offset) >= (a.segment, a.offset) else a


class _Entry:
    """A live series: its store record and the extents after it, each (segment, header)."""

    __slots__ = ('id', 'records', 'size')

    def __init__(self, id, records):
        self.id = id
        self.records = records
        self.size = sum(h.points for _, h in records)

    @property
    def place(self):
        seg, h = self.records[0]
        return seg.number, h.offset



class _Recovery:
    """The scan of every segment (FORMAT.md, "Reading a store" and "Lost records")."""

    def __init__(self, segments, hint):
        self.keys = {}
        self.frontier = None
        self.damaged_ids = {}
        self.deleted_after = {}
        if hint is not None:
            self.keys = {id: _Entry(id, chain) for id, chain in hint.keys.items()}
        for i, seg in enumerate(segments):
            start = S.SEGMENT_HEADER_BYTES if hint is None else hint.scan_from[seg.number]
            self._segment(seg, i == len(segments) - 1, start)
        for id in list(self.deleted_after):
            if id in self.keys:
                del self.deleted_after[id]

    def _lost(self, loss):
        self.frontier = _later(self.frontier, loss)
        self.deleted_after.clear()  # every tombstone met so far precedes this loss

    def _segment(self, seg, newest, start):
        if seg.lost_header:
            self._lost(_Loss(seg.number, float('inf'), 'segment file %s has lost its header (%d bytes, header'
                             ' zero): records in it may have been lost' % (seg.name, seg.size)))
        if seg.size < S.SEGMENT_HEADER_BYTES or start is None:
            return  # nothing to read, or sealed and covered by the hint
        witness = seg.witness
        events = []

        class Visitor:
            def record(self, h):
                events.append(('record', h.end, h))

            def damaged(self, start, stop, id, problem):
                events.append(('damaged', stop, (start, stop, id, problem)))

        kind, end = S.scan(seg.map, start, seg.size, Visitor())
        # the witnessed end: the end of the last record or stretch the witness names (modulo 2^35 bytes)
        after_hint = start > S.SEGMENT_HEADER_BYTES and (witness << 3) <= start
        reached = S.trivial_witness(witness) or after_hint
        cut = len(events)
        if witness == S.witness_of(S.SEGMENT_HEADER_BYTES) or after_hint:
            cut = 0
        elif witness != 0:
            for i in range(len(events) - 1, -1, -1):
                if S.witness_of(events[i][1]) == witness:
                    reached = True
                    cut = i + 1
                    break
        for what, _, e in events[:cut]:
            if what == 'record':
                self._record(seg, e)
            else:
                self._damaged(seg, *e)
        for what, _, e in events[cut:]:
            if what == 'damaged':
                self._damaged(seg, *e)  # damage refuses, never serves: it counts wherever it is
        if not newest and kind != S.SEALED:
            self._lost(_Loss(seg.number, float('inf'), 'segment file %s ends at offset %d without a seal although'
                             ' newer segments follow: records after that offset were lost' % (seg.name, end)))
        elif not reached:
            self._lost(_Loss(seg.number, float('inf'), 'the records of segment file %s end at offset %d, but its'
                             ' header witnesses acknowledged records up to offset %d: records were lost'
                             % (seg.name, end, witness << 3)))

    def _record(self, seg, h):
        if h.kind == S.STORE:
            self.keys[h.id] = _Entry(h.id, [(seg, h)])
        elif h.kind == S.EXTENT:
            e = self.keys.get(h.id)
            if e is not None and e.size > 0:
                e.records.append((seg, h))
                e.size += h.points
        elif h.kind == S.TOMBSTONE:
            self.keys.pop(h.id, None)
            if self.frontier is not None or h.id in self.damaged_ids:
                self.deleted_after[h.id] = (seg.number, h.offset)

    def _damaged(self, seg, start, stop, id, problem):
        what = 'segment file %s holds damaged bytes from offset %d to %d (%s)' % (seg.name, start, stop, problem)
        if id is not None:
            self.damaged_ids[id] = _later(self.damaged_ids.get(id),
                                          _Loss(seg.number, start, what + ', a record of series %r' % id))
            self.deleted_after.pop(id, None)
        else:
            self._lost(_Loss(seg.number, start, what + ", where any series' newer record may have been"))


class MmapStore:
    """A read-only view of an mmap store directory, as it was when opened or last refreshed."""

    kind = 'mmap'

    def __init__(self, path, verify_reads=True):
        self.path = os.fspath(path)
        self._verify_reads = verify_reads
        self._segments = []
        self._verified = set()
        self._load()

    # --- opening ---------------------------------------------------------------------------------------

    def _list(self):
        numbers = []
        for name in os.listdir(self.path):
            m = _SEGMENT_NAME.match(name)
            if m:
                numbers.append(int(m.group(1)))
        return sorted(numbers)

    def _load(self):
        if os.path.exists(os.path.join(self.path, 'codec')):
            # FORMAT.md, "Compressed stores": the records hold ts-codec blocks, which this reader does not decode
            raise FormatError('the mmap store %s holds compressed series (its file codec says codec=compressed);'
                              ' this reader reads raw stores only: read it from Java, or copy it into a store'
                              ' opened without codec=compressed' % self.path)
        last = None
        for _ in range(_OPEN_TRIES):
            opened = []
            try:
                for n in self._list():
                    opened.append(_Segment(n, os.path.join(self.path, '%010d.seg' % n)))
                recovery = _Recovery(opened, hint.read(self.path, opened))
            except FileNotFoundError as e:
                # a compaction deleted a listed segment meanwhile: list again
                last = e
                for s in opened:
                    s.close()
                continue
            except BaseException:
                for s in opened:
                    s.close()
                raise
            old = self._segments
            self._segments = opened
            self._keys = recovery.keys
            self._frontier = recovery.frontier
            self._damaged_ids = recovery.damaged_ids
            self._deleted_after = recovery.deleted_after
            for s in old:
                s.close()
            live = {seg.identity for seg in opened}
            self._verified = {k for k in self._verified if k[0] in live}  # forget deleted segments
            return
        raise StoreError('cannot open the mmap store %s: its segments kept changing (%s)' % (self.path, last))

    def refresh(self):
        """Reads the store again, so that what the writer acknowledged since is seen. Arrays handed out
        before stay valid (they keep their mapping, even of a segment a compaction deleted). Costs a scan
        of every segment's record headers (not of the points); records whose CRC-32C was checked before
        (same segment file, offset and header CRC) are not checked again. When no segment changed (the same
        files, sizes and witnesses) it returns after a listing and a stat per segment."""
        self._check_open()
        if not self._changed():
            return
        self._load()

    def _changed(self):
        """Whether a writer may have changed the store since it was read: another list of segments, or a
        segment of another file, size or witness."""
        try:
            if self._list() != [seg.number for seg in self._segments]:
                return True
            for seg in self._segments:
                st = os.stat(seg.path)
                if (seg.number, st.st_dev, st.st_ino) != seg.identity or st.st_size != seg.size:
                    return True
                if seg.map is not None and seg.size >= S.SEGMENT_HEADER_BYTES and \
                        int.from_bytes(seg.map[12:16], 'little') != seg.witness:
                    return True
        except FileNotFoundError:
            return True
        return False

    # --- reads -----------------------------------------------------------------------------------------

    def _check_open(self):
        if self._segments is None:
            raise StoreError('the store %s is closed' % self.path)

    def _lost_after(self, e):
        place = e.place
        if self._frontier is not None and self._frontier.follows(place):
            return self._frontier
        own = self._damaged_ids.get(e.id)
        return own if own is not None and own.follows(place) else None

    def _may_have_lost(self, id):
        own = self._damaged_ids.get(id)
        if self._frontier is None and own is None:
            return None
        tomb = self._deleted_after.get(id)
        if tomb is None:
            return _later(self._frontier, own)
        if own is not None and own.follows(tomb):
            return own
        return self._frontier if self._frontier is not None and self._frontier.follows(tomb) else None

    def _entry(self, id):
        self._check_open()
        if not isinstance(id, str):
            raise TypeError('a series id is a str, not %s' % type(id).__name__)
        e = self._keys.get(id)
        if e is None:
            loss = self._may_have_lost(id)
            if loss is not None:
                raise DamagedError('series %r cannot be answered: it has no record after the damage, and one may'
                                   ' have been among the records lost there (%s)' % (id, loss.problem),
                                   id, loss.segment, loss.offset)
            raise KeyError(id)
        loss = self._lost_after(e)
        if loss is not None:
            seg, h = e.records[0]
            raise DamagedError('series %r cannot be served: its record at offset %d of segment file %s may be an'
                               ' older version, because %s' % (id, h.offset, seg.name, loss.problem),
                               id, seg.name, h.offset)
        return e

    def ids(self):
        """The ids of the series stored, sorted (a series refused for damage is left out)."""
        self._check_open()
        return sorted(id for id, e in self._keys.items() if self._lost_after(e) is None)

    def size(self, id):
        """The number of points of a series. KeyError when it is not stored."""
        return self._entry(id).size

    def _view(self, seg, h):
        """The times and values of one record, checked against its data CRC-32C (once per record) unless
        the store was opened with ``verify_reads=False``, as Java's ``verifyReads=false``: header only."""
        n = h.points
        key = (seg.identity, h.offset, h.crc)  # a witnessed record never changes: checked once per file
        if h.crc is None and key not in self._verified:
            self._check_hinted(seg, h)
        if n and self._verify_reads and key not in self._verified:
            data = np.frombuffer(seg.map, dtype=np.uint8, count=16 * n, offset=h.data_offset)
            stored = int.from_bytes(seg.map[h.data_offset + 16 * n:h.data_offset + 16 * n + 4], 'little')
            computed = crc32c(data)
            if stored != computed:
                raise DamagedError('series %r is damaged: the record at offset %d of segment file %s cannot be'
                                   ' served, its data checksum does not match (stored 0x%08x, computed 0x%08x)'
                                   % (h.id, h.offset, seg.name, stored, computed), h.id, seg.name, h.offset)
            self._verified.add(key)
        times = np.frombuffer(seg.map, dtype=_F8, count=n, offset=h.data_offset)
        values = np.frombuffer(seg.map, dtype=_F8, count=n, offset=h.data_offset + 8 * n)
        return times, values

    def _check_hinted(self, seg, h):
        """Checks the record a hint entry names: a complete record of that kind, id and size."""
        try:
            found = S.complete(seg.map, h.offset, seg.size)
            problem = None if (found.kind, found.id, found.points) == (h.kind, h.id, h.points) else \
                'it holds %r, not the hinted record' % found
        except S.Incomplete as e:
            problem = str(e)
        if problem is not None:
            raise DamagedError('series %r is damaged: the record at offset %d of segment file %s cannot be served, %s'
                               % (h.id, h.offset, seg.name, problem), h.id, seg.name, h.offset)
        if h.points == 0:
            self._verified.add((seg.identity, h.offset, h.crc))

    def get(self, id, start=None, stop=None):
        """``(times, values)`` of a series: read-only float64 arrays. A series held in one record (every
        series after a store or a compaction) comes as views of the mapped segment, no copy; one with
        appended extents is joined into new (read-only) arrays. With ``start``/``stop`` only the points
        with ``start <= t < stop``. KeyError when it is not stored; DamagedError when it cannot be served."""
        e = self._entry(id)
        # every record is checked, even outside the range: a damaged one makes the whole series unservable
        parts = [self._view(seg, h) for seg, h in e.records]
        if start is not None or stop is not None:
            sliced = [_slice(t, v, start, stop) for t, v in parts]
            parts = [p for p in sliced if len(p[0])] or sliced[:1]
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return _readonly(np.empty(0, _F8)), _readonly(np.empty(0, _F8))
        return (_readonly(np.concatenate([t for t, _ in parts])), _readonly(np.concatenate([v for _, v in parts])))

    def close(self):
        """Unmaps the segments (a mapping that arrays still view is left to them)."""
        if self._segments is not None:
            for s in self._segments:
                s.close()
            self._segments = None


def _readonly(a):
    a.flags.writeable = False
    return a


def _slice(times, values, start, stop):
    lo = 0 if start is None else int(np.searchsorted(times, start, side='left'))
    hi = len(times) if stop is None else int(np.searchsorted(times, stop, side='left'))
    hi = max(lo, hi)
    return times[lo:hi], values[lo:hi]
