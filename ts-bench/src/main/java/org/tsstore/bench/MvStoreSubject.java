package org.tsstore.bench;

import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * H2's MVStore, one map from id to the series bytes. A put lives in memory until a commit: {@link #settle()}
 * commits, which writes the changes to the file (to the OS); {@link #flush()} also syncs the file.
 */
final class MvStoreSubject implements Subject {

    private final MVStore store;
    private final MVMap<String, byte[]> map;
    private final boolean sync;

    MvStoreSubject(Path dir, boolean sync) {
        this.sync = sync;
        this.store = new MVStore.Builder().fileName(dir.resolve("series.mv").toString()).autoCommitDisabled().open();
        this.map = store.openMap("series");
    }

    @Override
    public void store(String id, double[] times, double[] values) {
        map.put(id, SeriesBytes.encode(times, values));
        if (sync) {
            store.commit();
            store.sync();
        }
    }

    @Override
    public void settle() {
        store.commit();
    }

    @Override
    public void flush() {
        store.commit();
        store.sync();
    }

    @Override
    public Object get(String id) {
        return SeriesBytes.decode(map.get(id));
    }

    @Override
    public double getMean(String id) {
        return SampleSeries.mean(SeriesBytes.decode(map.get(id))[1]);
    }

    @Override
    public void close() {
        store.close();
    }
}
