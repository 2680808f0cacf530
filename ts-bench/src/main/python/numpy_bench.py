#!/usr/bin/env python3
"""numpy side of the tsstore benchmarks: one workload for one numpy case, timed like the JMH side.

Started by BenchRunner once per round and workload, so numpy runs interleaved with the Java subjects.
Prints the mean milliseconds per operation as `ms=<value>` on its last line.

Stores are single shots, each into a new directory made untimed; with the regime `recycled` the previous
iteration's output is deleted (untimed) first, with `fresh` it stays until the run ends. Reads are timed as an
average over repeated calls after a warm-up, like JMH's AverageTime.
"""
import argparse
import os
import shutil
import tempfile
import time

import numpy as np


def series(points, seed):
    t = np.arange(points, dtype=np.float64) + seed
    i = np.arange(points)
    v = np.sin(0.001 * i + seed) * 1000.0 + (i % 7)
    return np.vstack([t, v])  # (2, N), C order, built untimed: what a numpy user holds


def single_shot(args, prefix, op, warmup, iterations, recycled):
    """Mean ms of `iterations` single calls of op(dir), each into a new directory, after `warmup` calls."""
    previous = None
    times = []
    for k in range(warmup + iterations):
        if recycled and previous is not None:
            shutil.rmtree(previous)
        d = tempfile.mkdtemp(prefix=prefix + "-", dir=args.dir)
        t0 = time.perf_counter()
        op(d)
        elapsed = time.perf_counter() - t0
        if k >= warmup:
            times.append(elapsed)
        previous = d
    return 1000.0 * sum(times) / len(times)


def average(op, warmup_s, measure_s):
    """Mean ms per call of op() over at least measure_s seconds, after warmup_s seconds of calls."""
    end = time.perf_counter() + warmup_s
    while time.perf_counter() < end:
        op()
    n = 0
    t0 = time.perf_counter()
    while True:
        op()
        n += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= measure_s:
            return 1000.0 * elapsed / n


