package org.tsstore.storage.file;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.SplittableRandom;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The child JVM of {@link FileStorageManagerKillTest} and of the lock tests. Modes:
 * <ul>
 *   <li>{@code write <uri> <seed> <cycle> <maxPoints> <operations>}: opens the store through the
 *       provider's {@code ServiceLoader} entry, prints {@code READY}, then stores and deletes random
 *       series, printing {@code BEGIN} before each call and {@code ACK} after it returns, one unbuffered
 *       write per line, until killed;</li>
 *   <li>{@code hold <dir>}: opens the store, prints {@code LOCKED} and waits to be killed;</li>
 *   <li>{@code repair <dir>}: opens the store, prints {@code READY}, repairs it, prints {@code DONE} and the
 *       report, and waits to be killed;</li>
 *   <li>{@code try <dir>}: tries to open the store and prints {@code OPENED} or
 *       {@code REFUSED <message>}.</li>
 * </ul>
 */
public final class KillChild {

    static final String[] POOL = {"s", "S", "..", "a/b", "\u00e9", "e\u0301", "CON", "x".repeat(255), "s8", "s9",
        "s10", "s11"};

    private KillChild() {}

    /**
     * The series for an id and version: values encode the version, so a wrong read is recognisable.
     *
     * @param version the version
     * @param size the number of points
     * @return the series
     */
    static ArrayTimeSeries series(long version, int size) {
        double[] t = new double[size];
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            t[i] = i - size / 2;
            v[i] = version * 1e6 + (i % 2 == 0 ? i : -i);
        }
        return ArrayTimeSeries.of(t, v);
    }

    static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String s) {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /**
     * Runs a mode.
     *
     * @param args the mode and its arguments
     */
    public static void main(String[] args) throws Exception {
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        switch (args[0]) {
            case "write":
                write(out, URI.create(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]), Integer.parseInt(args[5]));
                break;
            case "hold":
                FileStorageManager held = FileStorageManager.open(java.nio.file.Path.of(args[1]));
                line(out, "LOCKED " + held.directory());
                Thread.sleep(Long.MAX_VALUE);
                break;
            case "repair":
                FileStorageManager damaged = FileStorageManager.open(java.nio.file.Path.of(args[1]));
                line(out, "READY");
                line(out, "DONE " + encode(damaged.repair().toString()));
                Thread.sleep(Long.MAX_VALUE);
                break;
            case "try":
                try (FileStorageManager m = FileStorageManager.open(java.nio.file.Path.of(args[1]))) {
                    line(out, "OPENED " + m.directory());
                } catch (RuntimeException e) {
                    line(out, "REFUSED " + encode(e.getClass().getName() + ": " + e.getMessage()));
                }
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    private static void line(FileOutputStream out, String s) throws IOException {
        out.write((s + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("resource") // never closed: the child is killed
    private static void write(FileOutputStream out, URI uri, long seed, int cycle, int maxPoints, int operations)
            throws IOException {
        StorageManagerProvider provider = null;
        for (StorageManagerProvider p : java.util.ServiceLoader.load(StorageManagerProvider.class)) {
            if (p.scheme().equals(uri.getScheme())) {
                provider = p;
            }
        }
        if (provider == null) {
            throw new IllegalStateException("no provider for " + uri);
        }
        StorageManager store = provider.open(uri, Map.of());
        line(out, "READY");
        SplittableRandom random = new SplittableRandom(seed * 31 + cycle);
        for (int op = 0; op < operations; op++) {
            String id = random.nextInt(10) == 0 ? "fresh-" + cycle + "-" + op : POOL[random.nextInt(POOL.length)];
            if (random.nextInt(10) < 7) {
                long version = cycle * 100_000L + op + 1;
                int bucket = random.nextInt(10);
                int size = bucket < 1 ? 0 : bucket < 7 ? random.nextInt(200) : random.nextInt(maxPoints + 1);
                line(out, "BEGIN " + op + " STORE " + encode(id) + " " + version + " " + size);
                store.store(id, series(version, size));
                line(out, "ACK " + op);
            } else {
                line(out, "BEGIN " + op + " DELETE " + encode(id));
                boolean removed = store.delete(id);
                line(out, "ACK " + op + " " + removed);
            }
        }
        line(out, "DONE");
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
