"""CRC-32C (Castagnoli), in pure Python and numpy.

Python's standard library has no CRC-32C, so this module implements it twice, from the published
algorithm (reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF, as
``java.util.zip.CRC32C``):

* :func:`crc32c_bytes` -- the byte-wise table method in plain Python. Exact and simple, but slow
  (7 to 13 MB/s here): used for record headers (at most 280 bytes).
* :func:`crc32c` -- slicing-by-8 run on many lanes at once with numpy: the data is cut into equal lanes,
  each lane's CRC is computed in parallel 8 bytes a step, and the lane CRCs are combined by CRC
  arithmetic (appending ``n`` zero bytes is a linear map, applied with four byte tables). Used for the
  points of records (16 bytes a point); its speed is measured by ``python/bench/bench_get.py`` and given
  in BENCHMARKS.md.

Both return the same unsigned 32-bit value; ``tests/test_crc32c.py`` checks them against published
vectors and each other.
"""

import numpy as np

POLY = 0x82F63B78


def _make_tables():
    t0 = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ POLY if c & 1 else c >> 1
        t0.append(c)
    tables = [t0]
    for k in range(1, 8):
        prev = tables[k - 1]
        tables.append([(prev[n] >> 8) ^ t0[prev[n] & 0xFF] for n in range(256)])
    return tables


_TABLES = _make_tables()
_T0 = _TABLES[0]
_NP_TABLES = [np.array(t, dtype=np.uint32) for t in _TABLES]


def _raw_bytes(reg, data):
    """The CRC register after feeding ``data`` to register ``reg`` (no initial value or final XOR)."""
    t = _T0
    for b in data:
        reg = t[(reg ^ b) & 0xFF] ^ (reg >> 8)
    return reg


def crc32c_bytes(data, crc=0):
    """CRC-32C of ``data`` (bytes-like), continuing from ``crc``, by the byte-wise table method."""
    return _raw_bytes(crc ^ 0xFFFFFFFF, memoryview(data).cast('B')) ^ 0xFFFFFFFF


# --- CRC arithmetic: the register after n zero bytes, as a linear map over GF(2) -----------------------

def _mat_apply(mat, v):
    out = 0
    i = 0
    while v:
        if v & 1:
            out ^= mat[i]
        v >>= 1
        i += 1
    return out


def _mat_mul(a, b):
    """The map ``a o b`` (b applied first), both as lists of 32 column images."""
    return [_mat_apply(a, col) for col in b]


def _one_zero_byte():
    return [_raw_bytes(1 << i, b'\0') for i in range(32)]


_ZERO_CACHE = {}


def _zeros_matrix(n):
    """The linear map of feeding ``n`` zero bytes to the register."""
    m = _ZERO_CACHE.get(n)
    if m is not None:
        return m
    result = [1 << i for i in range(32)]
    power = _one_zero_byte()
    k = n
    while k:
        if k & 1:
            result = _mat_mul(power, result)
        k >>= 1
        if k:
            power = _mat_mul(power, power)
    if len(_ZERO_CACHE) < 256:
        _ZERO_CACHE[n] = result
    return result


def _byte_tables(mat):
    """Four 256-entry numpy tables: map(v) = T0[v & 255] ^ T1[v >> 8 & 255] ^ T2[...] ^ T3[v >> 24]."""
    out = []
    for k in range(4):
        out.append(np.array([_mat_apply(mat, b << (8 * k)) for b in range(256)], dtype=np.uint32))
    return out


def _shift_np(regs, tables):
    return (tables[0][regs & 0xFF] ^ tables[1][(regs >> 8) & 0xFF]
            ^ tables[2][(regs >> 16) & 0xFF] ^ tables[3][regs >> 24])


_LANE_TARGET = 8192     # lanes processed side by side: 32 KiB a register array, in L1/L2
_MIN_VECTOR = 4096      # below this many bytes the plain table loop is as fast


def _raw_lanes(words, lanes, lane_words):
    """Register after each lane (from 0), lanes given as uint32 words, lane-major."""
    cols = np.ascontiguousarray(words[:lanes * lane_words].reshape(lanes, lane_words).T)
    t = _NP_TABLES
    reg = np.zeros(lanes, dtype=np.uint32)
    for j in range(0, lane_words, 2):
        lo = cols[j] ^ reg
        hi = cols[j + 1]
        reg = (t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24]
               ^ t[3][hi & 0xFF] ^ t[2][(hi >> 8) & 0xFF] ^ t[1][(hi >> 16) & 0xFF] ^ t[0][hi >> 24])
    return reg


def _combine_lanes(regs, lane_bytes):
    """The register (from 0) of the lanes' bytes one after another, from each lane's register."""
    n = len(regs)
    size = 1
    while size < n:
        size <<= 1
    if size != n:
        # leading zero lanes leave a register of 0 unchanged: they pad to a power of two for free
        regs = np.concatenate([np.zeros(size - n, dtype=np.uint32), regs])
    length = lane_bytes
    while len(regs) > 1:
        pairs = regs.reshape(-1, 2)
        regs = _shift_np(pairs[:, 0], _byte_tables(_zeros_matrix(length))) ^ pairs[:, 1]
        length *= 2
    return int(regs[0])


def _raw(reg, view):
    """Register after feeding the bytes of ``view`` (a uint8 numpy array) to ``reg``."""
    n = len(view)
    if n < _MIN_VECTOR:
        return _raw_bytes(reg, view.tobytes())
    lane_bytes = max(8, (n // _LANE_TARGET) & ~7)
    lanes = n // lane_bytes
    head = lanes * lane_bytes
    words = view[:head].view('<u4')
    lane_regs = _raw_lanes(words, lanes, lane_bytes // 4)
    body = _combine_lanes(lane_regs, lane_bytes)
    reg = _mat_apply(_zeros_matrix(head), reg) ^ body
    return _raw(reg, view[head:])


def crc32c(data, crc=0):
    """CRC-32C of ``data`` (any bytes-like object or numpy array; not copied), continuing from ``crc``.

    Large inputs run vectorised with numpy (slicing-by-8 over many lanes, combined by CRC arithmetic);
    small ones by the byte-wise table.
    """
    view = np.frombuffer(data, dtype=np.uint8) if not isinstance(data, np.ndarray) else data.reshape(-1).view(np.uint8)
    return _raw(crc ^ 0xFFFFFFFF, view) ^ 0xFFFFFFFF
