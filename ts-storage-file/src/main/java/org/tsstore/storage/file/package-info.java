/**
 * The {@code file} backend: {@link org.tsstore.storage.file.FileStorageManager}, one numpy {@code .npy}
 * file per series in a directory, with a crash-safe journaled index. Registered for
 * {@link java.util.ServiceLoader} by {@link org.tsstore.storage.file.FileStorageManagerProvider} under the
 * scheme {@code file} ({@code file:/abs/dir}, {@code file:rel/dir}).
 *
 * <h2>On-disk layout</h2>
 * <pre>
 * dir/
 *   tsstore.lock             OS lock held while a manager has the store open (holds the holder's pid)
 *   index.snapshot           the index when the journal was last folded (temporary file + rename)
 *   index.journal            one checksummed record per change since then (append only), behind a witness
 *   series/SS/HEX.npy        one file per series
 *   series/SS/HEX.blocks     its block checksums (derived data, for range reads)
 *   series/SS/HEX1/HEX2.npy  the same, for ids of more than 100 bytes
 *   damaged/...              files of series that repair() dropped, moved aside
 * </pre>
 * <ul>
 *   <li><b>Series files.</b> {@code HEX} is the lower-case hexadecimal form of the id's UTF-8 bytes, cut
 *       into directories of 200 digits when longer; {@code SS} is the low byte of the id's CRC-32 (zlib's
 *       {@code crc32}) in two hex digits, which spreads files over 256 directories. So a name is never
 *       the raw id, holds only {@code [0-9a-f]} (no separator or {@code ..} can reach outside the
 *       directory; no two ids meet on a case-insensitive or normalising file system; no name is a reserved
 *       Windows device), every path component stays below 210 bytes, and every file names its own id: the
 *       directory itself says which series exist. In Python:
 *       <pre>{@code
 * def series_file(directory, id):
 *     b = id.encode('utf-8'); h = b.hex()
 *     parts = [h[i:i + 200] for i in range(0, len(h), 200)]
 *     return os.path.join(directory, 'series', '%02x' % (zlib.crc32(b) & 0xff), *parts) + '.npy'
 * }</pre>
 *       {@link org.tsstore.storage.file.FileStorageManager#fileOf(String)} gives the same path in Java.</li>
 *   <li><b>File format.</b> A {@code (2, N)} array of little-endian float64, row 0 the times and row 1
 *       the values, in Fortran order: the time and the value of each point side by side, point {@code i}
 *       at byte {@code 128 + 16 i}. The header is the one {@code numpy.save} writes for
 *       {@code numpy.asfortranarray(numpy.vstack([t, v]))}, byte for byte (format 1.0, space-padded so that
 *       the data starts at byte 128, a multiple of 64; {@code 'fortran_order': False} for fewer than 2
 *       points, where both orders are the same bytes). The header is 128 bytes for every N a series can
 *       have, so an append writes the new points after the end and rewrites only the shape in place.
 *       {@code numpy.load(f)} and {@code numpy.load(f, mmap_mode='r')} read it as the same array. The
 *       store reads files in formats 1.0, 2.0 and 3.0, either byte order ({@code '<f8'}, {@code '>f8'})
 *       and either memory order (C-order files, as {@code numpy.save(numpy.vstack([t, v]))} or an older
 *       store wrote them, are read as they are and rewritten in Fortran order on their first append); any
 *       other dtype, shape or an object array is refused with a
 *       {@link org.tsstore.api.StorageException} naming the file and what is wrong. A truncated file, a
 *       header that declares more data than the file holds, a garbage header or a wrong magic is refused
 *       the same way, before anything is allocated from the declared shape. The npy format itself is
 *       the {@code ts-npy} module's ({@code org.tsstore.npy}).</li>
 *   <li><b>Index.</b> In memory, id to (points, file length, CRC-32C of the whole file), and the ids held
 *       after a loss of index records (below). On disk, a snapshot plus an append-only journal of
 *       checksummed records; a store appends one record (one system call) and rewrites the journal's
 *       12-byte witness (one more), and never rewrites the index. The journal is folded into a new snapshot (written to
 *       a temporary file, forced, renamed) when it outgrows the snapshot (at least 4 MiB), and on
 *       {@code flush}, {@code compact} and {@code close}. Both carry a generation number, so a journal
 *       left behind by a fold that was cut short is recognised as already folded.</li>
 *   <li><b>Checksums.</b> numpy files carry none, so the index does: {@code get} checks every file's
 *       length, header and CRC-32C against its entry and throws a {@code StorageException} on any
 *       mismatch; corrupt data is never returned. {@code verify()} checks every file the same way.</li>
 *   <li><b>Range reads.</b> {@code get(id, from, to)} reads only the blocks of 4096 points (64 KiB) that
 *       hold the range, found by binary search over each block's first time, and checks each against
 *       its own CRC-32C. The table of blocks is kept in memory and its full blocks persisted beside the
 *       file as {@code HEX.blocks} ({@code BlockSidecar}), trusted only once the file proves it (its bytes
 *       after those blocks and the header, combined with the blocks' CRCs by CRC arithmetic, must give the
 *       index's whole-file CRC-32C), else rebuilt by one whole read checked against the index; so a range
 *       read after a reopen reads the sidecar, the partial last block, the header and its blocks. Stores
 *       write it, appends rewrite it when they complete a block, deletes remove it; files of one block have
 *       none. A damaged block refuses the reads that touch it, naming the file, the block and its bytes,
 *       and serves the others. A cached series is sliced instead.</li>
 * </ul>
 *
 * <h2>How an update stays atomic</h2>
 * A store writes the new file as {@code HEX.npy.tmp} beside the old one, appends its journal record
 * (points, length, checksum), then renames the temporary file over {@code HEX.npy}, and only then
 * returns. An append to a Fortran-order file writes the new points after the end of the data and the new
 * header (the file forced with {@code sync}), then appends its journal record, the commit point; the
 * index's CRC-32C of the whole file is carried forward from the old one, the old and new headers and the
 * new points (CRC arithmetic), so nothing before the end is read or written again. A failed journal
 * write cuts the file back. {@code storeAll} and {@code appendAll} write every file first (temporary
 * files, tails), then append one journal record holding every change of the batch, then rename; a batch
 * record is read back all or none, so after a crash the whole batch is there or none of it is. A delete
 * appends its record, then removes the file. On open the index is checked against the
 * directory and what a crash left behind is repaired, each repair logged
 * ({@code System.Logger} named {@code org.tsstore.storage.file.FileStorageManager}):
 * <ul>
 *   <li>a temporary file that matches its journal record (a crash between journal and rename) is renamed
 *       into place; any other temporary file (a crash before the record) is removed: the old series
 *       stays;</li>
 *   <li>a file whose id was last journaled as deleted is removed (a crash inside a delete);</li>
 *   <li>a file longer than its index entry whose first bytes, with the header of the entry's N, match
 *       the entry's checksum (an append cut before its journal record) is cut back to the entry and its
 *       header restored: the append is wholly absent. Every indexed file's length is compared on open
 *       for this;</li>
 *   <li>a torn last journal record after the witnessed end (a store or delete that never returned) is
 *       ignored and cut off;</li>
 *   <li>an index entry whose file is missing can only be damage, since a store returns after both:
 *       it is kept, logged as an error, and reported by {@code get} and {@code verify} until the series
 *       is stored again or deleted;</li>
 *   <li>lost index records (see below) never make an id read as absent.</li>
 * </ul>
 * So a crash at any instant leaves each series as it was before the interrupted call or as that call
 * would have left it, and never loses a series whose {@code store} returned.
 *
 * <h2>Lost index records</h2>
 * The journal's header witnesses the end of the last record written whole, rewritten after each record
 * (after its force, with {@code sync}; not forced itself, so it never runs ahead of the records). Only
 * bytes after it can be a torn write. A record cut or garbled before it, a journal that ends before it, a
 * bad record with a good one after it, a bad header, a missing journal beside a snapshot, and a damaged or
 * missing snapshot are <i>losses</i> ({@code JournalReader},
 * {@code IndexRecovery}): the damaged file is copied aside as {@code *.damaged}, the
 * good records after a loss still count, and what the lost bytes still say is salvaged as candidates. An id
 * whose last surviving record follows every loss keeps the crash rules above. Any other id is served only if
 * its file, read whole, matches an entry it is known to have had and no lost record names it; otherwise it is
 * <i>held</i> ({@code SeriesReconciliation}): its file is kept as it is (never
 * removed, cut back or replaced, except for points an append wrote while the header still counts the old
 * ones, which no record can have acknowledged), and {@code get}, {@code size}, {@code contains} and range
 * reads refuse it with a {@link org.tsstore.api.StorageException} naming the damaged file and offset, until
 * it is stored again, deleted, or the store is repaired. {@code ids()} leaves it out, {@code verify()}
 * reports it; holds are kept in the snapshot. {@code repair()} keeps every held id whose file a candidate's
 * checksum proves, keeps and reports one whose valid file nothing proves, drops the rest (moving their files
 * to {@code damaged/}), and leaves the store clean; a kill during it leaves a store that opens.
 *
 * <h2>Durability</h2>
 * Option {@code durability}:
 * <ul>
 *   <li>{@code os} (the default): when {@code store} or {@code delete} returns, the file, its rename
 *       and the journal record have been handed to the operating system. They survive the JVM or the
 *       process being killed at any instant (SIGKILL, a crash, an out-of-memory kill), but not an OS crash
 *       or power loss before the OS writes them back: then recent series may be lost, and one whose file
 *       reached the device only in part is reported damaged by its checksum, never read wrong, and a
 *       batch may be found in part (its renames are not forced). {@code flush()} forces everything written
 *       so far to the device.</li>
 *   <li>{@code sync}: before {@code store} returns, the series file and its name are forced to the device
 *       ({@code fsync} of the file and its directory), then the journal record ({@code fdatasync}, which also carries the previous
 *       record's witness), then the directory holding the renamed file; an append forces the new points, then the new header (so that a header never
 *       reaches the device ahead of the points it counts), then its record; a batch forces each new
 *       file and each directory holding one once (each appended file twice, as an append does), its one
 *       record once and each directory holding a renamed file once again; a delete forces its record and
 *       the directory; opening forces the store directory. An acknowledged store, batch or delete
 *       survives a power loss whole, on a device that honours flushes.</li>
 * </ul>
 *
 * <h2>Caching and copies</h2>
 * A bounded cache (option {@code cacheBytes}, default 64 MiB, {@code 0} for none; Guava's cache weighed
 * by 16 bytes a point) holds what {@code store} wrote and {@code get} read. {@code store} writes straight
 * from the series through one reusable direct buffer; {@code get} reads through one and copies once,
 * into the new series' arrays.
 *
 * <h2>Files written by numpy</h2>
 * The manager owns its directory while it is open. A valid series file saved by numpy at an id's path
 * ({@code numpy.save(series_file(d, id), numpy.vstack([t, v]))}, in either memory order) while the store
 * is closed is adopted
 * on the next open: read whole, checked (shape, dtype, finite strictly increasing times), its checksum
 * recorded, logged as a warning; from then on {@code get}, {@code size}, {@code ids} see it. An invalid
 * file is left where it is and logged. Files written while the store is open are not seen until it is
 * reopened. A file of a series the store already holds that is changed outside the store cannot be told
 * from a corrupt one: {@code get} and {@code verify} report it as damaged. To replace such a series from
 * Python, delete it through the store first, or store the new version through the store.
 *
 * <h2>Concurrency</h2>
 * The manager is thread-safe. Writers of one id take turns; a reader sees the old series or the new one,
 * never a mix. One manager at a time holds the directory: a second open, in this JVM or another process,
 * fails at once with a {@code StorageException} naming {@code tsstore.lock}. The OS releases the lock
 * when the holding process dies. Any number of read-only stores ({@code file:/dir?mode=read}) may run
 * beside it, in any process: they take no lock, write nothing, refuse every write, and follow the writer on
 * each call by one read of the journal's header ({@code ReadOnlyFileStore}, the module's README).
 */
package org.tsstore.storage.file;
