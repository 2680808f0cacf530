package org.tsstore.storage.mmap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.RepairReport;
import org.tsstore.api.RequestRules;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.codec.BlockFormat;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.BatchCopies;
import org.tsstore.core.backend.CorruptDataException;

/**
 * An mmap store opened with {@code codec=compressed}: each record holds ts-codec blocks of 1,024 points (the
 * last of a write fewer), framed as the record's points ({@link EncodedPoints}), so the log, its checksums,
 * batches, crash recovery, compaction and repair work on them unchanged. Writes take a checked heap copy of the
 * caller's series, encode it and write it: a store as one store record, a batch as one batch, and an append as
 * one extent record: of the new points' own blocks while the series' open blocks (those after its last full
 * one) and the new points stay under 1,024 points, else of the open blocks' points and the new ones re-encoded
 * into full blocks behind a cut entry that supersedes the open blocks (so a crash leaves the old tail or the new
 * one, as the record is whole or absent). Reads return {@link CompressedSeries}, decoding lazily per block, and
 * {@code size} reads only block headers. Every write is serialised by this store's lock, under which it keeps
 * each appended series' size, last time and open blocks' start, so an append reads back at most its open
 * blocks, and those only when it completes one.
 * Opened read-only ({@code mode=read}) it reads through the read-only store and refuses every write as it does.
 */
final class CompressedStore implements StorageManager {

    /** The tail of a series that is absent or empty. */
    private static final CompressedTail EMPTY = new CompressedTail(0, Double.NaN, 0, 0, 0);

    private final StorageManager inner;
    /** The writable store under {@link #inner}, or {@code null} when read-only. */
    private final MmapStorageManager writer;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. */
    private final Map<String, CompressedTail> tails = new HashMap<>();

    private CompressedStore(StorageManager inner, MmapStorageManager writer) {
        this.inner = inner;
        this.writer = writer;
    }

