"""tsstore for Python: read-only, zero-copy access to tsstore's ``mmap`` and ``file`` stores with numpy.

    >>> import tsstore
    >>> times, values = tsstore.open('data/ts').get('sensor-1')

``open`` takes a store directory: an ``mmap`` store (``NNNNNNNNNN.seg`` segments, read as
ts-storage-mmap/FORMAT.md describes) or a ``file`` store (``index.journal``/``index.snapshot`` and one
``.npy`` file per series). The store is never written and no lock is taken, so a Java process may be
writing it meanwhile: the reader sees what the writer acknowledged up to the moment it opened, or up to
its last ``refresh()``.

``ids()`` lists the series; ``size(id)`` counts its points; ``get(id)`` gives ``(times, values)``,
read-only float64 numpy arrays viewing the mapped file (no copy), and ``get(id, start, stop)`` the points
with ``start <= t < stop``; a missing id raises ``KeyError``; a damaged record or a series that lost
records may have made older raises ``DamagedError`` (never served); ``to_pandas(id)`` gives a
``pandas.Series`` when pandas is installed; ``close()``, or use as a context manager.
"""

import os

from .crc32c import crc32c
from .errors import DamagedError, FormatError, StoreError
from .filestore import FileStore, series_file
from .mmapstore import MmapStore

__all__ = ['open', 'Store', 'StoreError', 'DamagedError', 'FormatError', 'crc32c', 'series_file']
__version__ = '0.1.0'


class Store:
    """A store opened read-only by :func:`open`; delegates to the reader of its kind."""

    def __init__(self, reader):
        self._reader = reader

    @property
    def kind(self):
        """``'mmap'`` or ``'file'``."""
        return self._reader.kind

    @property
    def path(self):
        return self._reader.path

    def ids(self):
        """The ids of the stored series, sorted, as a list of str."""
        return self._reader.ids()

    def size(self, id):
        """The number of points of series ``id``; KeyError when it is not stored."""
        return self._reader.size(id)

    def get(self, id, start=None, stop=None):
        """``(times, values)`` of series ``id``, read-only float64 arrays (views of the mapped file), or
        only the points with ``start <= t < stop``; KeyError when it is not stored, DamagedError when it
        cannot be served."""
        return self._reader.get(id, start, stop)

    def to_pandas(self, id, start=None, stop=None):
        """The series as a ``pandas.Series`` of values indexed by time (needs pandas, which this package
        does not require)."""
        try:
            import pandas
        except ImportError as e:
            raise ImportError('to_pandas needs pandas, which is not installed (pip install pandas)') from e
        times, values = self.get(id, start, stop)
        return pandas.Series(values, index=pandas.Index(times, name='time'), name=id, copy=False)

    def refresh(self):
        """Reads the store again, to see what a writer acknowledged since; arrays handed out stay valid."""
        self._reader.refresh()

    def __contains__(self, id):
        """Whether series ``id`` is stored; DamagedError, as ``get``, when a damaged one cannot say."""
        try:
            self._reader.size(id)
            return True
        except KeyError:
            return False

    def close(self):
        """Releases the mappings (those still viewed by arrays handed out live on with the arrays)."""
        self._reader.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return 'tsstore.Store(%r, kind=%r)' % (self.path, self.kind)


def open(path, verify_reads=True):
    """Opens the store directory ``path`` read-only: an ``mmap`` or a ``file`` store, told by its files.

    ``verify_reads`` is the Java option ``verifyReads``: ``True`` (the default) checks the data CRC-32C of a
    record at its first ``get`` (42 to 90 ms for 16 MB in pure Python); ``False``, offered for ``mmap`` stores,
    checks record headers only, so that a first ``get`` costs what a later one does and damage to the points
    themselves goes undetected. A file store always checks: its CRC-32C is what tells a file that is being
    appended to from the points its index acknowledged, so ``False`` is refused there."""
    path = os.fspath(path)
    if not isinstance(verify_reads, bool):
        raise TypeError('verify_reads is True or False, not %r' % (verify_reads,))
    if not os.path.isdir(path):
        raise StoreError('%s is not a store directory' % path)
    names = os.listdir(path)
    if any(n.endswith('.seg') and n[:-4].isdigit() for n in names):
        return Store(MmapStore(path, verify_reads))
    if 'index.journal' in names or 'index.snapshot' in names or 'series' in names:
        if not verify_reads:
            raise ValueError('verify_reads=False is offered for mmap stores only; %s is a file store, whose reads'
                             ' are always checked: the CRC-32C is what tells a file being appended to from the'
                             ' points its index acknowledged' % path)
        return Store(FileStore(path))
    if not names or names == ['lock'] or 'keydir.hint' in names:
        return Store(MmapStore(path, verify_reads))
    raise StoreError('%s holds neither an mmap store (NNNNNNNNNN.seg files) nor a file store (index.journal)'
                     % path)
