package org.tsstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results a workload's subjects must agree on (counts and means). A forked benchmark appends
 * {@code what,count,mean} lines to the file named by {@code -Dtsstore.bench.check} (the numpy driver to the one
 * it gets as {@code --check}); {@link BenchRunner} compares every subject's lines with the first subject's
 * after each workload and fails the run on any difference.
 */
final class Checks {

    /** Relative difference of means still counted as equal (the peers sum in other orders). */
    static final double TOLERANCE = 1e-9;

    private Checks() {}

    /** Records {@code result} ({@code {count, mean}}) under {@code what}; a no-op without the property. */
    static void record(String what, double[] result) {
        String file = System.getProperty("tsstore.bench.check");
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Paths.get(file), String.format(Locale.ROOT, "%s,%d,%.17g%n", what, (long) result[0], result[1]),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the check file " + file, e);
        }
    }

    /** The lines of a check file by {@code what}: {@code {count, mean}}; empty if the file is missing. */
    static Map<String, double[]> read(Path file) {
        Map<String, double[]> m = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return m;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(",");
                if (f.length == 3) {
                    m.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the check file " + file, e);
        }
        return m;
    }

    /**
     * The differences between subjects' results: for every {@code what} that two subjects both recorded, a
     * message when the counts differ or the means differ by more than {@link #TOLERANCE} relative.
     *
     * @param bySubject each subject's results, as {@link #read} gives them
     * @return one message per difference; empty when all agree
     */
    static List<String> compare(Map<String, Map<String, double[]>> bySubject) {
        List<String> problems = new ArrayList<>();
        Map<String, String> firstBy = new LinkedHashMap<>();
        Map<String, double[]> first = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, double[]>> s : bySubject.entrySet()) {
            for (Map.Entry<String, double[]> r : s.getValue().entrySet()) {
                double[] ref = first.putIfAbsent(r.getKey(), r.getValue());
                firstBy.putIfAbsent(r.getKey(), s.getKey());
                if (ref == null) {
                    continue;
                }
                double[] v = r.getValue();
                double scale = Math.max(Math.abs(ref[1]), 1e-300);
                if (ref[0] != v[0] || !(Math.abs(ref[1] - v[1]) <= TOLERANCE * scale)) {
                    problems.add(String.format(Locale.ROOT, "%s: %s has count %d mean %.17g, %s has count %d mean %.17g",
                            r.getKey(), firstBy.get(r.getKey()), (long) ref[0], ref[1], s.getKey(), (long) v[0], v[1]));
                }
            }
        }
        return problems;
    }
}
