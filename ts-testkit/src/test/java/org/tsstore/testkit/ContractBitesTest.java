package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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

    /** Runs the properties and checks each failed with an assertion, not a crash of the harness. */
    private static void assertCaught(Class<?> brokenTest, String... properties) {
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
                "storeBehavesLikeAMap");
    }

    /** Loses the last point of every non-empty series. */
    static class DropsLastPoint implements StatefulStorageContract {
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
    static class IgnoresOverwrites implements StatefulStorageContract {
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
    static class AcceptsInvalidIds implements StorageManagerContract {
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
    static class LeaksMutableArrays implements StorageManagerContract {
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
    static class KeepsTheCallersSeries implements StorageManagerContract {
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
    static class NormalisesNegativeZero implements StorageManagerContract {
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
        assertCaught(NormalisesNegativeZero.class, "storedSeriesReadsBackEqual");
    }

    /** Keeps working after close(). */
    static class IgnoresClose implements StorageManagerContract {
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
    static class TornWrites implements StorageManagerContract {
        @Override
        public StorageManager create() {
            return new TornStorageManager();
        }
    }

    @Test
    void tornWritesUnderConcurrencyAreCaught() {
        assertCaught(TornWrites.class, "concurrentUseNeverShowsAMixedSeries");
    }

    /** Claims persistence, but reopens an empty store. */
    static class ForgetsOnReopen implements StorageManagerContract {
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
    static class ReopensWithoutDeclaringIt implements StorageManagerContract {
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
