package org.tsstore.testkit.reliability;

import static org.tsstore.testkit.reliability.CrashChild.encode;
import static org.tsstore.testkit.reliability.CrashChild.poolId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.reliability.CrashChild.CrashCycle;

/**
 * The operations of one crash cycle, decided by its seed alone: stores, overwrites, appends, deletes and
 * {@code storeAll}/{@code appendAll} batches of random series on ids of a small pool (and fresh ones),
 * each announced before the call ({@code BEGIN}) and after it returns ({@code ACK}) in the protocol of
 * {@link CrashChild}, which {@link CrashModel#apply} reads. The {@link CrashHarness}'s child JVM runs it
 * until it is killed; the {@link PowerLossCheck} runs it in-process until the power goes. It appends only
 * to series it wrote itself in this run, whose state it knows exactly, since every earlier call of the run
 * was acknowledged.
 */
final class CrashWorkload {

    private final CrashCycle cycle;
    private final Consumer<String> out;
    private int op = -1;

    /**
     * @param cycle the cycle's seed, number, sizes and id pool
     * @param out takes each protocol line, without {@link CrashChild#PREFIX}; it may throw to stop the run
     */
    CrashWorkload(CrashCycle cycle, Consumer<String> out) {
        this.cycle = cycle;
        this.out = out;
    }

    /** The operation under way (or the last one), -1 before the first. */
    int operation() {
        return op;
    }

    /** Runs every operation of the cycle on the store; whatever a call throws ends the run. */
    void run(StorageManager store) {
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
                out.accept("BEGIN " + op + " APPEND " + encode(target) + " " + state[0] + " " + state[1] + " " + to);
                int size = store.append(target, CrashSeries.range(target, state[0], (int) state[1], to));
                if (size != to) {
                    throw new IllegalStateException("append returned size " + size + ", expected " + to);
                }
                state[1] = to;
                out.accept("ACK " + op);
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
                out.accept("BEGIN " + op + " STOREALL " + batch.size() + entries);
                store.storeAll(batch);
                batch.forEach((entry, series) -> known.put(entry, new long[] {version, series.size()}));
                out.accept("ACK " + op);
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
                out.accept("BEGIN " + op + " APPENDALL " + batch.size() + entries);
                store.appendAll(batch);
                known.putAll(after);
                out.accept("ACK " + op);
            } else if (choice < 10 || choice >= 13) {
                int size = size(random);
                out.accept("BEGIN " + op + " STORE " + encode(id) + " " + version + " " + size);
                store.store(id, CrashSeries.of(id, version, size));
                known.put(id, new long[] {version, size});
                out.accept("ACK " + op);
            } else {
                out.accept("BEGIN " + op + " DELETE " + encode(id));
                boolean removed = store.delete(id);
                known.remove(id);
                out.accept("ACK " + op + " " + removed);
            }
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
}
