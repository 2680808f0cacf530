#!/usr/bin/env python3
"""get of a 1,000,000-point series with tsstore's Python reader against numpy's own loaders, in one run.

    python3 python/bench/bench_get.py [--points N] [--rounds R]

Makes the series with numpy, saves it as a (2, N) .npy file, and has the Java side (the repository's
./tsstore import, run once, untimed) store it into an mmap store and a file store. Then, in this process,
alternating the subjects round by round and taking the median of each:

  np.load(f)                        reads the whole file into memory
  np.load(f, mmap_mode='r')         maps the file; the arrays are views
  tsstore get (mmap store)          the store open, the record's CRC-32C already checked by a first get
  tsstore get (file store)          the same for the file store
  tsstore first get (mmap store)    a new store each time: open (scan), get, which checks the CRC-32C of 16 MB
  ... verify_reads=False            the same, record headers checked only (Java's verifyReads=false)
  ... + sum                         each, then the sum of the values (every page touched)

and CRC-32C throughput (the numpy-vectorised and the byte-table form). Prints one table; BENCHMARKS.md
quotes it. Never a speed assertion: figures only.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'python'))

import tsstore  # noqa: E402
from tsstore.crc32c import crc32c, crc32c_bytes  # noqa: E402


def timed(fn, repeat):
    """Median seconds of one call of fn over `repeat` calls (after one untimed warm-up)."""
    fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--points', type=int, default=1_000_000)
    ap.add_argument('--rounds', type=int, default=15)
    ap.add_argument('--calls', type=int, default=200, help='calls per round of the fast subjects')
    ap.add_argument('--keep', action='store_true')
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix='tsstore-pybench-')
    try:
        n = args.points
        t = np.arange(n, dtype=np.float64) * 0.5
        v = np.sin(np.arange(n) * 0.001) * 1000.0
        src = os.path.join(work, 'npy')
        os.makedirs(src)
        npy = os.path.join(src, 'big.npy')
        np.save(npy, np.vstack([t, v]))
        for kind in ('mmap', 'file'):
            subprocess.run([os.path.join(ROOT, 'tsstore'), '--store', '%s:%s' % (kind, os.path.join(work, kind)),
                            'import', src], check=True, stdout=subprocess.DEVNULL,
                           env=dict(os.environ, TSSTORE_SKIP_BUILD=os.environ.get('TSSTORE_SKIP_BUILD', '1')))
        mm = tsstore.open(os.path.join(work, 'mmap'))
        fs = tsstore.open(os.path.join(work, 'file'))
        for s in (mm, fs):
            got_t, got_v = s.get('big')
            assert np.array_equal(got_t, t) and np.array_equal(got_v, v), s
        subjects = {
            'np.load(f)': lambda: np.load(npy),
            "np.load(f, mmap_mode='r')": lambda: np.load(npy, mmap_mode='r'),
            'tsstore get, mmap store': lambda: mm.get('big'),
            'tsstore get, file store': lambda: fs.get('big'),
            'np.load(f) + sum': lambda: np.load(npy)[1].sum(),
            "np.load(f, mmap_mode='r') + sum": lambda: np.load(npy, mmap_mode='r')[1].sum(),
            'tsstore get + sum, mmap store': lambda: mm.get('big')[1].sum(),
            'tsstore get + sum, file store': lambda: fs.get('big')[1].sum(),
        }
        slow = {
            'tsstore open + first get (CRC-32C checked), mmap': lambda: tsstore.open(os.path.join(work, 'mmap')).get('big'),
            'tsstore open + first get (verify_reads=False), mmap':
                lambda: tsstore.open(os.path.join(work, 'mmap'), verify_reads=False).get('big'),
            'tsstore open + first get (CRC-32C checked), file': lambda: tsstore.open(os.path.join(work, 'file')).get('big'),
        }
        samples = {k: [] for k in list(subjects) + list(slow)}
        fast = {'np.load(f)', 'np.load(f) + sum'}
        for _ in range(args.rounds):
            for name, fn in subjects.items():
                calls = 5 if name in fast or '+ sum' in name else args.calls
                t0 = time.perf_counter()
                for _ in range(calls):
                    fn()
                samples[name].append((time.perf_counter() - t0) / calls)
            for name, fn in slow.items():
                samples[name].extend(timed(fn, 1))
        data = os.urandom(16 * n)
        small = data[:1 << 20]
        crc_np = statistics.median(timed(lambda: crc32c(data), 5))
        crc_py = statistics.median(timed(lambda: crc32c_bytes(small), 3))
        base = statistics.median(samples["np.load(f, mmap_mode='r')"])
        base_sum = statistics.median(samples["np.load(f, mmap_mode='r') + sum"])
        print('%d points (%d MB of times and values), %d rounds, median per call' % (n, 16 * n // 10**6, args.rounds))
        print('%-52s %12s %10s' % ('subject', 'us/call', 'x mmap np.load'))
        for name, s in samples.items():
            m = statistics.median(s)
            ref = base_sum if '+ sum' in name else base
            print('%-52s %12.1f %10.2f' % (name, m * 1e6, m / ref))
        print('CRC-32C numpy-vectorised (slicing-by-8 over lanes): %.0f MB/s (16 MB)' % (16 * n / crc_np / 1e6))
        print('CRC-32C byte table, plain Python: %.1f MB/s (1 MiB)' % ((1 << 20) / crc_py / 1e6))
        mm.close()
        fs.close()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
