package org.tsstore.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB JNI (default options) as a {@link GrowSubject}: one key per point, the id's length and bytes then the
 * time as a big-endian long, so a series' points sort by time and no id's keys fall among another's; the value is the double's 8 bytes. A tick or a chunk is one
 * {@link WriteBatch} ({@code setSync(true)} with {@code sync}); a range is an iterator bounded by the range's keys.
 */
final class RocksGrow implements GrowSubject {

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;

    RocksGrow(Path dir, boolean sync) {
        this.options = new Options().setCreateIfMissing(true);
        this.writeOptions = new WriteOptions().setSync(sync);
        this.db = RocksSubject.open(options, dir);
    }

    private static byte[] key(String id, double time) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + idBytes.length + 8).putInt(idBytes.length).put(idBytes).putLong((long) time).array();
    }

    private static byte[] value(double v) {
        return ByteBuffer.allocate(8).putDouble(v).array();
    }

    private void write(WriteBatch batch) {
        try {
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB batch write", e);
        }
    }

    @Override
    public void appendTick(String[] ids, double time, double[] values) {
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < ids.length; i++) {
                batch.put(key(ids[i], time), value(values[i]));
            }
            write(batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB batch put", e);
        }
    }

    @Override
    public void append(String id, double[] times, double[] values, int offset, int length) {
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = offset; i < offset + length; i++) {
                batch.put(key(id, times[i]), value(values[i]));
            }
            write(batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB batch put of " + id, e);
        }
    }

    @Override
    public void load(String[] ids, int points) {
        double[] times = SampleSeries.times(points, 0);
        for (int i = 0; i < ids.length; i++) {
            double[] values = SampleSeries.values(points, i);
            for (int from = 0; from < points; from += 100_000) {
                append(ids[i], times, values, from, Math.min(100_000, points - from));
            }
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush);
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB flush", e);
        }
    }

    @Override
    public double[] rangeMean(String id, double from, double to) {
        byte[] upper = key(id, to);
        long count = 0;
        double sum = 0;
        try (Slice bound = new Slice(upper); ReadOptions ro = new ReadOptions().setIterateUpperBound(bound);
                RocksIterator it = db.newIterator(ro)) {
            for (it.seek(key(id, from)); it.isValid(); it.next()) {
                sum += ByteBuffer.wrap(it.value()).getDouble();
                count++;
            }
        }
        return new double[] {count, count == 0 ? Double.NaN : sum / count};
    }

    @Override
    public double[] lastMean(String id, int n) {
        long count = 0;
        double sum = 0;
        int at = 4 + id.getBytes(StandardCharsets.UTF_8).length;
        byte[] first = key(id, 0);
        try (RocksIterator it = db.newIterator()) {
            it.seekForPrev(key(id, Long.MAX_VALUE));
            if (!it.isValid() || !sameSeries(it.key(), first, at)) {
                return new double[] {0, Double.NaN};
            }
            long last = ByteBuffer.wrap(it.key(), at, 8).getLong();
            for (; it.isValid() && sameSeries(it.key(), first, at) && ByteBuffer.wrap(it.key(), at, 8).getLong() > last - n;
                    it.prev()) {
                sum += ByteBuffer.wrap(it.value()).getDouble();
                count++;
            }
        }
        return new double[] {count, count == 0 ? Double.NaN : sum / count};
    }

    private static boolean sameSeries(byte[] key, byte[] first, int prefixLength) {
        return key.length == first.length && java.util.Arrays.equals(key, 0, prefixLength, first, 0, prefixLength);
    }

    @Override
    public double[] mean(String id) {
        return rangeMean(id, 0, Long.MAX_VALUE);
    }

    @Override
    public void close() {
        db.close();
        writeOptions.close();
        options.close();
    }
}
