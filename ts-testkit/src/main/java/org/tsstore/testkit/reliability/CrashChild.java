package org.tsstore.testkit.reliability;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.ProviderLookup;

/**
 * The child JVM of the {@link CrashHarness}: opens the store, then stores, appends to, deletes and
 * writes batches of random series, printing a line before each call ({@code BEGIN}) and after it returns
 * ({@code ACK}), until it is killed. It appends only to series it wrote itself in this run, whose state
 * it knows exactly, since every earlier call of the run was acknowledged.
 * It never closes the store: the only way out is SIGKILL.
 *
 * <p>Protocol, one line each, written whole and flushed at once, each line starting with {@link #PREFIX}
 * (anything else on standard output, such as a JVM warning, is not part of it):
 * <pre>
 * READY
 * BEGIN op STORE id version size     ACK op
 * BEGIN op DELETE id                 ACK op removed
 * BEGIN op APPEND id version from to ACK op
 * BEGIN op STOREALL n (id version size){n}       ACK op
 * BEGIN op APPENDALL n (id version from to){n}   ACK op
 * DONE                               (then it waits to be killed)
 * FAIL op message                    (then it exits with status 3)
 * </pre>
 * Ids and messages are Base64 (URL-safe, unpadded) of their UTF-8 bytes, so any id fits on one line.
 */
final class CrashChild {

    /** The start of every protocol line. */
    static final String PREFIX = "@tsstore-crash ";

    /** Ids of the pool beyond these are {@code s<i>}; these are the ones most likely to be mistaken. */
    static final List<String> POOL_NAMES = List.of("s", "S", "..", "a/b", "\u00e9", "e\u0301", "CON",
            "x".repeat(255));

    private final FileOutputStream out;
    private final CrashCycle cycle;

    private CrashChild(FileOutputStream out, CrashCycle cycle) {
        this.out = out;
        this.cycle = cycle;
    }

    static String poolId(int i) {
        return i < POOL_NAMES.size() ? POOL_NAMES.get(i) : "s" + i;
    }

