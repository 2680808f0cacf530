package org.tsstore.cli;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.ArrayTimeSeries;

/**
 * A test backend, scheme {@code scratch}: named in-memory stores that outlive one open (so that a test
 * runs several commands against one store), with damage that a test can inject, which real backends
 * cannot be made to show on demand.
 */
public final class ScratchStorageProvider implements StorageManagerProvider {

    private static final Map<String, Map<String, SizedContainerTimeSeries>> STORES = new ConcurrentHashMap<>();
    private static final Map<String, Set<String>> DAMAGED = new ConcurrentHashMap<>();

    /** Marks a series of a scratch store damaged: get fails, verify reports it. */
    static void damage(String store, String id) {
        DAMAGED.computeIfAbsent(store, k -> ConcurrentHashMap.newKeySet()).add(id);
    }

    /** The series of a scratch store, for assertions: the live map. */
    static Map<String, SizedContainerTimeSeries> contents(String store) {
        return STORES.computeIfAbsent(store, k -> new ConcurrentHashMap<>());
    }

    @Override
    public String scheme() {
        return "scratch";
    }

    @Override
    public String description() {
        return "test store in memory, kept by name for the JVM's life";
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("failOpen");
    }

    @Override
    public URI defaultLocation() {
        return URI.create("scratch:default");
    }

    @Override
    public StorageManager open(URI location, Map<String, String> options) {
        StorageOptions opts = StorageOptions.of(location, options, optionNames());
        if (opts.getBoolean("failOpen", false)) {
            throw new StorageException("cannot open " + location + ": injected failure");
        }
        String name = location.getSchemeSpecificPart().replaceAll("\\?.*", "");
        return new Manager(name, contents(name), DAMAGED.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()));
    }

    private static final class Manager implements StorageManager {
        private final String name;
        private final Map<String, SizedContainerTimeSeries> series;
        private final Set<String> damaged;
        private volatile boolean closed;

        Manager(String name, Map<String, SizedContainerTimeSeries> series, Set<String> damaged) {
            this.name = name;
            this.series = series;
            this.damaged = damaged;
        }

        private void open() {
            if (closed) {
                throw new IllegalStateException("closed");
            }
        }

        @Override
        public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries ts) {
            open();
            SeriesIds.check(id);
            ArrayTimeSeries copy = ArrayTimeSeries.copyOf(ts);
            series.put(id, copy);
            damaged.remove(id);
            return copy;
        }

        @Override
        public int size(String id) {
            return get(id).size();
        }

        @Override
        public SizedContainerTimeSeries get(String id) {
            open();
            SeriesIds.check(id);
            if (damaged.contains(id)) {
                throw new StorageException("series " + SeriesIds.quote(id) + " in scratch:" + name
                        + " fails its checksum (injected)");
            }
            SizedContainerTimeSeries s = series.get(id);
            if (s == null) {
                throw new NoSuchSeriesException(id);
            }
            return s;
        }

        @Override
        public boolean contains(String id) {
            open();
            return series.containsKey(SeriesIds.check(id));
        }

        @Override
        public boolean delete(String id) {
            open();
            damaged.remove(id);
            return series.remove(SeriesIds.check(id)) != null;
        }

        @Override
        public Set<String> ids() {
            open();
            return Set.copyOf(new TreeSet<>(series.keySet()));
        }

        @Override
        public String newId() {
            open();
            return "id-" + System.nanoTime();
        }

        @Override
        public void flush() {
            open();
        }

        @Override
        public IntegrityReport verify() {
            open();
            IntegrityReport.Builder report = IntegrityReport.builder();
            for (String id : new TreeSet<>(series.keySet())) {
                if (damaged.contains(id)) {
                    report.damaged(new IntegrityReport.Damage(id, "scratch:" + name, "checksum mismatch (injected)"));
                } else {
                    report.checked(16L * series.get(id).size());
                }
            }
            return report.build();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
