package org.tsstore.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * Broken on purpose: acknowledges a store or delete at once and writes it to disk later, in the
 * background. Perfect within one process, it loses acknowledged writes when killed: what the
 * {@link CrashHarness} must catch.
 */
final class LossyDirectoryStorageManager extends DirectoryStorageManager {

    private final Map<String, SizedContainerTimeSeries> unwritten = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lossy-writer");
        t.setDaemon(true);
        return t;
    });

    LossyDirectoryStorageManager(Path directory) {
        super(directory);
    }

    @Override
    void persist(Path file, byte[] bytes) {
        writer.execute(() -> {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.persist(file, bytes);
        });
    }

    @Override
    public synchronized SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        SizedContainerTimeSeries stored = super.store(id, series);
        unwritten.put(id, stored);
        return stored;
    }

    @Override
    public synchronized boolean delete(String id) {
        unwritten.remove(id);
        return super.delete(id);
    }

    @Override
    SizedContainerTimeSeries load(String id) {
        SizedContainerTimeSeries pending = unwritten.get(id);
        return pending != null ? pending : super.load(id);
    }

    @Override
    public synchronized void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }
}