    static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String s) {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }

    static void main(CrashCycle cycle) {
        new CrashChild(new FileOutputStream(FileDescriptor.out), cycle).run();
    }

    private void line(String s) {
        // One unbuffered write per line, far shorter than PIPE_BUF: the parent sees whole lines or none.
        try {
            out.write((PREFIX + s + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the parent", e);
        }
    }

    private void run() {
        int op = -1;
        try {
            @SuppressWarnings("resource") // never closed: the child is always killed
            StorageManager store = ProviderLookup.open(cycle.location(), cycle.options());
            line("READY");
            SplittableRandom random = new SplittableRandom(cycle.childSeed());
            Map<String, long[]> known = new LinkedHashMap<>(); // id -> {version, size}, written in this run
            for (op = 0; op < cycle.operations(); op++) {
                int choice = random.nextInt(20);
                String id = choice == 9 ? "fresh-" + cycle.number() + "-" + op : poolId(random.nextInt(cycle.idPool()));
                long version = cycle.version(op);
                if (choice >= 13 && choice < 16 && !known.isEmpty()) {
                    String target = pick(known, random);
                    long[] state = known.get(target);
                    int to = (int) Math.min(state[1] + size(random), 2L * cycle.maxPoints());
                    line("BEGIN " + op + " APPEND " + encode(target) + " " + state[0] + " " + state[1] + " " + to);
                    int size = store.append(target, CrashSeries.range(target, state[0], (int) state[1], to));
                    if (size != to) {
                        throw new IllegalStateException("append returned size " + size + ", expected " + to);
                    }
                    state[1] = to;
                    line("ACK " + op);
                } else if (choice >= 16 && choice < 18) {
                    Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
                    StringBuilder entries = new StringBuilder();
                    int n = 2 + random.nextInt(3);
                    for (int k = 0; k < n; k++) {
                        String entry = k == 0 ? id : poolId(random.nextInt(cycle.idPool()));
                        if (!batch.containsKey(entry)) {
                            int size = size(random);
                            batch.put(entry, CrashSeries.of(entry, version, size));
                            entries.append(' ').append(encode(entry)).append(' ').append(version).append(' ').append(size);
                        }
                    }
                    line("BEGIN " + op + " STOREALL " + batch.size() + entries);
                    store.storeAll(batch);
                    batch.forEach((entry, series) -> known.put(entry, new long[] {version, series.size()}));
                    line("ACK " + op);
                } else if (choice >= 18 && !known.isEmpty()) {
                    Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
                    Map<String, long[]> after = new LinkedHashMap<>();
                    StringBuilder entries = new StringBuilder();
                    int n = 1 + random.nextInt(4);
                    for (int k = 0; k < n; k++) {
                        String target = pick(known, random);
                        if (!batch.containsKey(target)) {
                            long[] state = known.get(target);
                            int to = (int) Math.min(state[1] + 1 + random.nextInt(50), 2L * cycle.maxPoints());
                            batch.put(target, CrashSeries.range(target, state[0], (int) state[1], to));
                            after.put(target, new long[] {state[0], to});
                            entries.append(' ').append(encode(target)).append(' ').append(state[0]).append(' ')
                                    .append(state[1]).append(' ').append(to);
                        }
                    }
                    line("BEGIN " + op + " APPENDALL " + batch.size() + entries);
                    store.appendAll(batch);
                    known.putAll(after);
                    line("ACK " + op);
                } else if (choice < 10 || choice >= 13) {
                    int size = size(random);
                    line("BEGIN " + op + " STORE " + encode(id) + " " + version + " " + size);
                    store.store(id, CrashSeries.of(id, version, size));
                    known.put(id, new long[] {version, size});
                    line("ACK " + op);
                } else {
                    line("BEGIN " + op + " DELETE " + encode(id));
                    boolean removed = store.delete(id);
                    known.remove(id);
                    line("ACK " + op + " " + removed);
                }
            }
            line("DONE");
            Thread.sleep(Long.MAX_VALUE);
        } catch (Throwable e) {
            line("FAIL " + op + " " + encode(String.valueOf(e)));
            e.printStackTrace();
            System.exit(3);
        }
    }

    private static String pick(Map<String, long[]> known, SplittableRandom random) {
        int k = random.nextInt(known.size());
        for (String id : known.keySet()) {
            if (k-- == 0) {
                return id;
            }
        }
        throw new AssertionError("unreachable");
    }

    private int size(SplittableRandom random) {
        int max = cycle.maxPoints();
        int bucket = random.nextInt(20);
        if (bucket < 2) {
            return 0;
        }
        if (bucket < 12) {
            return random.nextInt(Math.min(max, 100) + 1);
        }
        if (bucket < 17) {
            return random.nextInt(Math.min(max, 5000) + 1);
        }
        return random.nextInt(max + 1);
    }

    /** What one child run needs to know, from its command line. */
    record CrashCycle(URI location, long seed, int number, int maxPoints, int operations, int idPool,
            Map<String, String> options) {

        long childSeed() {
            return seed * 0x9E3779B97F4A7C15L + number;
        }

        /** Versions are unique across cycles, so that an old version never passes for a new one. */
        long version(int op) {
            return (long) number * 1_000_000L + op + 1;
        }

        List<String> arguments() {
            List<String> args = new java.util.ArrayList<>(List.of(location.toString(), Long.toString(seed),
                    Integer.toString(number), Integer.toString(maxPoints), Integer.toString(operations),
                    Integer.toString(idPool)));
            options.forEach((k, v) -> args.add(encode(k) + "=" + encode(v)));
            return args;
        }

        static CrashCycle parse(String[] args) {
            if (args.length < 6) {
                throw new IllegalArgumentException("usage: CrashHarness <location> <seed> <cycle> <maxPoints> "
                        + "<operations> <idPool> [option=value...] (started by CrashHarness.run(), not by hand)");
            }
            Map<String, String> options = new java.util.LinkedHashMap<>();
            for (int i = 6; i < args.length; i++) {
                int eq = args[i].indexOf('=');
                options.put(decode(args[i].substring(0, eq)), decode(args[i].substring(eq + 1)));
            }
            return new CrashCycle(URI.create(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), Map.copyOf(options));
        }
    }
}
