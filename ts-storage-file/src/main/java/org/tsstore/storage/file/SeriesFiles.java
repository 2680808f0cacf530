package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.tsstore.api.RequestRules;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.DirectorySync;

/**
 * The series files of a store: writing one to its temporary name and renaming it into place, removing
 * one, reading or verifying one against its index entry, and what must reach the device for the
 * store's durability (forced at once with {@code sync}, remembered for {@link #force} with {@code os}).
 * The caller holds the id's lock; messages name the id and the file.
 */
final class SeriesFiles {

    /**
     * A series written to its temporary file, not yet in place.
     *
     * @param temporary where it was written
     * @param file where it goes
     * @param entry its index entry
     * @param blocks its block table, computed while it was written
     * @param previous the id's entry before, or null
     */
    record Staged(Path temporary, Path file, IndexEntry entry, BlockTable blocks, IndexEntry previous) {}

    /**
     * What is wrong with a file, found by {@link #check}.
     *
     * @param location the file at fault: the series file, or its block sidecar
     * @param problem what is wrong, naming the place in the file where it can
     * @param series whether the series itself is damaged (else only its sidecar, which is derived data)
     */
    record Problem(Path location, String problem, boolean series) {}

    private final Path directory;
    private final boolean sync;
    private final IoBuffers buffers;
    /** With {@code os} durability: what {@link #force} must force. */
    private final UnforcedWrites unforced = new UnforcedWrites();
    private final SeriesDirectories directories;
    private final ReadChannels reads;
    private final BlockTables tables;
    private final ParallelForces forces = new ParallelForces();

    SeriesFiles(Path directory, boolean sync, IoBuffers buffers, ReadChannels reads) {
        this.directory = directory;
        this.sync = sync;
        this.buffers = buffers;
        this.reads = reads;
        this.tables = new BlockTables(reads);
        this.directories = new SeriesDirectories(directory.resolve(SeriesPaths.SERIES_DIRECTORY), sync, unforced);
    }

    /** The file of an id. */
    Path file(String id) {
        return SeriesPaths.file(directory, id);
    }

    /**
     * Writes a series to its id's temporary file, forced to the device with {@code sync}, its name too.
     *
     * @param previous the id's entry now, or null
     */
    Staged stage(String id, ArrayTimeSeries s, IndexEntry previous) {
        return stage(id, s, previous, sync);
    }

    /**
     * Writes a series to its id's temporary file, forced to the device with its directory entry only if
     * {@code force} (a batch forces its files together, {@link #forceWritten}).
     */
    Staged stage(String id, ArrayTimeSeries s, IndexEntry previous, boolean force) {
        Path file = file(id);
        Path temporary = SeriesPaths.temporary(file);
        SeriesFileWriter.Written written;
        BlockTable.Builder blocks = new BlockTable.Builder(s);
        IoBuffers.IoBuffer io = buffers.take();
        try {
            directories.ensure(file.getParent());
            try {
                written = SeriesFileWriter.write(temporary, s, io, force, blocks);
            } catch (NoSuchFileException e) {
                // Someone removed the directory under us: make it again, once.
                directories.forget(file.getParent());
                directories.ensure(file.getParent());
                written = SeriesFileWriter.write(temporary, s, io, force, blocks);
            }
            if (force) {
                // The temporary file's name too, before the record that commits it: else the power may keep the
                // record and lose the file, and the version before it would no longer prove itself.
                DirectorySync.force(file.getParent());
            }
        } catch (IOException e) {
            discard(temporary);
            throw new StorageException("cannot store series " + SeriesIds.quote(id) + ": writing " + temporary
                    + " failed: " + e, e);
        } finally {
            buffers.give(io);
        }
        IndexEntry entry = new IndexEntry(s.size(), written.fileBytes(), written.crc());
        return new Staged(temporary, file, entry, blocks.table(entry), previous);
    }

