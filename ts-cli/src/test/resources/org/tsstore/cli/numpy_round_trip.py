"""The numpy half of the CSV -> put -> export npy -> numpy -> import -> get CSV round trip.

usage: numpy_round_trip.py ORIGINAL.csv EXPORTED_DIR REWRITTEN_DIR

Checks that every .npy file tsstore exported loads with numpy.load (with and without mmap_mode) as a
(2, N) float64 array equal to the original CSV, which this script parses itself, then writes the same
arrays back with numpy in every layout tsstore must read: header versions 1.0, 2.0 and 3.0,
little- and big-endian, C and Fortran order.
"""
import math
import os
import sys

import numpy as np

original_csv, exported, rewritten = sys.argv[1:4]

with open(original_csv) as f:
    lines = [l.strip() for l in f if l.strip()]
assert lines[0] == "time,value", lines[0]
t = np.array([float(l.split(",")[0]) for l in lines[1:]])
v = np.array([float(l.split(",")[1]) if l.split(",")[1] else math.nan for l in lines[1:]])

names = sorted(os.listdir(exported))
assert names, "nothing exported"
for name in names:
    path = os.path.join(exported, name)
    for mode in (None, "r"):
        a = np.load(path, mmap_mode=mode, allow_pickle=False)
        assert a.dtype == np.float64, (name, a.dtype)
        assert a.shape == (2, len(t)), (name, a.shape)
        assert np.array_equal(a[0], t), (name, "times")
        assert np.array_equal(a[1], v, equal_nan=True), (name, "values")

os.makedirs(rewritten, exist_ok=True)
variants = [
    ("v1-le-c", (1, 0), "<f8", "C"),
    ("v2-be-c", (2, 0), ">f8", "C"),
    ("v3-le-f", (3, 0), "<f8", "F"),
    ("v1-be-f", (1, 0), ">f8", "F"),
]
for stem, version, dtype, order in variants:
    a = np.asarray(np.vstack([t, v]), dtype=dtype, order=order)
    with open(os.path.join(rewritten, stem + ".npy"), "wb") as f:
        np.lib.format.write_array(f, a, version=version)
# and plain numpy.save, the way a user writes one
np.save(os.path.join(rewritten, "plain-save.npy"), np.vstack([t, v]))
print("numpy checked", len(names), "exported files and wrote", len(variants) + 1)
