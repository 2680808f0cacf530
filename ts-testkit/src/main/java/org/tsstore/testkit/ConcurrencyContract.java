package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.tsstore.api.StorageManager;

/**
 * Concurrency: several threads storing, reading and deleting never see a mix of two series, and every
 * id behaves as an atomic register (linearizable per id). Part of {@link StorageManagerContract}.
 */
public interface ConcurrencyContract extends StoreContract {

    /**
     * Four threads store, read and delete on owned and shared ids at once; no reader sees a mix of two
     * series, a series never stored under the id, or one older than a series already stored under it.
     *
     * @param seed chooses each thread's operations
     * @throws InterruptedException if the test is interrupted
     */
    @Property(tries = 8)
    default void concurrentUseNeverShowsAMixedSeries(@ForAll long seed) throws InterruptedException {
        try (StorageManager store = create()) {
            List<String> violations = new ConcurrencyCheck(store, seed).run();
            if (!violations.isEmpty()) {
                fail(violations.size() + " violations under concurrent use, first: " + String.join("\n", violations));
            }
        }
    }

    /**
     * Several threads store, read, delete and list a few ids for a bounded time (one and a half seconds,
     * thirty in a {@link StressProfile stress run}, or {@code tsstore.linearizability.millis}); every id must behave as an atomic register: each read
     * returns the latest write in one order of all calls that agrees with real time
     * ({@link LinearizabilityCheck}).
     *
     * @param seed the seed of the calls each thread makes
     * @throws InterruptedException if the test is interrupted
     */
    @Property(tries = 2, shrinking = ShrinkingMode.OFF)
    default void concurrentUseIsLinearizablePerId(@ForAll long seed) throws InterruptedException {
        try (StorageManager store = create()) {
            LinearizabilityCheck check = new LinearizabilityCheck(store, seed,
                    Long.getLong("tsstore.linearizability.millis", StressProfile.active() ? 30_000L : 1500L));
            List<String> violations = check.run();
            System.out.println("linearizability of " + store.getClass().getSimpleName() + ": " + check.operations()
                    + " calls by 4 threads on 3 ids, seed " + seed + ", " + violations.size() + " violations");
            if (!violations.isEmpty()) {
                fail(violations.size() + " linearizability violations in " + check.operations() + " calls, first: "
                        + String.join("\n", violations.subList(0, Math.min(10, violations.size()))));
            }
        }
    }

    /**
     * One thread grows a series by appends while three read it whole, by {@code size} and by ranges, for a
     * bounded time (as {@link #concurrentUseIsLinearizablePerId}); every read shows a prefix some append
     * left, within what real time allows, and never fewer points than a read that returned before it began
     * ({@link AppendLinearizabilityCheck}).
     *
     * @param seed the seed of the calls
     * @throws InterruptedException if the test is interrupted
     */
    @Property(tries = 2, shrinking = ShrinkingMode.OFF)
    default void concurrentReadersSeeWholeAppends(@ForAll long seed) throws InterruptedException {
        try (StorageManager store = create()) {
            AppendLinearizabilityCheck check = new AppendLinearizabilityCheck(store, seed,
                    Long.getLong("tsstore.linearizability.millis", StressProfile.active() ? 30_000L : 1000L));
            List<String> violations = check.run();
            System.out.println("append linearizability of " + store.getClass().getSimpleName() + ": "
                    + check.operations() + " calls by 4 threads, seed " + seed + ", " + violations.size() + " violations");
            if (!violations.isEmpty()) {
                fail(violations.size() + " violations in " + check.operations() + " calls, first: "
                        + String.join("\n", violations.subList(0, Math.min(10, violations.size()))));
            }
        }
    }
}
