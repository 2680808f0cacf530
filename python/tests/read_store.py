"""Prints what tsstore's Python reader reads from a store, for the Java tests (PythonReaderTest) to compare
bit for bit with the arrays they wrote. Usage:

    python3 read_store.py STORE_DIR COMMAND...

Commands: ``all`` (every listed id, whole), ``get:IDHEX``, ``range:IDHEX:START:STOP`` (floats as Java's
Double.toString writes them), ``follow:SECONDS`` (refresh and read every id until STORE_DIR/stop exists or
the seconds pass). Ids travel as the hex of their UTF-8 bytes. Lines:

    IDS n                                     the number of ids listed
    SERIES idhex n timeshex valueshex ro mapped   (the bytes little-endian; ro/mapped 1 or 0)
    MISSING idhex                             KeyError
    DAMAGED idhex message                     DamagedError (message on one line)
    READ round idhex n sha256                 one read while following
"""

import hashlib
import mmap
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

import numpy as np  # noqa: E402
import tsstore  # noqa: E402


def mapped(a):
    base = a
    while base is not None:
        if isinstance(base, mmap.mmap):
            return 1
        base = getattr(base, 'base', None) if not isinstance(base, memoryview) else base.obj
    return 0


def le(a):
    return np.ascontiguousarray(a, dtype='<f8').tobytes().hex()


def series(store, idhex, start=None, stop=None):
    id = bytes.fromhex(idhex).decode('utf-8')
    try:
        t, v = store.get(id, start, stop)
    except KeyError:
        print('MISSING', idhex)
        return
    except tsstore.DamagedError as e:
        print('DAMAGED', idhex, str(e).replace('\n', ' '))
        return
    ro = int(not t.flags.writeable and not v.flags.writeable)
    print('SERIES', idhex, len(t), le(t) or '-', le(v) or '-', ro, int(mapped(t) and mapped(v)))


def follow(path, seconds):
    deadline = time.monotonic() + seconds
    stop = os.path.join(path, 'stop')
    rounds = 0
    with tsstore.open(path) as store:
        while time.monotonic() < deadline and not os.path.exists(stop):
            store.refresh()
            rounds += 1
            for id in store.ids():
                try:
                    t, v = store.get(id)
                except KeyError:
                    continue  # listed, then deleted by a refresh? never: ids() and get() share one view
                digest = hashlib.sha256(le(t).encode() + b'/' + le(v).encode()).hexdigest()
                print('READ', rounds, id.encode().hex(), len(t), digest, flush=True)
    print('ROUNDS', rounds, flush=True)


def main(argv):
    path = argv[1]
    commands = argv[2:]
    if commands and commands[0].startswith('follow:'):
        follow(path, float(commands[0].split(':')[1]))
        return
    with tsstore.open(path) as store:
        ids = store.ids()
        print('IDS', len(ids))
        for c in commands:
            if c == 'all':
                for id in ids:
                    series(store, id.encode('utf-8').hex())
            elif c.startswith('get:'):
                series(store, c[4:])
            elif c.startswith('range:'):
                _, idhex, start, stop = c.split(':')
                series(store, idhex, float(start), float(stop))
            else:
                raise SystemExit('unknown command ' + c)


if __name__ == '__main__':
    main(sys.argv)
