package org.tsstore.testkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.ProviderLookup;
import org.tsstore.testkit.reliability.CorruptionReport.Outcome;

/** The judge on stores of the testkit's directory backend, set by hand against models written by hand. */
class CaseJudgeTest {

    private static final ArrayTimeSeries A = ArrayTimeSeries.of(new double[] {1, 2, 3}, new double[] {10, 20, 30});
    private static final ArrayTimeSeries B = ArrayTimeSeries.of(new double[] {5}, new double[] {-0.0});

    private final List<String> violations = new ArrayList<>();

    private static URI storeOf(Path dir, Map<String, ArrayTimeSeries> series) {
        URI uri = URI.create("testdir:" + dir);
        try (StorageManager store = ProviderLookup.open(uri, Map.of())) {
            series.forEach(store::store);
        }
        return uri;
    }

    private CaseJudge judge(Path dir, Set<String> culprits, Map<String, ArrayTimeSeries> model) {
        return new CaseJudge(4, dir, culprits, Set.of("index"), model, violations::add);
    }

    @Test
    void aStoreThatHoldsTheModelIsIntactAndTakesTheProbe(@TempDir Path dir) {
        URI uri = storeOf(dir, Map.of("s-1", A, "a/b", B));
        CaseJudge judge = judge(dir, Set.of("some.series"), Map.of("s-1", A, "a/b", B));
        assertEquals(Outcome.INTACT, judge.judge(uri, Map.of()));
        assertEquals(List.of(), violations);
        assertEquals(2, judge.seriesChecked());
        assertEquals(0, judge.readsRefused());
        assertEquals(0, judge.seriesMissing());
        try (StorageManager store = ProviderLookup.open(uri, Map.of())) {
            assertEquals(ArrayTimeSeries.of(new double[] {1, 2, 3}, new double[] {4, -0.0, Double.NaN}),
                    ArrayTimeSeries.copyOf(store.get("corruption-probe")), "the probe holds the case number");
        }
    }

    @Test
    void aSeriesReadBackDifferentIsAViolation(@TempDir Path dir) {
        URI uri = storeOf(dir, Map.of("s-1", A));
        assertNull(judge(dir, Set.of("x"), Map.of("s-1", B)).judge(uri, Map.of()));
        assertEquals(2, violations.size(), violations::toString);
        assertTrue(violations.get(0).contains("returned a different series: expected 1 points, got 3"),
                violations::toString);
        assertEquals("size(\"s-1\") is 3, but 1 points were stored", violations.get(1));
    }

    @Test
    void aDeletedSeriesThatComesBackIsAViolation(@TempDir Path dir) {
        URI uri = storeOf(dir, Map.of("s-1", A, "s-2", B));
        assertNull(judge(dir, Set.of("x"), Map.of("s-1", A)).judge(uri, Map.of()));
        assertEquals(1, violations.size(), violations::toString);
        assertTrue(violations.get(0).contains("returned a series of 1 points, but") && violations.get(0)
                .endsWith(" was deleted"), violations::toString);
    }

    @Test
    void aSeriesLostFromACleanStoreIsAViolation(@TempDir Path dir) {
        URI uri = storeOf(dir, Map.of("s-1", A));
        CaseJudge judge = judge(dir, Set.of("x"), Map.of("s-1", A, "s-3", B));
        assertNull(judge.judge(uri, Map.of()));
        assertEquals(List.of("get(\"s-3\") answers that there is no such series, though it was stored while verify()"
                + " reports the store clean", "contains(\"s-3\") is false, though it was stored",
                "size(\"s-3\") threw org.tsstore.api.NoSuchSeriesException: no series with id \"s-3\""), violations);
        assertEquals(1, judge.seriesMissing());
    }

    @Test
    void aDamagedStoreThatAnswersAbsentIsAViolation(@TempDir Path dir) throws IOException {
        storeOf(dir, Map.of("s-3", B));
        String damaged = flipAByte(dir).getFileName().toString();
        URI uri = URI.create("testdir-forgetful:" + dir);
        CaseJudge judge = judge(dir, Set.of(damaged), Map.of("s-3", B));
        assertNull(judge.judge(uri, Map.of()));
        assertTrue(violations.get(0).equals("get(\"s-3\") answers that there is no such series, though it was stored"
                + " (a damaged store must refuse an id it may have lost, naming the damage)"), violations::toString);
        assertEquals(1, judge.seriesMissing());
    }

    /** Flips a bit in the middle of the store's one series file; returns the file. */
    static Path flipAByte(Path dir) throws IOException {
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(p -> p.toString().endsWith(".series")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        return file;
    }

    @Test
    void aRefusalToOpenMustNameTheDamagedFile(@TempDir Path dir) throws IOException {
        URI uri = storeOf(dir, Map.of("s-1", A));
        String name = flipAByte(dir).getFileName().toString();
        assertEquals(Outcome.REFUSED_ON_OPEN, judge(dir, Set.of(name), Map.of("s-1", A)).judge(uri, Map.of()));
        assertEquals(List.of(), violations);
        assertNull(judge(dir, Set.of("elsewhere.series"), Map.of("s-1", A)).judge(uri, Map.of()));
        assertEquals(1, violations.size(), violations::toString);
        assertTrue(violations.get(0).startsWith("opening threw a StorageException that does not name the damaged file"),
                violations::toString);
    }

    @Test
    void describeFollowsTheCauses() {
        Exception e = new IllegalStateException("outer", new IOException("inner"));
        assertEquals("java.lang.IllegalStateException: outer / caused by java.io.IOException: inner",
                CaseJudge.describe(e));
    }
}
