package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every NAB file (the Numenta Anomaly Benchmark's {@code timestamp,value} series with NAB's dates) imported as it
 * is by the real command, a child process through the launcher, and read back equal to a model parsed here
 * with String.split and java.time. The data lives outside the repository, in {@code shared/data/nab} beside
 * the clone (or beside a parent of it); without it the test is skipped.
 */
class NabImportIT {

    @TempDir
    Path tmp;

    /** One NAB file as the model reads it: the rows in file order and what the command must make of them. */
    private record Model(Path file, String id, List<double[]> rows, int firstBadLine, boolean firstBadRepeats,
            boolean unordered,
            boolean repeats, TreeMap<Double, Double> lastOfEachTime) {}

    static Path nabDirectory() {
        for (Path p = LauncherIT.ROOT; p != null; p = p.getParent()) {
            Path nab = p.resolve("shared/data/nab");
            if (Files.isDirectory(nab)) {
                return nab;
            }
        }
        return null;
    }

    private static Model model(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("timestamp,value", lines.get(0), file.toString());
        List<double[]> rows = new ArrayList<>();
        TreeMap<Double, Double> last = new TreeMap<>();
        int firstBad = 0;
        boolean firstBadRepeats = false;
        boolean unordered = false;
        boolean repeats = false;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            double t = LocalDateTime.parse(f[0].replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
            double v = Double.parseDouble(f[1]);
            if (!rows.isEmpty()) {
                double before = rows.get(rows.size() - 1)[0];
                if (firstBad == 0 && t <= before) {
                    firstBad = i + 1;
                    firstBadRepeats = t == before;
                }
                unordered |= t < before;
            }
            repeats |= last.containsKey(t);
            rows.add(new double[] {t, v});
            last.put(t, v);
        }
        String name = file.getFileName().toString();
        return new Model(file, name.substring(0, name.length() - 4), rows, firstBad, firstBadRepeats, unordered, repeats,
                last);
    }

    private LauncherIT.Run tsstore(String... args) {
        List<String> command = new ArrayList<>(List.of(LauncherIT.LAUNCHER.toString(), "--store", "mmap:" + tmp.resolve("store")));
        command.addAll(List.of(args));
        return LauncherIT.exec(tmp, Map.of("TSSTORE_SKIP_BUILD", "1"), new byte[0], command);
    }

    @Test
    void everyNabFileImportsAsItIsAndReadsBackAsTheModel() throws IOException {
        Path nab = nabDirectory();
        assumeTrue(nab != null, "no shared/data/nab beside the repository: the NAB data is not in this checkout");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(nab)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        Map<String, Model> models = new TreeMap<>();
        int refused = 0;
        for (Path dir : dirs) {
            List<Model> inDir = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                    inDir.add(model(f));
                }
            }
            List<Model> bad = inDir.stream().filter(m -> m.firstBadLine() > 0).toList();
            LauncherIT.Run strict = tsstore("import", dir.toString());
            assertEquals(bad.isEmpty() ? 0 : 1, strict.exitCode(), strict.toString());
            for (Model m : bad) {
                String expected = "tsstore import: " + m.file() + ": line " + m.firstBadLine() + ", column 1 (\"timestamp\"): time ";
                String line = strict.err().lines().filter(l -> l.startsWith(expected)).findFirst().orElse(null);
                assertTrue(line != null, expected + " in " + strict);
                assertTrue(line.endsWith(m.firstBadRepeats()
                        ? "--on-duplicate first or --on-duplicate last would keep one row of each time"
                        : "--on-unordered sort would sort the rows by time"), line);
            }
            if (!bad.isEmpty()) {
                LauncherIT.Run going = tsstore("import", dir.toString(), "--keep-going");
                assertEquals(1, going.exitCode(), going.toString());
                assertTrue(going.out().startsWith("imported " + (inDir.size() - bad.size()) + " series"), going.out());
                for (Model m : bad) {
                    List<String> put = new ArrayList<>(List.of("put", m.id(), "--csv", m.file().toString()));
                    if (m.unordered()) {
                        put.addAll(List.of("--on-unordered", "sort"));
                    }
                    if (m.repeats()) {
                        put.addAll(List.of("--on-duplicate", "last"));
                    }
                    LauncherIT.Run r = tsstore(put.toArray(String[]::new));
                    assertEquals(0, r.exitCode(), r.toString());
                }
            }
            refused += bad.size();
            for (Model m : inDir) {
                models.put(m.id(), m);
            }
        }
        assertEquals(58, models.size(), "the NAB corpus has 58 series");
        assertEquals(8, refused, "8 NAB files repeat or reorder timestamps");
        Path out = tmp.resolve("out");
        LauncherIT.Run export = tsstore("export", out.toString(), "--format", "csv");
        assertEquals(0, export.exitCode(), export.toString());
        for (Model m : models.values()) {
            // export's file names escape some characters (capitals among them): find the file as it names it
            List<String> lines = Files.readAllLines(out.resolve(String.join("/", SeriesFileNames.encode(m.id(), "csv"))));
            assertEquals("time,value", lines.get(0));
            assertEquals(m.lastOfEachTime().size(), lines.size() - 1, m.id());
            int i = 1;
            for (Map.Entry<Double, Double> e : m.lastOfEachTime().entrySet()) {
                String[] f = lines.get(i++).split(",");
                assertEquals(e.getKey(), Double.parseDouble(f[0]), m.id() + " line " + i);
                assertEquals(e.getValue(), Double.parseDouble(f[1]), m.id() + " line " + i);
            }
        }
    }
}
