package org.tsstore.bench;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB JNI with default options: single puts, or one {@link WriteBatch} written by {@link #settle()}.
 * With {@code sync}, every put (or the batch) is written with {@code WriteOptions.setSync(true)}.
 */
final class RocksSubject implements Subject {

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final boolean batched;
    private WriteBatch batch;

    RocksSubject(Path dir, boolean batched, boolean sync) {
        this.batched = batched;
        this.options = new Options().setCreateIfMissing(true);
        this.writeOptions = new WriteOptions().setSync(sync);
        this.db = open(options, dir);
    }

    /** Opens RocksDB in {@code dir}, its failure unchecked and naming the directory. */
    static RocksDB open(Options options, Path dir) {
        try {
            return RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot open RocksDB in " + dir, e);
        }
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void store(String id, double[] times, double[] values) {
        byte[] value = SeriesBytes.encode(times, values);
        try {
            if (batched) {
                if (batch == null) {
                    batch = new WriteBatch();
                }
                batch.put(key(id), value);
            } else {
                db.put(writeOptions, key(id), value);
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB put of " + id, e);
        }
    }

    @Override
    public void settle() {
        if (batch != null) {
            try {
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw new IllegalStateException("RocksDB batch write", e);
            } finally {
                batch.close();
                batch = null;
            }
        }
    }

    @Override
    public void flush() {
        settle();
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB syncWal", e);
        }
    }

    @Override
    public Object get(String id) {
        return SeriesBytes.decode(read(id));
    }

    private byte[] read(String id) {
        try {
            byte[] bytes = db.get(key(id));
            if (bytes == null) {
                throw new IllegalStateException("RocksDB lost " + id);
            }
            return bytes;
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB get of " + id, e);
        }
    }

    @Override
    public double getMean(String id) {
        return SampleSeries.mean(SeriesBytes.decode(read(id))[1]);
    }

    /** Pushes the memtable to table files, so that reads come from them as after a reopen. */
    void compactMemtable() {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush);
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB flush", e);
        }
    }

    @Override
    public void close() {
        if (batch != null) {
            batch.close();
        }
        db.close();
        writeOptions.close();
        options.close();
    }
}
