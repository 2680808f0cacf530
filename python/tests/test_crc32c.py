"""CRC-32C against published check values (RFC 3720 appendix B.4 and the CRC
catalogue's check value for "123456789"), and the vectorised numpy form against the byte-wise table."""

import os
import random
import unittest

import numpy as np

from tsstore.crc32c import crc32c, crc32c_bytes


VECTORS = [
    (b'', 0x00000000),
    (b'123456789', 0xE3069283),                       # the CRC catalogue's check value
    (bytes(32), 0x8A9136AA),                          # RFC 3720 B.4: 32 bytes of zeros
    (b'\xff' * 32, 0x62A8AB43),                       # 32 bytes of ones
    (bytes(range(32)), 0x46DD794E),                   # 32 incrementing bytes
    (bytes(range(31, -1, -1)), 0x113FDB5C),           # 32 decrementing bytes
    (b'a', 0xC1D04330),
    (b'The quick brown fox jumps over the lazy dog', 0x22620404),
]


class Crc32cVectors(unittest.TestCase):

    def test_published_vectors_bytewise(self):
        for data, expected in VECTORS:
            with self.subTest(data=data[:16]):
                self.assertEqual(expected, crc32c_bytes(data))

    def test_published_vectors_vectorised(self):
        for data, expected in VECTORS:
            with self.subTest(data=data[:16]):
                self.assertEqual(expected, crc32c(data))

    def test_continuation_equals_whole(self):
        data = os.urandom(10000)
        self.assertEqual(crc32c_bytes(data), crc32c_bytes(data[3333:], crc32c_bytes(data[:3333])))
        self.assertEqual(crc32c(data), crc32c(data[7001:], crc32c(data[:7001])))


class Crc32cVectorisedMatchesTable(unittest.TestCase):

    def test_lengths_around_every_boundary(self):
        rnd = random.Random(7)
        for n in [4095, 4096, 4097, 8191, 8192, 8200, 65536 + 7, 131072, 262151, 1 << 20]:
            data = bytes(rnd.getrandbits(8) for _ in range(n)) if n < 70000 else os.urandom(n)
            with self.subTest(n=n):
                self.assertEqual(crc32c_bytes(data), crc32c(data))

    def test_numpy_arrays_and_views(self):
        a = np.random.default_rng(3).random(50000)
        self.assertEqual(crc32c_bytes(a.tobytes()), crc32c(a))
        self.assertEqual(crc32c_bytes(a[1001:40000].tobytes()), crc32c(a[1001:40000]))

    def test_every_single_bit_flip_changes_it(self):
        data = bytearray(os.urandom(5000))
        base = crc32c(bytes(data))
        for bit in range(0, 5000 * 8, 97):
            data[bit // 8] ^= 1 << (bit % 8)
            self.assertNotEqual(base, crc32c(bytes(data)))
            data[bit // 8] ^= 1 << (bit % 8)


if __name__ == '__main__':
    unittest.main()
