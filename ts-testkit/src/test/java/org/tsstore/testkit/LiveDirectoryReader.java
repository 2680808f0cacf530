package org.tsstore.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.OpenMode;

/**
 * A {@link DirectoryStorageManager} store opened with {@code mode=read}: each {@code get} reads the id's file
 * afresh (the writer renames whole files into place, so a read sees one version whole), takes no lock and writes
 * nothing. With a fault it breaks on purpose, for the live reader check's bite tests: {@code stale} serves the
 * first version it read of an id forever, {@code torn} returns every third series with its last point
 * zeroed (a half-written tail), {@code throws} fails every 40th read.
 */
final class LiveDirectoryReader implements StorageManager {

    private final Path directory;
    private final String fault;
    private final Map<String, SizedContainerTimeSeries> firstSeen = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();

    LiveDirectoryReader(Path directory, String fault) {
        this.directory = directory;
        this.fault = fault;
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        SeriesIds.check(id);
        long n = reads.incrementAndGet();
        if (fault.equals("throws") && n % 40 == 0) {
            throw new StorageException("injected read failure of " + SeriesIds.quote(id));
        }
        if (fault.equals("stale") && firstSeen.containsKey(id)) {
            return firstSeen.get(id);
        }
        Path file = DirectoryStorageManager.file(directory, id);
        if (!Files.exists(file)) {
            throw new NoSuchSeriesException(id);
        }
        ArrayTimeSeries s;
        try {
            s = DirectoryStorageManager.read(file).series();
        } catch (StorageException e) {
            if (!Files.exists(file)) {
                throw new NoSuchSeriesException(id); // deleted between the two looks
            }
            throw e;
        }
        if (fault.equals("stale")) {
            firstSeen.putIfAbsent(id, s);
        }
        if (fault.equals("torn") && n % 3 == 0 && s.size() > 1) {
            double[] v = s.values().clone();
            v[v.length - 1] = 0.0;
            return ArrayTimeSeries.of(s.times(), v);
        }
        return s;
    }

    @Override
    public int size(String id) {
        return get(id).size();
    }

    @Override
    public boolean contains(String id) {
        return Files.exists(DirectoryStorageManager.file(directory, SeriesIds.check(id)));
    }

    @Override
    public Set<String> ids() {
        throw new UnsupportedOperationException("the live test reader lists no ids");
    }

    @Override
    public String newId() {
        throw refused("newId");
    }

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        throw refused("store");
    }

    @Override
    public boolean delete(String id) {
        throw refused("delete");
    }

    private UnsupportedOperationException refused(String operation) {
        return OpenMode.refused("the test store " + directory, operation);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
