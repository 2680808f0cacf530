package org.tsstore.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.core.ArrayTimeSeries;

/** A tsstore backend, found through {@link ServiceLoader} by scheme exactly as an application finds it. */
final class TsstoreSubject implements Subject {

    private final StorageManager manager;
    /** With batches, the stores waiting for {@link #settle()}, which writes them with one storeAll; else null. */
    private Map<String, SizedContainerTimeSeries> batch;

    private TsstoreSubject(StorageManager manager) {
        this.manager = manager;
    }

    /** This subject, collecting its stores into one {@code storeAll} at {@link #settle()}. */
    TsstoreSubject batched() {
        batch = new LinkedHashMap<>();
        return this;
    }

    /** Opens the backend of {@code scheme} on {@code dir} (ignored by the memory backend) with {@code options}. */
    static TsstoreSubject open(String scheme, Path dir, Map<String, String> options) {
        for (StorageManagerProvider provider : ServiceLoader.load(StorageManagerProvider.class)) {
            if (provider.scheme().equals(scheme)) {
                URI location = scheme.equals("memory") ? provider.defaultLocation() : URI.create(scheme + ":" + dir.toAbsolutePath());
                return new TsstoreSubject(provider.open(location, options));
            }
        }
        throw new IllegalArgumentException("no tsstore backend with scheme " + scheme + " on the class path");
    }

    /** Opens the backend of {@code scheme} at {@code location} (a server, not a directory) with {@code options}. */
    static TsstoreSubject open(String scheme, URI location, Map<String, String> options) {
        for (StorageManagerProvider provider : ServiceLoader.load(StorageManagerProvider.class)) {
            if (provider.scheme().equals(scheme)) {
                return new TsstoreSubject(provider.open(location, options));
            }
        }
        throw new IllegalArgumentException("no tsstore backend with scheme " + scheme + " on the class path");
    }

    /** Whether a backend of {@code scheme} is on the class path. */
    static boolean available(String scheme) {
        for (StorageManagerProvider provider : ServiceLoader.load(StorageManagerProvider.class)) {
            if (provider.scheme().equals(scheme)) {
                return true;
            }
        }
        return false;
    }

    /** The underlying manager, for workloads that hold a series across calls. */
    StorageManager manager() {
        return manager;
    }

    @Override
    public void store(String id, double[] times, double[] values) {
        if (batch != null) {
            batch.put(id, ArrayTimeSeries.of(times, values));
        } else {
            manager.store(id, ArrayTimeSeries.of(times, values));
        }
    }

    @Override
    public void settle() {
        // without a batch, store has handed the data to the OS (or the device) before it returned
        if (batch != null && !batch.isEmpty()) {
            manager.storeAll(batch);
            batch = new LinkedHashMap<>();
        }
    }

    @Override
    public void flush() {
        manager.flush();
    }

    @Override
    public Object get(String id) {
        return manager.get(id);
    }

    @Override
    public double getMean(String id) {
        SizedContainerTimeSeries series = manager.get(id);
        return series.mean();
    }

    @Override
    public void close() {
        manager.close();
    }
}
