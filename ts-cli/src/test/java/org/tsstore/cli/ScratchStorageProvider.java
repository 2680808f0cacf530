package org.tsstore.cli;

import java.net.URI;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.ForwardingStorageManager;
import org.tsstore.core.InMemoryStorageManager;
import org.tsstore.core.backend.AbstractStorageProvider;

/**
 * A test backend, scheme {@code scratch}: named in-memory stores (the reference {@link InMemoryStorageManager})
 * that outlive one open, so that a test runs several commands against one store, with damage that a test can
 * inject, which real backends cannot be made to show on demand.
 */
public final class ScratchStorageProvider extends AbstractStorageProvider {

    private static final Map<String, InMemoryStorageManager> STORES = new ConcurrentHashMap<>();
    private static final Map<String, Set<String>> DAMAGED = new ConcurrentHashMap<>();

    /** For ServiceLoader. */
    public ScratchStorageProvider() {
        super("scratch", "test store in memory, kept by name for the JVM's life", Set.of("failOpen"));
    }

    /** Marks a series of a scratch store damaged: get fails, verify reports it. */
    static void damage(String store, String id) {
        damaged(store).add(id);
    }

    /** The series of a scratch store as a map, for setting up and asserting: puts store, reads read. */
    static Map<String, SizedContainerTimeSeries> contents(String store) {
        InMemoryStorageManager inner = store(store);
        return new AbstractMap<>() {
            @Override
            public SizedContainerTimeSeries put(String id, SizedContainerTimeSeries series) {
                SizedContainerTimeSeries previous = inner.contains(id) ? inner.get(id) : null;
                inner.store(id, series);
                damaged(store).remove(id);
                return previous;
            }

            @Override
            public Set<Map.Entry<String, SizedContainerTimeSeries>> entrySet() {
                Map<String, SizedContainerTimeSeries> now = new LinkedHashMap<>();
                for (String id : new TreeSet<>(inner.ids())) {
                    now.put(id, inner.get(id));
                }
                return now.entrySet();
            }
        };
    }

    @Override
    public URI defaultLocation() {
        return URI.create("scratch:default");
    }

    @Override
    protected StorageManager open(URI location, StorageOptions options) {
        if (options.getBoolean("failOpen", false)) {
            throw new StorageException("cannot open " + location + ": injected failure");
        }
        String name = location.getSchemeSpecificPart().replaceAll("\\?.*", "");
        return new Manager(name, store(name), damaged(name));
    }

    private static InMemoryStorageManager store(String name) {
        return STORES.computeIfAbsent(name, k -> new InMemoryStorageManager());
    }

    private static Set<String> damaged(String name) {
        return DAMAGED.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet());
    }

    /** One open of a named store: closing it closes this view, not the store, which the next open finds again. */
    private static final class Manager extends ForwardingStorageManager {
        private final String name;
        private final InMemoryStorageManager store;
        private final Set<String> damaged;
        private volatile boolean closed;

        Manager(String name, InMemoryStorageManager store, Set<String> damaged) {
            this.name = name;
            this.store = store;
            this.damaged = damaged;
        }

        @Override
        protected StorageManager delegate() {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            return store;
        }

        @Override
        public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
            SizedContainerTimeSeries stored = super.store(id, series);
            damaged.remove(id);
            return stored;
        }

        @Override
        public SizedContainerTimeSeries get(String id) {
            SizedContainerTimeSeries series = super.get(id);
            if (damaged.contains(id)) {
                throw new StorageException("series " + SeriesIds.quote(id) + " in scratch:" + name
                        + " fails its checksum (injected)");
            }
            return series;
        }

        @Override
        public boolean delete(String id) {
            damaged.remove(id);
            return super.delete(id);
        }

        @Override
        public org.tsstore.api.RepairReport repair() {
            return standardRepair();
        }

        @Override
        public IntegrityReport verify() {
            IntegrityReport.Builder report = IntegrityReport.builder();
            for (String id : new TreeSet<>(delegate().ids())) {
                if (damaged.contains(id)) {
                    report.damaged(new IntegrityReport.Damage(id, "scratch:" + name, "checksum mismatch (injected)"));
                } else {
                    report.checked(16L * store.get(id).size());
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
