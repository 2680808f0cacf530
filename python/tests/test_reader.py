"""The mmap reader on segments built by hand from FORMAT.md (an encoder written here, separately from the
reader): complete records, torn tails, damaged stretches, batches, the witness, lost records, and the
zero-copy, read-only views get() returns."""

import os
import shutil
import struct
import tempfile
import unittest

import numpy as np

import tsstore
from tsstore.crc32c import crc32c_bytes

STORE, TOMBSTONE, SEAL, EXTENT, BEGIN, COMMIT = 1, 2, 3, 4, 5, 6


def record(kind, id=b'', n=0, seq=0, times=(), values=()):
    pad = (8 - len(id) % 8) % 8
    head = struct.pack('<IBBBBi', 0x43525354, 2, kind, len(id), 0, n)
    rest = struct.pack('<q', seq) + id + bytes(pad)
    crc = crc32c_bytes(rest, crc32c_bytes(head))
    data = (np.asarray(times, '<f8').tobytes() + np.asarray(values, '<f8').tobytes()) if kind in (STORE, EXTENT) else b''
    return head + struct.pack('<I', crc) + rest + data + struct.pack('<I', crc32c_bytes(data) if data else 0) + b'TEND'


def segment(records, witness_end=None, extra=b''):
    body = b''.join(records)
    end = 16 + len(body) if witness_end is None else witness_end
    return b'TSMMSEG\0' + struct.pack('<II', 2, end >> 3) + body + extra


class ReaderTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='tsstore-pytest-')

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, number, data):
        with open(os.path.join(self.dir, '%010d.seg' % number), 'wb') as f:
            f.write(data)

    def open(self):
        return tsstore.open(self.dir)

    def test_store_extent_tombstone(self):
        a = record(STORE, b'a', 2, 1, [1.0, 2.0], [-0.0, float('nan')])
        b = record(STORE, b'b', 1, 2, [5.0], [7.0])
        e = record(EXTENT, b'a', 1, 3, [3.0], [float('inf')])
        x = record(EXTENT, b'zz', 1, 4, [3.0], [1.0])    # extends no series: skipped
        t = record(TOMBSTONE, b'b', 0, 5)
        self.write(1, segment([a, b, e, x, t]))
        with self.open() as s:
            self.assertEqual(['a'], s.ids())
            times, values = s.get('a')
            self.assertEqual([1.0, 2.0, 3.0], times.tolist())
            self.assertEqual(np.array([-0.0, np.nan, np.inf]).tobytes(), values.tobytes())
            self.assertFalse(times.flags.writeable)
            self.assertEqual(3, s.size('a'))
            self.assertIn('a', s)
            self.assertNotIn('b', s)   # deleted
            self.assertNotIn('zz', s)  # never stored
            with self.assertRaises(KeyError):
                s.get('b')
            with self.assertRaises(KeyError):
                s.get('zz')
            rt, rv = s.get('a', 2.0, 3.0)  # half-open: 3.0 is out
            self.assertEqual([2.0], rt.tolist())
            self.assertTrue(np.isnan(rv).all() and len(rv) == 1)

    def test_one_record_is_a_view_of_the_mapping(self):
        self.write(1, segment([record(STORE, b'v', 3, 1, [1, 2, 3], [4, 5, 6])]))
        with self.open() as s:
            t, v = s.get('v')
            self.assertFalse(t.flags.owndata)
            self.assertFalse(v.flags.writeable)

    def test_torn_tail_is_ignored(self):
        full = record(STORE, b'a', 2, 1, [1, 2], [3, 4])
        newer = record(STORE, b'a', 1, 2, [9], [9])
        self.write(1, segment([full], extra=newer[:30]))
        with self.open() as s:
            self.assertEqual([1.0, 2.0], s.get('a')[0].tolist())

    def test_complete_record_past_the_witness_is_not_read(self):
        old = record(STORE, b'a', 1, 1, [1], [1])
        new = record(STORE, b'a', 1, 2, [1], [2])
        self.write(1, segment([old, new], witness_end=16 + len(old)))
        with self.open() as s:
            self.assertEqual([1.0], s.get('a')[1].tolist())

    def test_witness_not_reached_refuses(self):
        a = record(STORE, b'a', 1, 1, [1], [1])
        self.write(1, segment([a], witness_end=16 + len(a) + 64))
        with self.open() as s:
            self.assertEqual([], s.ids())
            with self.assertRaises(tsstore.DamagedError) as e:
                s.get('a')
            self.assertIn('0000000001.seg', str(e.exception))
            with self.assertRaises(tsstore.DamagedError):
                s.get('never')  # may have been among the lost records: not "absent"

    def test_damaged_stretch_refuses_older_and_serves_newer(self):
        a = record(STORE, b'a', 1, 1, [1], [1])
        bad = bytearray(record(STORE, b'b', 1, 2, [1], [2]))
        bad[9] ^= 1  # header CRC fails: a stretch of unknown id
        c = record(STORE, b'c', 1, 3, [1], [3])
        t = record(TOMBSTONE, b'd', 0, 4)
        self.write(1, segment([a, bytes(bad), c, t]))
        with self.open() as s:
            self.assertEqual(['c'], s.ids())
            self.assertRaises(tsstore.DamagedError, s.get, 'a')
            self.assertRaises(tsstore.DamagedError, s.get, 'b')
            self.assertEqual([3.0], s.get('c')[1].tolist())
            self.assertRaises(KeyError, s.get, 'd')  # deleted after the loss: absent for certain

    def test_data_crc_failure_refuses_the_id_naming_segment_and_offset(self):
        a = bytearray(record(STORE, b'a', 2, 1, [1, 2], [3, 4]))
        a[24 + 8 + 20] ^= 4
        self.write(1, segment([bytes(a)]))
        with self.open() as s:
            with self.assertRaises(tsstore.DamagedError) as e:
                s.get('a')
            self.assertIn('0000000001.seg', str(e.exception))
            self.assertIn('offset 16', str(e.exception))
            self.assertEqual(('a', '0000000001.seg', 16), (e.exception.id, e.exception.file, e.exception.offset))

    def test_verify_reads_false_skips_the_data_crc_only(self):
        good = record(STORE, b'g', 2, 1, [1, 2], [5, 6])
        a = bytearray(record(STORE, b'a', 2, 2, [1, 2], [3, 4]))
        a[24 + 8 + 20] ^= 4  # a bit of the points: only the data CRC-32C sees it
        self.write(1, segment([good, bytes(a)]))
        with self.open() as s:
            self.assertRaises(tsstore.DamagedError, s.get, 'a')
        with tsstore.open(self.dir, verify_reads=False) as s:
            times, values = s.get('a')
            self.assertEqual([1.0, 2.0], times.tolist())
            flipped = struct.unpack('<2d', bytes(a[32 + 16:32 + 32]))  # the values as the damaged bytes hold them
            self.assertNotEqual((3.0, 4.0), flipped)
            self.assertEqual(list(flipped), values.tolist())  # served as they are, as asked
            self.assertEqual([5.0, 6.0], s.get('g')[1].tolist())
        b = bytearray(record(STORE, b'b', 1, 3, [1], [2]))
        b[9] ^= 1  # a header: refused either way
        self.write(2, segment([bytes(b)]))
        with tsstore.open(self.dir, verify_reads=False) as s:
            self.assertRaises(tsstore.DamagedError, s.get, 'b')
        self.assertRaises(TypeError, tsstore.open, self.dir, verify_reads='no')
        files = os.path.join(self.dir, 'files')
        os.mkdir(files)
        open(os.path.join(files, 'index.journal'), 'wb').close()
        with self.assertRaises(ValueError) as e:
            tsstore.open(files, verify_reads=False)  # a file store always checks
        self.assertIn(files, str(e.exception))

    def test_batch_applies_only_when_committed(self):
        one = record(STORE, b'a', 1, 2, [1], [1])
        two = record(STORE, b'b', 1, 3, [1], [2])
        committed = [record(BEGIN, n=2, seq=1), one, two, record(COMMIT, n=2, seq=4)]
        cut = [record(BEGIN, n=2, seq=5), record(STORE, b'a', 1, 6, [1], [9])]
        self.write(1, segment(committed + cut, witness_end=16 + sum(map(len, committed))))
        with self.open() as s:
            self.assertEqual(['a', 'b'], s.ids())
            self.assertEqual([1.0], s.get('a')[1].tolist())

    def test_older_segment_without_seal_is_a_loss(self):
        self.write(1, segment([record(STORE, b'a', 1, 1, [1], [1])]))
        self.write(2, segment([record(STORE, b'b', 1, 2, [1], [2])]))
        with self.open() as s:
            self.assertEqual(['b'], s.ids())
            self.assertRaises(tsstore.DamagedError, s.get, 'a')

    def test_sealed_segments_in_order(self):
        self.write(1, segment([record(STORE, b'a', 1, 1, [1], [1]), record(SEAL, seq=2)]))
        self.write(3, segment([record(EXTENT, b'a', 1, 3, [2], [2])]))  # numbers may be skipped
        with self.open() as s:
            self.assertEqual([1.0, 2.0], s.get('a')[0].tolist())

    def test_foreign_and_newer_version_files_are_refused(self):
        self.write(1, b'not a segment at all')
        self.assertRaises(tsstore.FormatError, self.open)
        self.write(1, b'TSMMSEG\0' + struct.pack('<II', 3, 0))
        with self.assertRaises(tsstore.FormatError) as e:
            self.open()
        self.assertIn('version 3', str(e.exception))

    def test_a_compressed_store_is_refused_naming_its_codec(self):
        self.write(1, segment([record(STORE, b'a', 1, 1, [1], [1])]))
        with open(os.path.join(self.dir, 'codec'), 'w') as f:
            f.write('compressed\n')
        with self.assertRaises(tsstore.FormatError) as e:
            self.open()
        self.assertIn('compressed', str(e.exception))
        os.remove(os.path.join(self.dir, 'codec'))
        with self.open() as s:
            self.assertEqual([1.0], s.get('a')[1].tolist())

    def hint(self, segments, entries):
        """A hint file (FORMAT.md, "Hint file"): segments as (number, sealed, end, last, last_crc), entries as
        (segment index, n, offset, id, [(segment index, n, offset), ...])."""
        body = b'TSMMHINT' + struct.pack('<IIqq', 2, len(segments), 99, len(entries))
        for number, sealed, end, last, last_crc in segments:
            body += struct.pack('<IIqqII', number, int(sealed), end, last, last_crc, 0)
        for index, n, offset, id, extents in entries:
            body += struct.pack('<IIqB', index, n, offset, len(id)) + id + struct.pack('<I', len(extents))
            for e in extents:
                body += struct.pack('<IIq', *e)
        with open(os.path.join(self.dir, 'keydir.hint'), 'wb') as f:
            f.write(body + struct.pack('<I', crc32c_bytes(body)) + b'HEND')

    def test_a_matching_hint_is_followed_and_the_rest_scanned(self):
        a = record(STORE, b'a', 1, 1, [1], [1])
        e = record(EXTENT, b'a', 1, 2, [2], [2])
        b = record(STORE, b'b', 1, 3, [1], [3])  # after the hinted end: found by the scan
        self.write(1, segment([a, e, b]))
        last_crc = struct.unpack_from('<I', e, 12)[0]
        end = 16 + len(a) + len(e)
        # the hint does not know b, and lists a stale version of nothing else: what it says is taken
        self.hint([(1, False, end, 16 + len(a), last_crc)], [(0, 1, 16, b'a', [(0, 1, 16 + len(a))])])
        with self.open() as s:
            self.assertEqual(['a', 'b'], s.ids())
            self.assertEqual([1.0, 2.0], s.get('a')[0].tolist())
            self.assertEqual([3.0], s.get('b')[1].tolist())

    def test_a_hint_that_does_not_match_is_ignored(self):
        a = record(STORE, b'a', 1, 1, [1], [1])
        self.write(1, segment([a]))
        # names a record that is not there (wrong header CRC): stale, so the segments are scanned
        self.hint([(1, False, 16 + len(a), 16, 12345)], [(0, 1, 16, b'x', [])])
        with self.open() as s:
            self.assertEqual(['a'], s.ids())

    def test_a_hint_entry_that_names_the_wrong_record_is_refused_on_read(self):
        a = record(STORE, b'a', 1, 1, [1], [1])
        b = record(STORE, b'b', 1, 2, [1], [2])
        self.write(1, segment([a, b]))
        last_crc = struct.unpack_from('<I', b, 12)[0]
        self.hint([(1, False, 16 + len(a) + len(b), 16 + len(a), last_crc)], [(0, 1, 16, b'b', [])])
        with self.open() as s:
            with self.assertRaises(tsstore.DamagedError) as e:
                s.get('b')  # the hint points b at a's record: never served as b
            self.assertIn('offset 16', str(e.exception))

    def test_to_pandas_needs_pandas_only_when_called(self):
        self.write(1, segment([record(STORE, b'p', 2, 1, [1, 2], [3, 4])]))
        with self.open() as s:
            try:
                import pandas  # noqa: F401
            except ImportError:
                with self.assertRaises(ImportError) as e:
                    s.to_pandas('p')
                self.assertIn('pandas', str(e.exception))
                return
            series = s.to_pandas('p')
            self.assertEqual([1.0, 2.0], list(series.index))
            self.assertEqual([3.0, 4.0], list(series.values))

    def test_the_directory_is_not_written(self):
        self.write(1, segment([record(STORE, b'a', 1, 1, [1], [1])], extra=b'\x01\x02'))
        before = {n: os.stat(os.path.join(self.dir, n)).st_mtime_ns for n in os.listdir(self.dir)}
        with self.open() as s:
            s.get('a')
        self.assertEqual(before, {n: os.stat(os.path.join(self.dir, n)).st_mtime_ns for n in os.listdir(self.dir)})


if __name__ == '__main__':
    unittest.main()