    /**
     * Opens a compressed store: marks a directory without series as compressed, refuses one holding raw series.
     *
     * @throws IllegalArgumentException naming the directory, if it holds raw series
     */
    static StorageManager open(Path directory, MmapConfig config) {
        if (config.readOnly) {
            StorageManager reader = ReadOnlyStore.open(directory, config);
            if (!StoreCodec.marked(directory)) {
                reader.close();
                throw holdsRaw(directory);
            }
            return new CompressedStore(reader, null);
        }
        MmapStorageManager store = MmapStorageManager.open(directory, config);
        try {
            if (!StoreCodec.marked(directory)) {
                if (!store.ids().isEmpty()) {
                    throw holdsRaw(directory);
                }
                StoreCodec.mark(directory);
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return new CompressedStore(store, store);
    }

    private static IllegalArgumentException holdsRaw(Path directory) {
        return new IllegalArgumentException("the mmap store " + directory + " holds raw series (it has no file "
                + StoreCodec.FILE + "): open it without codec=compressed, or with codec=raw");
    }

    /**
     * Indexes the blocks a record's (or a chain's) points carry: their frames and headers only, nothing decoded
     * (each block's checksum is checked at its first decode).
     */
    private static CompressedSeries open(String id, SizedContainerTimeSeries points) {
        try {
            return new CompressedSeries(id, CompressedBlocks.index(points));
        } catch (CorruptDataException e) {
            throw new StorageException("series " + SeriesIds.quote(id) + " is damaged: " + e.getMessage(), e);
        }
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        return open(id, inner.get(id));
    }

    /** Decodes at most the blocks the range's bounds fall inside; a read of the range decodes the ones it meets. */
    @Override
    public SizedContainerTimeSeries get(String id, double fromTime, double toTime) {
        SeriesIds.check(id);
        RequestRules.checkRange(id, fromTime, toTime);
        return open(id, inner.get(id)).slice(fromTime, toTime);
    }

    /** The sum of the blocks' point counts, from their headers: nothing decoded. */
    @Override
    public int size(String id) {
        return open(id, inner.get(id)).size();
    }

    @Override
    public boolean contains(String id) {
        return inner.contains(id);
    }

    @Override
    public Set<String> ids() {
        return inner.ids();
    }

    @Override
    public String newId() {
        return inner.newId();
    }

    /** Takes a checked copy, encodes it and writes one store record; returns the encoded series. */
    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        SeriesIds.utf8(id);
        Objects.requireNonNull(series, "series");
        if (writer == null) {
            return inner.store(id, series);
        }
        ArrayTimeSeries copy = SeriesWriter.checkedCopy(id, series, "store", "");
        CompressedTail.Write write = CompressedTail.stored(copy);
        lock.lock();
        try {
            writer.store(id, write.record());
            tails.put(id, write.after());
        } finally {
            lock.unlock();
        }
        return open(id, write.record());
    }

    /** What the writes left of a series, found from its blocks if no write here made it. Under the lock. */
    private CompressedTail tail(String id) {
        CompressedTail t = tails.get(id);
        if (t == null) {
            if (!writer.contains(id)) {
                return EMPTY;
            }
            SizedContainerTimeSeries units = inner.get(id);
            t = CompressedTail.of(open(id, units).blocks(), units.size());
            tails.put(id, t);
        }
        return t;
    }

    /** Checks that points may follow the series' stored ones. Under the lock. */
    private static void checkAppend(String id, CompressedTail t, ArrayTimeSeries points) {
        if (t.size() > 0) {
            RequestRules.checkAppendOrder(id, t.last(), points.time(0));
            SeriesWriter.checkRoom(id, t.size(), points.size());
        }
    }

    /** Fills the open block: one extent record, of the new points' blocks or of the open ones re-encoded. */
    @Override
    public int append(String id, SizedContainerTimeSeries points) {
        SeriesIds.utf8(id);
        Objects.requireNonNull(points, () -> "points to append to " + SeriesIds.quote(id) + " are null");
        if (writer == null) {
            return inner.append(id, points);
        }
        ArrayTimeSeries copy = SeriesWriter.checkedCopy(id, points, "append to", "");
        lock.lock();
        try {
            CompressedTail t = tail(id);
            if (copy.isEmpty()) {
                return t.size();
            }
            checkAppend(id, t, copy);
            CompressedTail.Write write = t.append(id, copy, () -> inner.get(id));
            writer.appendEncoded(id, write.record());
            tails.put(id, write.after());
            return write.after().size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void storeAll(Map<String, ? extends SizedContainerTimeSeries> series) {
        batch(series, "store", false);
    }

    @Override
    public void appendAll(Map<String, ? extends SizedContainerTimeSeries> points) {
        batch(points, "append", true);
    }

    /** One batch of the encoded copies: all or none across a crash, as a raw store's. */
    private void batch(Map<String, ? extends SizedContainerTimeSeries> batch, String verb, boolean append) {
        if (writer == null) {
            if (append) {
                inner.appendAll(batch);
            } else {
                inner.storeAll(batch);
            }
            return;
        }
        Map<String, ArrayTimeSeries> copies = BatchCopies.of(batch, verb);
        lock.lock();
        try {
            Map<String, EncodedPoints> encoded = new LinkedHashMap<>(2 * copies.size());
            List<String> ids = new ArrayList<>(copies.size());
            List<CompressedTail> after = new ArrayList<>(copies.size());
            for (Map.Entry<String, ArrayTimeSeries> c : copies.entrySet()) {
                String id = c.getKey();
                ArrayTimeSeries points = c.getValue();
                if (append && points.isEmpty()) {
                    continue;
                }
                CompressedTail.Write write;
                if (append) {
                    CompressedTail t = tail(id);
                    checkAppend(id, t, points);
                    write = t.append(id, points, () -> inner.get(id));
                } else {
                    write = CompressedTail.stored(points);
                }
                encoded.put(id, write.record());
                ids.add(id);
                after.add(write.after());
            }
            if (encoded.isEmpty()) {
                return;
            }
            writer.batchEncoded(encoded, append);
            for (int i = 0; i < ids.size(); i++) {
                tails.put(ids.get(i), after.get(i));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String id) {
        if (writer == null) {
            return inner.delete(id);
        }
        lock.lock();
        try {
            tails.remove(id);
            return inner.delete(id);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() {
        inner.flush();
    }

    /**
     * The raw store's check of every record, then every block of every series it serves: its checksum, and that
     * it decodes. A damaged block is reported with the series and the block's index.
     */
    @Override
    public IntegrityReport verify() {
        IntegrityReport records = inner.verify();
        List<IntegrityReport.Damage> damage = new ArrayList<>(records.damage());
        Set<String> named = new HashSet<>();
        for (IntegrityReport.Damage d : records.damage()) {
            named.add(d.id());
        }
        for (String id : inner.ids()) {
            if (named.contains(id)) {
                continue;
            }
            try {
                ((CompressedSeries) get(id)).verify();
            } catch (StorageException e) {
                damage.add(new IntegrityReport.Damage(id, "encoded blocks", e.getMessage()));
            }
        }
        return new IntegrityReport(records.seriesChecked(), records.bytesChecked(), damage);
    }

    /** The raw store's repair (records are reverted or dropped whole, so what is kept is whole blocks). */
    @Override
    public RepairReport repair() {
        lock.lock();
        try {
            tails.clear();
            return inner.repair();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Re-encodes every series whose appends left partial blocks inside it, or superseded blocks, into full
     * blocks, then compacts the log (which folds each chain into one record, and drops the superseded ones).
     */
    @Override
    public void compact() {
        if (writer != null) {
            for (String id : inner.ids()) {
                reencode(id);
            }
        }
        inner.compact();
    }

    private void reencode(String id) {
        lock.lock();
        try {
            if (!inner.contains(id)) {
                return;
            }
            CompressedSeries s = (CompressedSeries) get(id);
            int full = (s.size() + BlockFormat.BLOCK_POINTS - 1) / BlockFormat.BLOCK_POINTS;
            if (s.blockCount() > full || s.blocks().superseded() > 0) {
                CompressedTail.Write write = CompressedTail.stored(ArrayTimeSeries.copyOf(s));
                writer.store(id, write.record());
                tails.put(id, write.after());
            }
        } catch (StorageException damaged) {
            // left as it is: the compaction below refuses a damaged store, verify() reports it
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "CompressedStore[" + inner + "]";
    }
}
