package org.tsstore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChecksTest {

    private static Map<String, double[]> answer(String what, double count, double mean) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put(what, new double[] {count, mean});
        return m;
    }

    @Test
    void subjectsThatAgreeWithinTheToleranceGiveNoProblem() {
        Map<String, Map<String, double[]>> by = new LinkedHashMap<>();
        by.put("mmap", answer("range", 100_000, 4.3792929905944160));
        by.put("questdb", answer("range", 100_000, 4.3792929905944280));
        assertTrue(Checks.compare(by).isEmpty());
    }

    @Test
    void aWrongCountOrMeanIsReportedNamingBothSubjects() {
        Map<String, Map<String, double[]>> by = new LinkedHashMap<>();
        by.put("mmap", answer("range", 100_000, 4.25));
        by.put("duckdb", answer("range", 99_999, 4.25));
        by.put("rocksdb", answer("range", 100_000, 4.26));
        by.put("numpy", answer("range", 100_000, Double.NaN));
        assertEquals(3, Checks.compare(by).size());
        assertTrue(Checks.compare(by).get(0).contains("mmap") && Checks.compare(by).get(0).contains("duckdb"));
    }
}
