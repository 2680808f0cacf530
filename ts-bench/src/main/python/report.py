#!/usr/bin/env python3
"""Turns a BenchRunner result directory into the tables of BENCHMARKS.md and a chart of the ratios.

Usage: report.py RESULTS_DIR   (reads raw.csv, machine.txt, keydir.txt, alloc.csv; writes report.md, ratios.svg)

Ratios are time ratios tsstore/peer per round (the two measured next to each other), summarised as the median
and min-max over rounds: below 1 tsstore is faster. Only the standard library is used.
"""
import csv
import math
import os
import re
import statistics
import sys
from collections import defaultdict


def fmt(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if x >= 100:
        return "{:,.0f}".format(x)
    if x >= 10:
        return "{:.1f}".format(x)
    if x >= 1:
        return "{:.2f}".format(x)
    return "{:.3g}".format(x)


def spread(values):
    values = [v for v in values if not math.isnan(v)]
    if not values:
        return None
    return statistics.median(values), min(values), max(values)


def cell(s):
    return "n/a" if s is None else "%s (%s–%s)" % (fmt(s[0]), fmt(s[1]), fmt(s[2]))


def load(directory):
    rows = []
    with open(os.path.join(directory, "raw.csv")) as f:
        for r in csv.DictReader(f):
            r["round"] = int(r["round"])
            r["ms"] = float(r["ms"])
            r["megabytes"] = float(r["megabytes"])
            r["series"] = int(r["series"])
            rows.append(r)
    return rows


# (workload, ours, peer, bound on the median time ratio ours/peer, description)
RATIO_TARGETS = [
    ("get-1M", "mmap", "numpy", 0.01, "mmap get 1M: >= 100x faster than np.load"),
    ("get-mean-1M", "mmap", "numpy-mmap", 1.0, "mmap get+mean 1M: no slower than np.load(mmap_mode='r')[1].mean()"),
    ("mean-steady-1M", "mmap", "numpy-sum", 1.25, "mmap steady mean(): >= 0.8x numpy in-memory .sum() throughput"),
    ("mean-steady-1M", "mmap", "numpy-sum", 1.0, "mmap steady mean(): at most numpy's in-memory .sum() time"),
    ("mean-steady-1M", "memory", "numpy-sum", 1.0, "memory steady mean(): at most numpy's in-memory .sum() time"),
    ("expr-10M", "mmap", "numpy-mmap", 0.5, "((a + b) * 2).mean() over mmap views: <= 0.5x numpy on mapped arrays"),
    ("std-10M", "mmap", "numpy-std", 1.25, "mmap std() of 10M: within 1.25x of np.std"),
    ("std-10M", "memory", "numpy-std", 1.25, "memory std() of 10M: within 1.25x of np.std"),
    ("store-1M-fresh", "file", "numpy", 1.0, "file store 1M (fresh pages): no slower than np.save"),
    ("store-1M-recycled", "file", "numpy", 1.0, "file store 1M (recycled pages): no slower than np.save"),
    ("store-1M-fresh", "mmap", "numpy", 1.0, "mmap store 1M (fresh pages): no slower than np.save"),
    ("store-1M-recycled", "mmap", "numpy", 1.0, "mmap store 1M (recycled pages): no slower than np.save"),
    ("store-1M-fresh", "file", "nio", 1.25, "file store 1M (fresh): >= 0.8x FileChannel write"),
    ("store-1M-recycled", "file", "nio", 1.25, "file store 1M (recycled): >= 0.8x FileChannel write"),
    ("store-1M-fresh", "mmap", "nio", 1.25, "mmap store 1M (fresh): >= 0.8x FileChannel write"),
    ("store-1M-recycled", "mmap", "nio", 1.25, "mmap store 1M (recycled): >= 0.8x FileChannel write"),
    ("get-1M", "file-nocache", "nio", 1.0, "file get 1M (no cache): faster than FileChannel read"),
    ("get-1M", "file-nocache", "rocksdb", 1.0, "file get 1M (no cache): faster than RocksDB"),
    ("get-1M", "file-nocache", "mvstore", 1.0, "file get 1M (no cache): faster than MVStore"),
    ("get-1M", "file-nocache", "numpy", 1.5, "file get 1M (no cache): within 1.5x of np.load"),
    ("store-10k-fresh", "mmap", "numpy", 0.1, "mmap store 10k x 100 (fresh): >= 10x numpy one .npy each"),
    ("store-10k-recycled", "mmap", "numpy", 0.1, "mmap store 10k x 100 (recycled): >= 10x numpy one .npy each"),
    ("store-10k-fresh", "mmap", "rocksdb", 0.5, "mmap store 10k x 100 (fresh): >= 2x RocksDB puts"),
    ("store-10k-recycled", "mmap", "rocksdb", 0.5, "mmap store 10k x 100 (recycled): >= 2x RocksDB puts"),
    ("get-10k", "mmap", "rocksdb", 1.0, "mmap get 10k x 100: faster than RocksDB"),
    ("get-10k", "mmap", "mvstore", 1.0, "mmap get 10k x 100: faster than MVStore"),
    ("store-10k-fresh", "file", "numpy", 1.0, "file store 10k x 100 (fresh): no slower than numpy one .npy each"),
    ("store-10k-recycled", "file", "numpy", 1.0, "file store 10k x 100 (recycled): no slower than numpy one .npy each"),
    ("sync-each", "file", "rocksdb", 1.0, "file durability=sync, one fsync per series: no slower than RocksDB sync puts"),
    ("sync-each", "mmap", "rocksdb", 1.0, "mmap durability=sync, one fsync per series: no slower than RocksDB sync puts"),
    ("sync-batch", "file-batch", "rocksdb-batch", 1.0, "file storeAll 10k x 100, durability=sync: no slower than a RocksDB WriteBatch with sync"),
    ("sync-batch", "mmap-batch", "rocksdb-batch", 1.0, "mmap storeAll 10k x 100, durability=sync: no slower than a RocksDB WriteBatch with sync"),
    # growing series beside the peers (issue 18)
    ("ingest-10kx100-os", "mmap", "questdb", 1.0, "mmap ingest 10k x 100 ticks, durability=os: at least QuestDB's points/s"),
    ("ingest-10kx100-os", "mmap", "rocksdb", 0.5, "mmap ingest 10k x 100 ticks, durability=os: >= 2x RocksDB WriteBatch points/s"),
    ("ingest-10kx100-sync", "mmap", "questdb", 1.0, "mmap ingest 10k x 100 ticks, durability=sync: no slower than QuestDB commit mode SYNC"),
    ("ingest-10kx100-sync", "mmap", "rocksdb", 1.0, "mmap ingest 10k x 100 ticks, durability=sync: no slower than RocksDB synced WriteBatch"),
    ("range-1pct-10M", "mmap", "questdb", 1.0, "mmap range 1% of 10M + mean: faster than QuestDB SQL avg"),
    ("range-1pct-10M", "mmap", "duckdb", 1.0, "mmap range 1% of 10M + mean: faster than DuckDB SQL avg"),
    ("range-1pct-10M", "mmap", "rocksdb", 1.0, "mmap range 1% of 10M + mean: faster than a RocksDB range scan"),
    ("range-1pct-10M", "mmap", "numpy-mmap", 1.2, "mmap range 1% of 10M + mean: within 1.2x of numpy mmap searchsorted + slice mean"),
    ("scan-mean-10M", "mmap", "questdb", 1.25, "mmap mean of a 10M series: within 1.25x of QuestDB's vectorised avg"),
    ("scan-mean-10M", "mmap", "numpy-mmap", 1.25, "mmap mean of a 10M series: within 1.25x of numpy mmap .mean()"),
]

# targets this harness cannot measure, and why
NOT_MEASURED = [
    ("Redis Cluster ingest 10k x 100 pipelined (appendAll): >= 10x one append per series per tick",
     "run.sh starts no Redis Cluster (redis-cluster-bench.sh does, and needs redis-server on the PATH)"),
]

# the numpy side of ingest-10kx100-os runs at this fraction of the series (a rewrite of every file per tick)
NUMPY_INGEST_FRACTION = 0.01

# what each subject ran under in the growing-series workloads, by (durability, subject)
SETTINGS = {
    ("os", "memory"): "heap only, appendAll per tick",
    ("os", "mmap"): "durability=os, appendAll per tick",
    ("sync", "mmap"): "durability=sync (a force per appendAll)",
    ("os", "questdb"): "TableWriter, BYPASS WAL, commit() per tick, commit mode NOSYNC (default)",
    ("sync", "questdb"): "TableWriter, BYPASS WAL, commit() per tick, commit mode SYNC",
    ("os", "duckdb"): "Appender, flush() (a commit) per tick, default settings",
    ("sync", "duckdb"): "Appender, flush() then CHECKPOINT per tick",
    ("os", "rocksdb"): "one WriteBatch per tick, default options, WriteOptions.sync=false",
    ("sync", "rocksdb"): "one WriteBatch per tick, default options, WriteOptions.sync=true",
    ("os", "numpy"): "np.save of each series' whole file per tick; 1/100 of the series",
}

# (workload, subject, against workload, against subject, bound, text): a ratio of two of our own runs
SELF_TARGETS = [
    ("append-1-to-10M", "mmap", "append-1-to-1k", "mmap", 1.5, "mmap append 1 point to a 10M series: within 1.5x of to a 1k one"),
    ("append-1-to-10M", "file", "append-1-to-1k", "file", 1.5, "file append 1 point to a 10M series: within 1.5x of to a 1k one"),
    ("append-1-to-10M", "memory", "append-1-to-1k", "memory", 1.5, "memory append 1 point to a 10M series: within 1.5x of to a 1k one"),
    ("append-1-to-10M", "questdb", "append-1-to-1k", "questdb", 1.5, "QuestDB append 1 row (a commit) to a 10M table: within 1.5x of to a 1k one"),
    ("storeAll-10k", "mmap", "storeEach-10k", "mmap", 1.0, "mmap storeAll 10k x 100: faster than one store per series"),
    ("storeAll-10k", "file", "storeEach-10k", "file", 1.0, "file storeAll 10k x 100: faster than one store per series"),
    ("sync-4-thread", "mmap", "sync-1-thread", "mmap", 0.5, "mmap durability=sync, 4 threads: >= 2x one thread's throughput"),
    ("sync-4-thread", "file", "sync-1-thread", "file", 0.5, "file durability=sync, 4 threads: >= 2x one thread's throughput"),
]


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "ts-bench/target/results"
    rows = load(directory)
    out = []
    machine = open(os.path.join(directory, "machine.txt")).read().strip() if os.path.exists(
        os.path.join(directory, "machine.txt")) else ""
    out.append("Run: " + "; ".join(machine.splitlines()))
    out.append("")

    by = defaultdict(dict)  # (workload, impl) -> round -> ms
    order = []
    meta = {}
    for r in rows:
        key = (r["workload"], r["impl"])
        if key not in by:
            order.append(key)
        by[key][r["round"]] = r["ms"]
        meta[r["workload"]] = (r["megabytes"], r["series"])
        meta[key] = r["side"]

    out.append("### Times (median (min–max) over rounds)")
    out.append("")
    out.append("| workload | subject | side | ms per op | MB/s | series/s |")
    out.append("|---|---|---|---|---|---|")
    for key in order:
        w, impl = key
        mb, n = meta[w]
        ms = list(by[key].values())
        s = spread(ms)
        thr = spread([mb / (m / 1000.0) for m in ms]) if mb > 0 else None
        ser = spread([n / (m / 1000.0) for m in ms]) if n > 1 else None
        out.append("| %s | %s | %s | %s | %s | %s |" % (w, impl, meta[key], cell(s),
                                                       cell(thr) if thr else "", cell(ser) if ser else ""))
    out.append("")

    ratios = {}
    out.append("### Ratios: time tsstore / time peer, per round; median (min–max). Below 1: tsstore faster")
    out.append("")
    out.append("| workload | tsstore | peer | pairs | ratio |")
    out.append("|---|---|---|---|---|")
    for w in dict.fromkeys(k[0] for k in order):
        ours = [k[1] for k in order if k[0] == w and meta[k] == "ours"]
        peers = [k[1] for k in order if k[0] == w and meta[k] == "peer"]
        for o in ours:
            for p in peers:
                if w.startswith("ingest-") and p == "numpy":
                    continue  # another size: compared in points per second only
                rs = [by[(w, o)][r] / by[(w, p)][r] for r in by[(w, o)] if r in by[(w, p)]]
                s = spread(rs)
                ratios[(w, o, p)] = s
                out.append("| %s | %s | %s | %d | %s |" % (w, o, p, len([x for x in rs if not math.isnan(x)]), cell(s)))
    out.append("")

    out.append("### Targets")
    out.append("")
    out.append("| target | bound (time ratio) | measured median (min–max) | met |")
    out.append("|---|---|---|---|")
    for w, o, p, bound, text in RATIO_TARGETS:
        s = ratios.get((w, o, p))
        if s is None:
            out.append("| %s | <= %s | not measured | – |" % (text, fmt(bound)))
            continue
        met = "yes" if s[0] <= bound else "NO (%.1fx over)" % (s[0] / bound)
        out.append("| %s | <= %s | %s | %s |" % (text, fmt(bound), cell(s), met))
    for w, o, w2, o2, bound, text in SELF_TARGETS:
        a, b = by.get((w, o)), by.get((w2, o2))
        if not a or not b:
            out.append("| %s | <= %s | not measured | – |" % (text, fmt(bound)))
            continue
        s = spread([a[r] / b[r] for r in a if r in b])
        met = "yes" if s[0] <= bound else "NO (%.1fx over)" % (s[0] / bound)
        out.append("| %s | <= %s | %s | %s |" % (text, fmt(bound), cell(s), met))
    for impl in ("memory", "mmap", "file"):
        runs = by.get(("appendAll-10k", impl))
        if runs:
            mb, n = meta["appendAll-10k"]
            points = mb / 16e-6
            s = spread([points / (m / 1000.0) for m in runs.values()])
            out.append("| %s appendAll, %d series x %d ticks of one point: points per second | – | %s | – |" % (
                impl, n, round(points / n), cell(s)))
    for text, why in NOT_MEASURED:
        out.append("| %s | – | not measured: %s | – |" % (text, why))
    reopen = by.get(("reopen-1M", "mmap"))
    s = spread(list(reopen.values())) if reopen else None
    if s:
        out.append("| reopen of the mmap store (%d series): under 1 s | < 1000 ms | %s ms | %s |" % (
            meta["reopen-1M"][1], cell(s), "yes" if s[0] < 1000 else "NO (%.1fx over)" % (s[0] / 1000)))
    kd = os.path.join(directory, "keydir.txt")
    if os.path.exists(kd):
        per, ids, n = [], [], 0
        for line in open(kd):
            m = re.search(r"series=(\d+) found=(\d+) bytesPerSeries=([\d.eE+-]+) idBytes=([\d.]+)", line)
            if m:
                n = int(m.group(1))
                per.append(float(m.group(3)))
                ids.append(float(m.group(4)))
        s = spread([b - i for b, i in zip(per, ids)]) if per else None
        if s:
            out.append("| key directory (%d series): under 100 B per series + id bytes (%.2f B) | < 100 B | %s B + id | %s |" % (
                n, ids[0], cell(s), "yes" if s[0] < 100 else "NO (%.1fx over)" % (s[0] / 100)))
    out.extend(growing(by, meta))
    alloc = os.path.join(directory, "alloc.csv")
    if os.path.exists(alloc):
        out.append("")
        out.append("### Allocation per operation (JMH gc profiler, gc.alloc.rate.norm, median over rounds)")
        out.append("")
        out.append("| workload | subject | bytes per op |")
        out.append("|---|---|---|")
        a = defaultdict(list)
        for r in csv.DictReader(open(alloc)):
            a[(r["workload"], r["impl"])].append(float(r["bytes"]))
        for (w, impl), v in a.items():
            out.append("| %s | %s | %s |" % (w, impl, fmt(statistics.median(v))))
    text = "\n".join(out) + "\n"
    with open(os.path.join(directory, "report.md"), "w") as f:
        f.write(text)
    svg(ratios, os.path.join(directory, "ratios.svg"))
    print(text)
    print("chart: " + os.path.join(directory, "ratios.svg"))


def growing(by, meta):
    """The tables of the growing-series workloads: ingestion in points/s with each subject's setting, one-point
    appends by series length, and the range queries in microseconds."""
    out = []
    ingest = [w for w in ("ingest-10kx100-os", "ingest-10kx100-sync", "ingest-1x10M") if any(k[0] == w for k in by)]
    if ingest:
        out += ["", "### Ingestion: points per second, median (min–max) over rounds", "",
                "| workload | subject | setting | points/s |", "|---|---|---|---|"]
        for w in ingest:
            durability = "sync" if w.endswith("-sync") else "os"
            for (w2, impl), runs in by.items():
                if w2 != w:
                    continue
                points = meta[w][0] / 16e-6
                if impl == "numpy":
                    points *= NUMPY_INGEST_FRACTION
                setting = SETTINGS.get((durability, impl), "")
                if w == "ingest-1x10M":
                    setting = setting.replace("appendAll per tick", "one append per 1,000 points").replace(
                        "per tick", "per append of 1,000 points")
                s = spread([points / (m / 1000.0) for m in runs.values()])
                out.append("| %s | %s | %s | %s |" % (w, impl, setting, cell(s)))
    sizes = [w for w in ("append-1-to-1k", "append-1-to-100k", "append-1-to-10M") if any(k[0] == w for k in by)]
    if sizes:
        out += ["", "### One point appended: microseconds per append, median (min–max)", "",
                "| subject | " + " | ".join(sizes) + " | 10M / 1k per round, median (min–max) |",
                "|---|" + "---|" * (len(sizes) + 1)]
        for impl in dict.fromkeys(k[1] for k in by if k[0] in sizes):
            cells = [cell(spread([1000.0 * m for m in by[(w, impl)].values()])) if (w, impl) in by else "n/a"
                     for w in sizes]
            a, b = by.get(("append-1-to-10M", impl)), by.get(("append-1-to-1k", impl))
            ratio = cell(spread([a[r] / b[r] for r in a if r in b])) if a and b else "n/a"
            out.append("| %s | %s | %s |" % (impl, " | ".join(cells), ratio))
    reads = [w for w in ("range-1pct-10M", "range-last-hour", "scan-mean-10M") if any(k[0] == w for k in by)]
    if reads:
        out += ["", "### Range queries: microseconds per query (range-last-hour: per 1,000 queries), median (min–max)", "",
                "| workload | subject | µs | mmap / subject per round |", "|---|---|---|---|"]
        for w in reads:
            for (w2, impl), runs in by.items():
                if w2 != w:
                    continue
                mm = by.get((w, "mmap"), {})
                ratio = spread([mm[r] / runs[r] for r in runs if r in mm]) if impl != "mmap" else None
                out.append("| %s | %s | %s | %s |" % (w, impl, cell(spread([1000.0 * m for m in runs.values()])),
                                                     cell(ratio) if ratio else "–"))
    return out


def svg(ratios, path):
    """Horizontal bars of the median time ratio (log scale) with min-max whiskers, file and mmap vs every peer."""
    items = [(k, v) for k, v in ratios.items() if v is not None and k[1] in ("file", "file-nocache", "mmap")]
    lo, hi = 1e-4, 1e3
    for _, v in items:
        lo = min(lo, v[1])
        hi = max(hi, v[2])
    lo = 10 ** math.floor(math.log10(lo))
    hi = 10 ** math.ceil(math.log10(hi))
    left, width, row, top = 360, 560, 16, 50
    height = top + row * len(items) + 40

    def x(v):
        return left + width * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    e = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
         % (left + width + 20, height),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="10" y="18" font-size="14">tsstore time / peer time, median and min–max over rounds '
         '(log scale; left of 1 = tsstore faster)</text>']
    d = lo
    while d <= hi * 1.001:
        e.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>' % (
            x(d), top - 8, x(d), height - 30, "#000" if abs(d - 1) < 1e-9 else "#ddd"))
        e.append('<text x="%.1f" y="%d" text-anchor="middle">%g</text>' % (x(d), height - 16, d))
        d *= 10
    for i, ((w, o, p), (med, mn, mx)) in enumerate(items):
        y = top + i * row
        colour = "#2a7" if med <= 1 else "#c44"
        e.append('<text x="%d" y="%d" text-anchor="end">%s: %s / %s</text>' % (left - 6, y + 4, w, o, p))
        e.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" opacity="0.7"/>' % (
            min(x(med), x(1)), y - 5, abs(x(med) - x(1)), 10, colour))
        e.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#000"/>' % (x(mn), y, x(mx), y))
    e.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(e) + "\n")


if __name__ == "__main__":
    main()
