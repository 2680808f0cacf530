package org.tsstore.testkit.reliability;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.ProviderLookup;

/**
 * The child JVM of the {@link CrashHarness}: opens the store, then runs the cycle's {@link CrashWorkload}
 * (stores, appends, deletes and batches of random series), printing a line before each call
 * ({@code BEGIN}) and after it returns ({@code ACK}), until it is killed. It never closes the store: the
 * only way out is SIGKILL.
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
    private CrashWorkload current;

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
        try {
            @SuppressWarnings("resource") // never closed: the child is always killed
            StorageManager store = ProviderLookup.open(cycle.location(), cycle.options());
            line("READY");
            CrashWorkload workload = new CrashWorkload(cycle, this::line);
            current = workload;
            workload.run(store);
            line("DONE");
            Thread.sleep(Long.MAX_VALUE);
        } catch (Throwable e) {
            line("FAIL " + (current == null ? -1 : current.operation()) + " " + encode(String.valueOf(e)));
            e.printStackTrace();
            System.exit(3);
        }
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