def fsync_file(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check(args, what, count, mean):
    """One count,mean line for BenchRunner's comparison across subjects."""
    if args.check:
        with open(args.check, "a") as f:
            f.write("%s,%d,%.17g\n" % (what, count, mean))


def grown(points, seed):
    """Times 0, 1, ... and the values of SampleSeries.values(points, seed): the growing workloads' series."""
    i = np.arange(points)
    return np.vstack([i.astype(np.float64), np.sin(0.001 * i + seed) * 1000.0 + (i % 7)])


def ingest_ticks(args, warm, iters):
    """One point per series per tick, each series' .npy rewritten per tick (numpy has no append): a tenth of the
    hundredth of the series, since a rewrite per point costs about a millisecond."""
    n = max(8, args.many // 100)
    state = {}

    def op(d):
        paths = [os.path.join(d, str(i) + ".npy") for i in range(n)]
        held = [np.empty((2, 0)) for _ in range(n)]
        for t in range(args.ticks):
            for i in range(n):
                held[i] = np.concatenate([held[i], [[t], [i + 0.5 * t]]], axis=1)
                np.save(paths[i], held[i])
        state["d"] = d

    ms = single_shot(args, "np-ingest", op, warm, iters, False)
    a = np.load(os.path.join(state["d"], "7.npy"))
    check(args, "series 7", a.shape[1], a[1].mean())
    print("numpy ingest ran %d series x %d ticks (the Java subjects %d series)" % (n, args.ticks, args.many))
    return ms


def ranges(args, w, rwarm, rmeas):
    """The range workloads over memory-mapped .npy files, mapped anew in every call like a get."""
    d = tempfile.mkdtemp(prefix="np-range-", dir=args.dir)
    if w == "range-last-hour":
        paths = [os.path.join(d, str(i) + ".npy") for i in range(args.hour_series)]
        for i, path in enumerate(paths):
            np.save(path, grown(args.hour_points, i))

        def last(path):
            a = np.load(path, mmap_mode="r")
            t = a[0]
            tail = a[1][np.searchsorted(t, t[-1] - 3599):]
            return len(tail), tail.mean()

        results = [last(path) for path in paths]
        check(args, "last hour of %d series: points, mean of means" % len(paths), sum(c for c, _ in results),
              sum(m for _, m in results) / len(paths))
        op = lambda: sum(last(path)[1] for path in paths)
    else:
        f = os.path.join(d, "large.npy")
        np.save(f, grown(args.grow, 0))
        lo = args.grow // 2
        hi = lo + args.grow // 100

        def window():
            a = np.load(f, mmap_mode="r")
            t = a[0]
            return a[1][np.searchsorted(t, lo):np.searchsorted(t, hi)]

        if w == "range-1pct-10M":
            s = window()
            check(args, "range", len(s), s.mean())
            op = lambda: window().mean()
        else:
            v = np.load(f, mmap_mode="r")[1]
            check(args, "scan", len(v), v.mean())
            op = lambda: np.load(f, mmap_mode="r")[1].mean()
    return average(op, rwarm, rmeas)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workload", required=True)
    p.add_argument("--impl", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--large", type=int, default=1_000_000)
    p.add_argument("--many", type=int, default=10_000)
    p.add_argument("--many-points", type=int, default=100)
    p.add_argument("--sync-series", type=int, default=1000)
    p.add_argument("--expr", type=int, default=10_000_000)
    p.add_argument("--grow", type=int, default=10_000_000)
    p.add_argument("--hour-series", type=int, default=1000)
    p.add_argument("--hour-points", type=int, default=100_000)
    p.add_argument("--ticks", type=int, default=100)
    p.add_argument("--check", help="file for the count,mean lines BenchRunner compares across subjects")
    p.add_argument("--smoke", action="store_true")
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    w, impl = args.workload, args.impl
    warm, iters = (0, 1) if args.smoke else (2, 4)
    rwarm, rmeas = (0.05, 0.1) if args.smoke else (0.6, 1.2)

    if w.startswith("store-1M-"):
        a = series(args.large, 0)
        ms = single_shot(args, "np-large-store", lambda d: np.save(os.path.join(d, "large.npy"), a),
                         warm, iters, w.endswith("recycled"))
    elif w in ("get-1M", "get-mean-1M", "mean-steady-1M"):
        a = series(args.large, 0)
        d = tempfile.mkdtemp(prefix="np-large-read-", dir=args.dir)
        f = os.path.join(d, "large.npy")
        np.save(f, a)
        mmap = "r" if impl == "numpy-mmap" else None
        if w == "get-1M":
            op = lambda: np.load(f, mmap_mode=mmap)
        elif w == "get-mean-1M":
            op = lambda: np.load(f, mmap_mode=mmap)[1].mean()
        elif impl == "numpy-sum":
            loaded = np.load(f)
            op = lambda: loaded[1].sum()
        else:
            raise SystemExit("unknown impl " + impl + " for " + w)
        ms = average(op, rwarm, rmeas)
    elif w in ("expr-10M", "std-10M"):
        a = series(args.expr, 0)
        b = np.vstack([a[0], series(args.expr, 1)[1]])  # the same times, other values
        d = tempfile.mkdtemp(prefix="np-reduce-", dir=args.dir)
        fa, fb = os.path.join(d, "a.npy"), os.path.join(d, "b.npy")
        np.save(fa, a)
        np.save(fb, b)
        del a, b
        if w == "std-10M" and impl == "numpy-std":
            va = np.load(fa)[1]
            op = lambda: np.std(va)
        elif w == "expr-10M" and impl in ("numpy", "numpy-mmap"):
            mmap = "r" if impl == "numpy-mmap" else None
            va, vb = np.load(fa, mmap_mode=mmap)[1], np.load(fb, mmap_mode=mmap)[1]
            op = lambda: ((va + vb) * 2).mean()  # two 80 MB temporaries, as a numpy user writes it
        else:
            raise SystemExit("unknown impl " + impl + " for " + w)
        ms = average(op, rwarm, rmeas)
    elif w.startswith("store-10k-"):
        arrays = [series(args.many_points, i) for i in range(args.many)]
        names = [str(i) for i in range(args.many)]
        if impl == "numpy":
            def op(d):
                for name, a in zip(names, arrays):
                    np.save(os.path.join(d, name + ".npy"), a)
        else:
            def op(d):
                np.savez(os.path.join(d, "all.npz"), **dict(zip(names, arrays)))
        ms = single_shot(args, "np-many-store", op, warm, iters, w.endswith("recycled"))
    elif w in ("get-10k", "get-mean-10k"):
        arrays = [series(args.many_points, i) for i in range(args.many)]
        names = [str(i) for i in range(args.many)]
        d = tempfile.mkdtemp(prefix="np-many-read-", dir=args.dir)
        mean = w == "get-mean-10k"
        if impl == "numpy":
            paths = []
            for name, a in zip(names, arrays):
                paths.append(os.path.join(d, name + ".npy"))
                np.save(paths[-1], a)

            def op():
                for path in paths:
                    a = np.load(path)
                    if mean:
                        a[1].mean()
        else:
            f = os.path.join(d, "all.npz")
            np.savez(f, **dict(zip(names, arrays)))

            def op():
                with np.load(f) as z:
                    for name in names:
                        a = z[name]
                        if mean:
                            a[1].mean()
        ms = average(op, rwarm, rmeas)
    elif w == "sync-each":
        arrays = [series(args.many_points, i) for i in range(args.sync_series)]

        def op(d):
            for i, a in enumerate(arrays):
                with open(os.path.join(d, str(i) + ".npy"), "wb") as fh:
                    np.save(fh, a)
                    fh.flush()
                    os.fsync(fh.fileno())
        ms = single_shot(args, "np-sync-each", op, 0 if args.smoke else 1, 1 if args.smoke else 3, False)
    elif w == "sync-bulk":
        arrays = [series(args.many_points, i) for i in range(args.many)]
        names = [str(i) for i in range(args.many)]

        def op(d):
            f = os.path.join(d, "all.npz")
            np.savez(f, **dict(zip(names, arrays)))
            fsync_file(f)
            fsync_file(d)
        ms = single_shot(args, "np-sync-bulk", op, 0 if args.smoke else 1, 1 if args.smoke else 3, False)
    elif w == "ingest-10kx100-os":
        ms = ingest_ticks(args, warm, iters) if args.smoke else ingest_ticks(args, 1, 2)
    elif w in ("range-1pct-10M", "range-last-hour", "scan-mean-10M") and impl == "numpy-mmap":
        ms = ranges(args, w, rwarm, rmeas)
    else:
        raise SystemExit("unknown workload " + w)
    print("numpy %s %s %s" % (np.__version__, w, impl))
    print("ms=%.6f" % ms)


if __name__ == "__main__":
    main()
