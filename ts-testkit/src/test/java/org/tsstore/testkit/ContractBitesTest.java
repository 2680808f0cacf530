package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Proof that the contracts bite: each runs against a deliberately broken manager or series, and the
 * properties that should catch the break must fail, while a correct implementation passes the same
 * properties. The broken test classes are nested, so surefire never runs them on their own (its default
 * excludes skip nested classes); they run only through {@link ContractRunner} here.
 */
class ContractBitesTest {

    /**
     * Runs the properties and checks each failed with an assertion, not a crash of the harness; also for
     * {@link ReadOnlyContractBitesTest}.
     */
    static void assertCaught(Class<?> brokenTest, String... properties) {
        Map<String, TestExecutionResult> results = ContractRunner.run(brokenTest, properties);
        assertEquals(Set.of(properties), results.keySet(), "properties run for " + brokenTest.getSimpleName());
        results.forEach((property, result) -> {
            if (result.getStatus() != TestExecutionResult.Status.FAILED) {
                fail(brokenTest.getSimpleName() + ": " + property + " did not catch the break (" + result.getStatus() + ")");
            }
            Throwable cause = result.getThrowable().orElseThrow();
            assertTrue(cause instanceof AssertionError, brokenTest.getSimpleName() + ": " + property
                    + " failed with " + cause + " rather than an assertion");
            String message = String.valueOf(cause.getMessage());
            System.out.println("caught " + brokenTest.getSimpleName() + " in " + property + ": "
                    + message.substring(0, Math.min(message.length(), 300)).replace('\n', ' '));
        });
    }

    private static void assertPasses(Class<?> test, String... properties) {
        ContractRunner.run(test, properties).forEach((property, result) -> assertEquals(
                TestExecutionResult.Status.SUCCESSFUL, result.getStatus(),
                () -> test.getSimpleName() + ": " + property + " failed: " + result.getThrowable().orElse(null)));
    }

    // ---- managers --------------------------------------------------------------------------------------

    @Test
    void correctManagerPassesTheSamePropertiesThatCatchTheBrokenOnes() {
        assertPasses(SimpleStorageManagerContractTest.class, "storedSeriesReadsBackEqual",
                "storeReplacesOnlyTheSeriesUnderItsId", "invalidIdsAreRefusedEverywhere", "everyInvalidIdExampleIsRefused",
                "storedSeriesIsIndependentOfTheCaller", "seriesThatBreakTheRulesAreRefused", "seriesThatLieAreRefused",
                "closedStoreRefusesEveryMethod", "seriesSurviveReopenWhenPersistent", "concurrentUseNeverShowsAMixedSeries",
                "concurrentUseIsLinearizablePerId", "specialValuesReadBackBitForBit",
                "storeBehavesLikeAMap", "appendsGrowTheSeriesAsTheModelDoes", "rangeReadsEqualTheModelsRange",
                "appendAllAppendsEveryEntryOrNone", "hostileInputChangesNoFile", "concurrentReadersSeeWholeAppends");
    }

