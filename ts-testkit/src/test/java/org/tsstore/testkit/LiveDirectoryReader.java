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
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.ReadOnlyStorageManager;

/**
 * A {@link DirectoryStorageManager} store opened with {@code mode=read}: each {@code get} reads the id's file
 * afresh (the writer renames whole files into place, so a read sees one version whole), takes no lock and writes
 * nothing, refuses every write and a missing directory: it passes {@link ReadOnlyContract}. With a fault it
 * breaks on purpose, for the bite tests: {@code stale} serves the first version it read of an id forever,
 * {@code torn} returns every third series with its last point zeroed (a half-written tail), {@code throws} fails
 * every 40th read.
 */
final class LiveDirectoryReader extends ReadOnlyStorageManager {

    private final Path directory;
    private final String fault;
    private final Map<String, SizedContainerTimeSeries> firstSeen = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();

    LiveDirectoryReader(Path directory, String fault) {
        super("the test store " + directory);
        if (!Files.isDirectory(directory)) {
            throw new StorageException("cannot open the test store " + directory + " read-only: no such directory");
        }
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
            if (vanished(e, file)) {
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
        Set<String> ids = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".series")).toList()) {
                try {
                    ids.add(DirectoryStorageManager.read(file).id());
                } catch (StorageException e) {
                    if (!vanished(e, file)) {
                        throw e;
                    } // else deleted between the listing and the read
                }
            }
        } catch (java.io.IOException e) {
            throw new StorageException("cannot list the test store " + directory, e);
        }
        return Set.copyOf(ids);
    }

    @Override
    public String newId() {
        return java.util.UUID.randomUUID().toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    /**
     * Whether a failed read met no file: it was deleted after the first look, and perhaps stored again
     * before the second (the writer's delete then store), so "not found" is a state the writer acknowledged.
     */
    private static boolean vanished(StorageException e, Path file) {
        return e.getCause() instanceof java.nio.file.NoSuchFileException || !Files.exists(file);
    }
}