    /** Renames a staged file into place. */
    void commit(Staged staged) throws IOException {
        Files.move(staged.temporary(), staged.file(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes a temporary file, if it can; a stray one is removed when the store is next opened. */
    void discard(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // left for the next open
        }
    }

    /**
     * Makes a committed file's directory entry durable, or notes it for {@link #force}, and persists its block
     * table.
     */
    void committed(String id, Staged staged) {
        Path file = staged.file();
        tables.stored(id, file, staged.blocks(), staged.previous());
        if (!sync) {
            unforced.written(id, file.getParent());
            return;
        }
        try {
            DirectorySync.force(file.getParent());
        } catch (IOException e) {
            throw new StorageException("series " + SeriesIds.quote(id) + " is stored in " + file
                    + " but forcing its directory to the device failed: " + e, e);
        }
    }

    /**
     * Adds points to an id's file in place ({@link TailAppend}) and has {@code commit} journal the new
     * entry; a failure of either leaves the file as it was. Returns null, having written nothing, when the
     * file is not in the layout an append extends.
     *
     * @param previous the id's entry
     * @param points checked, non-empty points
     * @param commit journals the new entry, or throws
     * @return the new entry, journaled, or null
     * @throws IllegalArgumentException if the points do not come after the stored ones
     */
    IndexEntry append(String id, IndexEntry previous, ArrayTimeSeries points, Consumer<IndexEntry> commit) {
        TailAppend tail = openAppend(id, previous);
        if (tail == null) {
            return null;
        }
        try {
            if (previous.points() > 0) {
                RequestRules.checkAppendOrder(id, tail.lastTime(), points.time(0));
            }
            IndexEntry next = writeAppend(id, tail, points);
            try {
                commit.accept(next);
            } catch (RuntimeException e) {
                rollBackAppend(tail, e);
                throw e;
            }
            appended(id, previous, points, next);
            return next;
        } finally {
            tail.close();
        }
    }

    /** Opens an id's file for an append in place, or returns null when its layout needs a whole rewrite. */
    TailAppend openAppend(String id, IndexEntry previous) {
        IoBuffers.IoBuffer io = buffers.take();
        try {
            return TailAppend.open(file(id), previous, io);
        } catch (IOException e) {
            throw appendFailure(id, previous, e);
        } finally {
            buffers.give(io);
        }
    }

    /** Writes an opened append's points after the end, not forced; the caller rolls back on failure. */
    void writePoints(String id, TailAppend tail, ArrayTimeSeries points) {
        IoBuffers.IoBuffer io = buffers.take();
        try {
            tail.writePoints(points, io);
        } catch (IOException e) {
            throw appendFailure(id, null, e);
        } finally {
            buffers.give(io);
        }
    }

    /** Writes the header of an append whose points {@link #writePoints} wrote; the new entry. */
    IndexEntry writeHeader(String id, TailAppend tail) {
        try {
            return tail.writeHeader();
        } catch (IOException e) {
            throw appendFailure(id, null, e);
        }
    }

    /** Writes an opened append's points and header (forced with {@code sync}); a failure changes nothing. */
    IndexEntry writeAppend(String id, TailAppend tail, ArrayTimeSeries points) {
        IoBuffers.IoBuffer io = buffers.take();
        try {
            return tail.write(points, io, sync);
        } catch (IOException e) {
            throw appendFailure(id, null, e);
        } finally {
            buffers.give(io);
        }
    }

    /**
     * With {@code sync}, forces a batch's files at once ({@link ParallelForces}): its staged temporary files,
     * their directories (each once, so that the record never outlives a file's name) and the points of its
     * appends in place.
     */
    void forceWritten(List<Staged> staged, List<TailAppend> tails) throws IOException {
        if (!sync) {
            return;
        }
        List<ParallelForces.Force> all = new ArrayList<>();
        Set<Path> directories = new LinkedHashSet<>();
        for (Staged s : staged) {
            all.add(() -> {
                try (FileChannel ch = FileChannel.open(s.temporary(), StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            });
            directories.add(s.temporary().getParent());
        }
        for (Path d : directories) {
            all.add(() -> DirectorySync.force(d));
        }
        for (TailAppend t : tails) {
            all.add(t::forcePoints);
        }
        forces.all(all);
    }

    /** With {@code sync}, forces the new headers of a batch's appends in place, at once. */
    void forceHeaders(List<TailAppend> tails) throws IOException {
        if (!sync) {
            return;
        }
        List<ParallelForces.Force> all = new ArrayList<>();
        for (TailAppend t : tails) {
            all.add(t::forceHeader);
        }
        forces.all(all);
    }

    /** Cuts a written append back after its journal record failed; a failure is added to the cause. */
    void rollBackAppend(TailAppend tail, Exception cause) {
        tail.rollBack(cause, sync);
    }

    /** Notes a journaled append: its block table carried forward, its file noted for a flush. */
    void appended(String id, IndexEntry previous, ArrayTimeSeries points, IndexEntry next) {
        tables.appended(id, file(id), previous, points, next);
        if (!sync) {
            unforced.written(id, file(id).getParent());
        }
    }

    private StorageException appendFailure(String id, IndexEntry previous, IOException e) {
        Path file = file(id);
        if (e instanceof NoSuchFileException && previous != null) {
            return new StorageException("cannot append to series " + SeriesIds.quote(id) + ": its file " + file
                    + " is missing, though the index records " + previous.points() + " points for it", e);
        }
        return new StorageException("cannot append to series " + SeriesIds.quote(id) + ": writing " + file
                + " failed: " + e, e);
    }

    /**
     * Makes the directory entries of a batch's committed files durable, each directory forced once, or
     * notes them for {@link #force}.
     */
    void committedAll(Map<String, Staged> staged) {
        Set<Path> directories = new LinkedHashSet<>();
        for (Map.Entry<String, Staged> e : staged.entrySet()) {
            Path parent = e.getValue().file().getParent();
            tables.stored(e.getKey(), e.getValue().file(), e.getValue().blocks(), e.getValue().previous());
            if (!sync) {
                unforced.written(e.getKey(), parent);
            }
            directories.add(parent);
        }
        if (!sync) {
            return;
        }
        List<ParallelForces.Force> all = new ArrayList<>();
        for (Path d : directories) {
            all.add(() -> DirectorySync.force(d));
        }
        try {
            forces.all(all);
        } catch (IOException e) {
            throw new StorageException("a batch of " + staged.size() + " series is stored but forcing its "
                    + directories.size() + " directories to the device failed: " + e, e);
        }
    }

    /** Removes an id's file, if present; the caller makes it durable with {@link #removed}. */
    void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    /**
     * A file kept as the store found it (a held id's, by repair): its table is found again on use, its
     * directory noted for {@link #force}.
     */
    void kept(String id) {
        tables.forget(id);
        unforced.written(id, file(id).getParent());
    }

    /** Makes a removal durable, or notes it for {@link #force}; the block sidecar goes too. */
    void removed(String id, Path file) {
        tables.removed(id, file);
        if (!sync) {
            unforced.removed(id, file.getParent());
            return;
        }
        try {
            DirectorySync.force(file.getParent());
        } catch (IOException e) {
            throw new StorageException("series " + SeriesIds.quote(id) + " is deleted but forcing the directory of "
                    + file + " to the device failed: " + e, e);
        }
    }

    /** Reads a series and checks it against its index entry. */
    ArrayTimeSeries read(String id, IndexEntry entry) {
        Path file = file(id);
        IoBuffers.IoBuffer io = buffers.take();
        try {
            return IndexedRead.read(file, entry, io, reads);
        } catch (SeriesFileException.ChecksumMismatch e) {
            throw readFailure(id, file, entry, new SeriesFileException(e.getMessage() + where(id, file, entry, io)));
        } catch (IOException | SeriesFileException e) {
            throw readFailure(id, file, entry, e);
        } finally {
            buffers.give(io);
        }
    }

    /**
     * Reads the points of a series in {@code [from, to)}: only the blocks that hold them
     * ({@link RangeRead}), found by the file's {@link BlockTable} (kept in memory or in its sidecar; built by
     * one whole read when neither has it); a file not in the store's Fortran-order layout is read whole.
     */
    SizedContainerTimeSeries readRange(String id, IndexEntry entry, double from, double to) {
        Path file = file(id);
        IoBuffers.IoBuffer io = buffers.take();
        try {
            BlockTable table = tables.forRange(id, file, entry, io);
            if (table == null) {
                return IndexedRead.read(file, entry, io, reads).slice(from, to);
            }
            return RangeRead.read(file, entry, table, from, to, io, reads);
        } catch (IOException | SeriesFileException e) {
            throw readFailure(id, file, entry, e);
        } finally {
            buffers.give(io);
        }
    }

    private static StorageException readFailure(String id, Path file, IndexEntry entry, Exception e) {
        if (e instanceof NoSuchFileException) {
            return new StorageException("cannot read series " + SeriesIds.quote(id) + ": its file " + file
                    + " is missing, though the index records " + entry.points() + " points for it", e);
        }
        if (e instanceof SeriesFileException) {
            return new StorageException("series " + SeriesIds.quote(id) + ": the file " + file + " is damaged: "
                    + e.getMessage(), e);
        }
        return new StorageException("cannot read series " + SeriesIds.quote(id) + " from " + file + ": " + e, e);
    }

    /**
     * Where a file whose checksum fails differs from its recorded block checksums, when they are known: the
     * first such block, as {@code "; block ..."}; else the empty string.
     */
    private String where(String id, Path file, IndexEntry entry, IoBuffers.IoBuffer io) {
        BlockTable recorded = tables.recorded(id, file, entry);
        if (recorded == null) {
            return "";
        }
        try {
            IndexedRead.Scanned found = IndexedRead.scan(file, entry, io, reads);
            return found.blocks() == null ? "" : locate(recorded, found.blocks());
        } catch (IOException | SeriesFileException e) {
            return "";
        }
    }

    /** Where a damaged file differs from its recorded block checksums, as {@code "; ..."}, or empty. */
    private static String locate(BlockTable recorded, BlockTable found) {
        int b = recorded.firstDifference(found);
        if (b < 0) {
            return "";
        }
        if (recorded.verified(b)) {
            return "; the first block that differs from its recorded CRC-32C is " + recorded.describe(b);
        }
        return "; every block whose CRC-32C is recorded matches it, so the damage is in " + recorded.describe(b)
                + " or after it, whose checksums are not recorded";
    }

    /**
     * Checks an id's file against its entry without keeping the data, and its block sidecar, when one is
     * written for the entry, against the data: what is wrong, or null.
     */
    Problem check(String id, IndexEntry entry) {
        Path file = file(id);
        IoBuffers.IoBuffer io = buffers.take();
        try {
            IndexedRead.Scanned found = IndexedRead.scan(file, entry, io, reads);
            if (found.crc() != entry.crc()) {
                BlockTable recorded = found.blocks() == null ? null : tables.recorded(id, file, entry);
                return new Problem(file, String.format("its CRC-32C is %08x but the index records %08x: the data is"
                        + " corrupt (or the file was changed outside the store)", found.crc(), entry.crc())
                        + (recorded == null ? "" : locate(recorded, found.blocks())), true);
            }
            BlockTable recorded = found.blocks() == null ? null : tables.known(id, file, entry);
            int b = recorded == null ? -1 : recorded.firstDifference(found.blocks());
            if (b >= 0) {
                return new Problem(BlockTables.sidecar(file), "it records for " + recorded.describe(b) + " of " + file
                        + " a CRC-32C the data does not have, though the file matches its index entry: range reads"
                        + " of that block would refuse it until the sidecar is rebuilt", false);
            }
            return null;
        } catch (NoSuchFileException e) {
            return new Problem(file, "the file is missing, though the index records " + entry.points() + " points",
                    true);
        } catch (IOException e) {
            return new Problem(file, "cannot be read: " + e, true);
        } catch (SeriesFileException e) {
            return new Problem(file, e.getMessage(), true);
        } finally {
            buffers.give(io);
        }
    }

    /** Drops an id's block sidecar, as derived data that turned out wrong; the next range read rebuilds it. */
    void dropBlocks(String id) {
        tables.removed(id, file(id));
    }

    /** Ends the threads that force batches. */
    void close() {
        forces.close();
    }

    /** Forces what {@code os} durability left unforced; the caller excludes writers. */
    void force(Set<String> allIds) throws IOException {
        unforced.force(allIds, this::file);
    }

    /** Removes directories left empty by deleted series with long ids; the caller excludes writers. */
    void prune() throws IOException {
        directories.prune();
    }
}