    /** Loses the last point of every append. */
    static class AppendLosesLastPoint implements StatefulStorageContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                public int append(String id, SizedContainerTimeSeries points) {
                    int n = Math.max(0, points.size() - 1);
                    return super.append(id, ArrayTimeSeries.of(Arrays.copyOf(points.times(), n),
                            Arrays.copyOf(points.values(), n)));
                }
            };
        }
    }

    @Test
    void losingTheLastAppendedPointIsCaught() {
        assertCaught(AppendLosesLastPoint.class, "appendsGrowTheSeriesAsTheModelDoes", "appendAllAppendsEveryEntryOrNone",
                "storeBehavesLikeAMap");
    }

    /** Reads ranges as closed: the point at the upper bound comes back too. */
    static class RangeIncludesItsEnd implements StatefulStorageContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                public SizedContainerTimeSeries get(String id, double fromTime, double toTime) {
                    double end = toTime == Double.POSITIVE_INFINITY || Double.isNaN(toTime) ? toTime : Math.nextUp(toTime);
                    return super.get(id, fromTime, end);
                }
            };
        }
    }

    @Test
    void aRangeOffByOneAtItsEndIsCaught() {
        assertCaught(RangeIncludesItsEnd.class, "rangeReadsEqualTheModelsRange", "appendsGrowTheSeriesAsTheModelDoes");
    }

    /** Makes an append visible in two steps: first half of its points, then the rest. */
    static class TornAppends implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                public int append(String id, SizedContainerTimeSeries points) {
                    int half = points.size() / 2;
                    if (half > 0) {
                        super.append(id, ArrayTimeSeries.of(Arrays.copyOf(points.times(), half),
                                Arrays.copyOf(points.values(), half)));
                        Thread.yield();
                        return super.append(id, ArrayTimeSeries.of(Arrays.copyOfRange(points.times(), half, points.size()),
                                Arrays.copyOfRange(points.values(), half, points.size())));
                    }
                    return super.append(id, points);
                }
            };
        }
    }

    @Test
    void anAppendSeenInPartsIsCaught() {
        assertCaught(TornAppends.class, "concurrentReadersSeeWholeAppends");
    }

    /** Applies a batch entry by entry, checking each only when it comes to it: a refused batch is half-applied. */
    static class HalfAppliedBatches implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                public void appendAll(java.util.Map<String, ? extends SizedContainerTimeSeries> points) {
                    points.forEach(this::append);
                }

                @Override
                public void storeAll(java.util.Map<String, ? extends SizedContainerTimeSeries> batch) {
                    batch.forEach(this::store);
                }
            };
        }
    }

    @Test
    void aHalfAppliedBatchIsCaught() {
        assertCaught(HalfAppliedBatches.class, "appendAllAppendsEveryEntryOrNone", "hostileInputChangesNoFile");
    }

    /** Loses the last point of every non-empty series. */
    static class DropsLastPoint implements StatefulStorageContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                SizedContainerTimeSeries keep(SizedContainerTimeSeries s) {
                    int n = Math.max(0, s.size() - 1);
                    return ArrayTimeSeries.of(Arrays.copyOf(s.times(), n), Arrays.copyOf(s.values(), n));
                }
            };
        }
    }

    @Test
    void droppingTheLastPointIsCaught() {
        assertCaught(DropsLastPoint.class, "storedSeriesReadsBackEqual", "everySeriesKeepsItsOwnContent",
                "storeBehavesLikeAMap");
    }

    /** Keeps the first series stored under an id. */
    static class IgnoresOverwrites implements StatefulStorageContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries s) {
                    SizedContainerTimeSeries copy = ArrayTimeSeries.copyOf(s);
                    series.putIfAbsent(checkId(id), copy);
                    return copy;
                }
            };
        }
    }

    @Test
    void ignoringOverwritesIsCaught() {
        assertCaught(IgnoresOverwrites.class, "storeReplacesOnlyTheSeriesUnderItsId", "storeBehavesLikeAMap");
    }

    /** Checks ids for null only. */
    static class AcceptsInvalidIds implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                String checkId(String id) {
                    return java.util.Objects.requireNonNull(id, "id");
                }
            };
        }
    }

    @Test
    void acceptingInvalidIdsIsCaught() {
        assertCaught(AcceptsInvalidIds.class, "invalidIdsAreRefusedEverywhere", "everyInvalidIdExampleIsRefused");
    }

    /** Hands out series whose times() and values() are its own arrays. */
    static class LeaksMutableArrays implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                SizedContainerTimeSeries keep(SizedContainerTimeSeries s) {
                    return new LeakySeries(s.times(), s.values());
                }
            };
        }
    }

    @Test
    void leakingMutableArraysIsCaught() {
        assertCaught(LeaksMutableArrays.class, "storedSeriesIsIndependentOfTheCaller");
    }

    /** Keeps the caller's object instead of a copy, unchecked. */
    static class KeepsTheCallersSeries implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                SizedContainerTimeSeries keep(SizedContainerTimeSeries s) {
                    return s;
                }
            };
        }
    }

    @Test
    void keepingTheCallersSeriesIsCaught() {
        assertCaught(KeepsTheCallersSeries.class, "storedSeriesIsIndependentOfTheCaller",
                "seriesThatBreakTheRulesAreRefused", "seriesThatLieAreRefused");
    }

    /** Stores -0.0 as 0.0, as a careless encoding might. */
    static class NormalisesNegativeZero implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                SizedContainerTimeSeries keep(SizedContainerTimeSeries s) {
                    double[] v = s.values();
                    for (int i = 0; i < v.length; i++) {
                        v[i] += 0.0; // -0.0 + 0.0 == 0.0
                    }
                    return ArrayTimeSeries.of(s.times(), v);
                }
            };
        }
    }

    @Test
    void losingTheSignOfZeroIsCaught() {
        assertCaught(NormalisesNegativeZero.class, "specialValuesReadBackBitForBit");
    }

    /** Keeps working after close(). */
    static class IgnoresClose implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                public void close() {}
            };
        }
    }

    @Test
    void workingAfterCloseIsCaught() {
        assertCaught(IgnoresClose.class, "closedStoreRefusesEveryMethod");
    }

    /** Publishes times and values of a new series in two steps, so a reader can pair old and new. */
    static class TornWrites implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new TornStorageManager();
        }
    }

    /** Validates a series only after writing its file: a refused store leaves a file behind. */
    static class WritesBeforeChecking extends DirectoryStorageManagerContractTest {
        @Override
        StorageManager open(Path directory) {
            return new DirectoryStorageManager(directory) {
                @Override
                public synchronized SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
                    try {
                        java.nio.file.Files.createTempFile(directory, "pending-", ".tmp");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return super.store(id, series);
                }
            };
        }
    }

    /**
     * Names files by the raw id when it looks like {@code ../x}, which lands beside the store (other ids keep
     * safe names, so that the test writes nowhere but the temporary directory).
     */
    static class IdsAsPaths extends DirectoryStorageManagerContractTest {
        @Override
        StorageManager open(Path directory) {
            return new DirectoryStorageManager(directory) {
                @Override
                Path file(String id) {
                    // only ../x: the rest must not write outside the temporary directory in a test
                    return id.startsWith("../") && id.indexOf('/', 3) < 0 && id.length() < 100
                            ? directory.resolve(id + ".series") : super.file(id);
                }
            };
        }
    }

    /** Sizes its copy by what a long series claims, as a careless backend does: a liar's claim takes the heap. */
    static class TrustsTheClaimedSize implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
                    if (series != null && series.size() > 1 << 20) {
                        double[] times = new double[series.size()];
                        series.copyTimes(0, times, 0, times.length);
                    }
                    return super.store(id, series);
                }
            };
        }
    }

    /** Reports a series that fails while it is read as a failure of its own storage. */
    static class BlamesTheDisk implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                @Override
                public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
                    try {
                        return super.store(id, series);
                    } catch (HostileSeries.SeriesReadFailure e) {
                        throw new org.tsstore.api.StorageException("cannot store series " + id + " in its file", e);
                    }
                }
            };
        }
    }

    /** Writes a long series' file as it reads it, and leaves what it wrote when a late point is refused. */
    static class LeavesLateRefusals extends DirectoryStorageManagerContractTest {
        @Override
        StorageManager open(Path directory) {
            return new DirectoryStorageManager(directory) {
                @Override
                public synchronized SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
                    if (series != null && series.size() >= HostileInputCheck.LATE_FAILURE_POINTS) {
                        try {
                            java.nio.file.Files.write(directory.resolve("partial-" + Integer.toHexString(id.hashCode())),
                                    new byte[8 * 65_536]);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    return super.store(id, series);
                }
            };
        }
    }

    @Test
    void trustingALyingSizeIsCaught() {
        assertCaught(TrustsTheClaimedSize.class, "hostileInputChangesNoFile");
    }

    @Test
    void blamingTheDiskForTheCallersFailureIsCaught() {
        assertCaught(BlamesTheDisk.class, "hostileInputChangesNoFile");
    }

    @Test
    void bytesLeftByALateRefusalAreCaught() {
        assertCaught(LeavesLateRefusals.class, "hostileInputChangesNoFile");
    }

    @Test
    void correctDirectoryManagerPassesTheDirectoryCheck() {
        assertPasses(DirectoryStorageManagerContractTest.class, "hostileInputChangesNoFile");
    }

    @Test
    void writingFilesForRefusedCallsIsCaught() {
        assertCaught(WritesBeforeChecking.class, "hostileInputChangesNoFile");
    }

    @Test
    void idsThatBecomePathsAreCaught() throws java.io.IOException {
        Path escaped = StoreDirectories.newDirectory("bites-probe").getParent().resolve("x.series");
        java.nio.file.Files.deleteIfExists(escaped); // left by an earlier run that was killed, it would hide the escape
        try {
            assertCaught(IdsAsPaths.class, "hostileInputChangesNoFile");
        } finally {
            // what the broken backend wrote beside its store
            java.nio.file.Files.deleteIfExists(escaped);
        }
    }

    /**
     * Serves reads from a per-thread cache that only the thread's own writes refresh: whole, valid
     * versions, but stale once another thread has overwritten or deleted the id.
     */
    static class StaleThreadCache implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                private final ThreadLocal<Map<String, SizedContainerTimeSeries>> cache =
                        ThreadLocal.withInitial(java.util.HashMap::new);

                @Override
                public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries s) {
                    SizedContainerTimeSeries stored = super.store(id, s);
                    cache.get().put(id, stored);
                    return stored;
                }

                @Override
                public SizedContainerTimeSeries get(String id) {
                    SizedContainerTimeSeries cached = cache.get().get(id);
                    return cached != null ? cached : super.get(id);
                }
            };
        }
    }

    @Test
    void staleReadsUnderConcurrencyAreCaught() {
        assertCaught(StaleThreadCache.class, "concurrentUseIsLinearizablePerId");
    }

    /** Acknowledges a delete at once and carries it out a little later, in the background. */
    static class LateDeletes implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager() {
                private final java.util.concurrent.ScheduledExecutorService later =
                        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                            Thread t = new Thread(r, "late-deletes");
                            t.setDaemon(true);
                            return t;
                        });

                @Override
                public boolean delete(String id) {
                    boolean existed = contains(id);
                    SizedContainerTimeSeries victim = series.get(id);
                    later.schedule(() -> victim == null || series.remove(id, victim), 2,
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                    return existed;
                }
            };
        }
    }

    @Test
    void lateDeletesUnderConcurrencyAreCaught() {
        assertCaught(LateDeletes.class, "concurrentUseIsLinearizablePerId");
    }

    @Test
    void tornWritesUnderConcurrencyAreCaught() {
        assertCaught(TornWrites.class, "concurrentUseNeverShowsAMixedSeries");
    }

    /** Claims persistence, but reopens an empty store. */
    static class ForgetsOnReopen implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager();
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.of(Capability.PERSISTENT);
        }

        @Override
        public StorageManager reopen(StorageManager previous) {
            previous.close();
            return new SimpleStorageManager();
        }
    }

    /** Does not declare persistence, but reopen quietly succeeds: the declared-absent behaviour is wrong. */
    static class ReopensWithoutDeclaringIt implements StorageManagerContract, DoubleContract {
        @Override
        public StorageManager create() {
            return new SimpleStorageManager();
        }

        @Override
        public StorageManager reopen(StorageManager previous) {
            return previous;
        }
    }

    @Test
    void persistenceIsCheckedWhetherDeclaredOrNot() {
        assertCaught(ForgetsOnReopen.class, "seriesSurviveReopenWhenPersistent", "hostileIdsAreStoredDistinctly");
        assertCaught(ReopensWithoutDeclaringIt.class, "seriesSurviveReopenWhenPersistent");
    }

    // ---- series ----------------------------------------------------------------------------------------

    @Test
    void correctSeriesPassesTheSamePropertiesThatCatchTheBrokenOnes() {
        assertPasses(ArrayTimeSeriesContractTest.class, "equalityIsByContentAcrossImplementations", "sliceIsHalfOpen",
                "timesAndValuesAreFreshCopies", "meanAndStdMatchTheFormulas", "interpolateIsLinearAndConstantBeyondTheEnds",
                "minAndMaxAgreeWithALinearScan", "arithmeticWithASeriesIsPointwise");
        assertPasses(SkeletonSeriesContractTest.class, "equalityIsByContentAcrossImplementations", "sliceIsHalfOpen",
                "timesAndValuesAreFreshCopies", "meanAndStdMatchTheFormulas");
    }

    /** Hash code by identity. */
    static class IdentityHash implements SizedContainerTimeSeriesContract {
        @Override
        public SizedContainerTimeSeries create(double[] times, double[] values) {
            return new SkeletonSeries(times, values) {
                @Override
                public int hashCode() {
                    return System.identityHashCode(this);
                }
            };
        }
    }

    /** Slices include the upper bound. */
    static class ClosedSlice implements SizedContainerTimeSeriesContract {
        @Override
        public SizedContainerTimeSeries create(double[] times, double[] values) {
            return new SkeletonSeries(times, values) {
                @Override
                public SizedContainerTimeSeries slice(double fromTime, double toTime) {
                    return super.slice(fromTime, Math.nextUp(toTime));
                }
            };
        }
    }

    /** Variance by the one-pass formula, which cancels catastrophically. */
    static class OnePassStd implements SizedContainerTimeSeriesContract {
        @Override
        public SizedContainerTimeSeries create(double[] times, double[] values) {
            return new SkeletonSeries(times, values) {
                @Override
                public double std() {
                    double sum = 0;
                    double squares = 0;
                    for (int i = 0; i < size(); i++) {
                        sum += value(i);
                        squares += value(i) * value(i);
                    }
                    double mean = sum / size();
                    return Math.sqrt(squares / size() - mean * mean);
                }
            };
        }
    }

    /** Interpolates by the nearest point at or before the time. */
    static class StepInterpolation implements SizedContainerTimeSeriesContract {
        @Override
        public SizedContainerTimeSeries create(double[] times, double[] values) {
            return new SkeletonSeries(times, values) {
                @Override
                public SizedContainerTimeSeries interpolate(double... newTimes) {
                    if (size() == 0 || newTimes.length == 0) {
                        return super.interpolate(newTimes);
                    }
                    double[] out = new double[newTimes.length];
                    for (int k = 0; k < out.length; k++) {
                        int i = Math.max(0, lowerBound(newTimes[k]) - (containsTime(newTimes[k]) ? 0 : 1));
                        out[k] = value(Math.min(i, size() - 1));
                    }
                    return ArrayTimeSeries.of(newTimes, out);
                }
            };
        }
    }

    /** min() and max() skip NaN instead of returning it. */
    static class MinSkipsNaN implements SizedContainerTimeSeriesContract {
        @Override
        public SizedContainerTimeSeries create(double[] times, double[] values) {
            return new SkeletonSeries(times, values) {
                @Override
                public double min() {
                    if (isEmpty()) {
                        return super.min();
                    }
                    return Arrays.stream(values()).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
                }
            };
        }
    }

    /** The mismatch message names no index. */
    static class VagueMismatch implements SizedContainerTimeSeriesContract {
        @Override
        public SizedContainerTimeSeries create(double[] times, double[] values) {
            return new SkeletonSeries(times, values) {
                @Override
                public SizedContainerTimeSeries plus(SizedContainerTimeSeries other) {
                    if (!Arrays.equals(times(), other.times())) {
                        throw new IllegalArgumentException("times differ");
                    }
                    return super.plus(other);
                }
            };
        }
    }

    @Test
    void brokenSeriesAreCaught() {
        assertCaught(IdentityHash.class, "equalityIsByContentAcrossImplementations");
        assertCaught(ClosedSlice.class, "sliceIsHalfOpen");
        assertCaught(LeakySeriesContract.class, "timesAndValuesAreFreshCopies");
        assertCaught(OnePassStd.class, "meanAndStdMatchTheFormulas");
        assertCaught(StepInterpolation.class, "interpolateIsLinearAndConstantBeyondTheEnds");
        assertCaught(MinSkipsNaN.class, "minAndMaxAgreeWithALinearScan");
        assertCaught(VagueMismatch.class, "arithmeticWithASeriesIsPointwise");
    }

    /** times() and values() return the series' own arrays. */
    static class LeakySeriesContract implements SizedContainerTimeSeriesContract {
        @Override
        public SizedContainerTimeSeries create(double[] times, double[] values) {
            return new LeakySeries(times, values);
        }
    }

    /** A series over arrays that gives them out: the break behind two of the cases above. */
    static final class LeakySeries extends SkeletonSeries {
        LeakySeries(double[] times, double[] values) {
            super(times, values);
        }

        @Override
        public double[] times() {
            return times;
        }

        @Override
        public double[] values() {
            return values;
        }
    }
}
