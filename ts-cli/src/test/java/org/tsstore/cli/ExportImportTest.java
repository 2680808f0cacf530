package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.SeriesArbitraries;

/** export and import of whole stores: file naming with hostile ids, both formats, and every error path. */
class ExportImportTest {

    @TempDir
    Path tmp;

    private static Map<String, SizedContainerTimeSeries> contents(String store) {
        return ScratchStorageProvider.contents(store.substring("scratch:".length()));
    }

    /** A store holding every hostile id of the testkit and a few long ones, each with its own data. */
    private static String hostileStore() {
        String store = Cli.newStore();
        Map<String, SizedContainerTimeSeries> m = contents(store);
        List<String> ids = new java.util.ArrayList<>(SeriesArbitraries.hostileIdExamples());
        ids.add("é".repeat(127));
        ids.add(".".repeat(255));
        ids.add("A".repeat(255));
        ids.add("a".repeat(255));
        for (int k = 0; k < ids.size(); k++) {
            double[] t = {k, k + 0.5, k + 1};
            double[] v = {k * 1.5, k % 3 == 0 ? Double.NaN : -k, k % 5 == 0 ? Double.NEGATIVE_INFINITY : 0.1 * k};
            m.put(ids.get(k), ArrayTimeSeries.of(t, v));
        }
        return store;
    }

    @Test
    void exportThenImportGivesBackEveryHostileIdInBothFormats() throws IOException {
        String source = hostileStore();
        for (String format : List.of("npy", "csv")) {
            Path dir = tmp.resolve("export-" + format);
            Cli.Result export = Cli.exec("--store", source, "export", dir.toString(), "--format", format);
            assertEquals(0, export.exitCode(), export.toString());
            int n = contents(source).size();
            assertEquals("exported " + n + " series (" + 3 * n + " points) to " + dir + " as " + format + "\n",
                    export.out());
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            assertEquals(n, files.size(), "one file per id, none shared");
            // case-insensitive file systems: no two paths may differ only in case
            assertEquals(n, files.stream().map(p -> p.toString().toLowerCase(java.util.Locale.ROOT)).distinct().count());
            for (Path f : files) {
                assertTrue(f.normalize().startsWith(dir), f + " escapes " + dir);
                Path relative = dir.relativize(f);
                for (Path name : relative) {
                    assertTrue(name.toString().matches("[a-z0-9._%A-F~-]+"), "unsafe name " + relative);
                    assertTrue(name.toString().length() <= 255, relative.toString());
                }
                assertTrue(f.getFileName().toString().endsWith("." + format));
            }

            String target = Cli.newStore();
            Cli.Result imported = Cli.exec("--store", target, "import", dir.toString());
            assertEquals(0, imported.exitCode(), imported.toString());
            assertEquals("imported " + n + " series (" + 3 * n + " points) from " + dir + "\n", imported.out());
            assertEquals("", imported.err());
            assertEquals(contents(source), new HashMap<>(contents(target)), format);
        }
    }

    @Test
    void exportRefusesToOverwriteUnlessForced() throws IOException {
        String store = Cli.newStore();
        contents(store).put("a", ArrayTimeSeries.of(new double[] {1}, new double[] {2}));
        contents(store).put("b", ArrayTimeSeries.of(new double[] {1}, new double[] {3}));
        Path dir = tmp.resolve("out");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("b.csv"), "precious");
        Cli.Result refused = Cli.exec("--store", store, "export", dir.toString(), "--format", "csv");
        assertEquals(1, refused.exitCode());
        assertEquals("tsstore export: " + dir.resolve("b.csv") + " exists (the file for id \"b\"); nothing was"
                + " exported; use --force to replace files\n", refused.err());
        assertEquals(List.of("b.csv"), list(dir));
        assertEquals("precious", Files.readString(dir.resolve("b.csv")));

        Cli.Result forced = Cli.exec("--store", store, "export", dir.toString(), "--format", "csv", "--force");
        assertEquals(0, forced.exitCode(), forced.toString());
        assertEquals(List.of("a.csv", "b.csv"), list(dir));
        assertEquals("time,value\n1,3\n", Files.readString(dir.resolve("b.csv")));
    }

    @Test
    void exportErrors() throws IOException {
        String store = Cli.newStore();
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        Cli.Result notDir = Cli.exec("--store", store, "export", file.toString());
        assertEquals(1, notDir.exitCode());
        assertEquals("tsstore export: " + file + " exists and is not a directory\n", notDir.err());
        Cli.Result badFormat = Cli.exec("--store", store, "export", tmp.toString(), "--format", "json");
        assertEquals(2, badFormat.exitCode());
        assertEquals("tsstore export: --format json is not npy or csv (see 'tsstore export --help')\n",
                badFormat.err());
    }

    @Test
    void importDecodesHandWrittenNamesAndSkipsOtherFiles() throws IOException {
        Path dir = tmp.resolve("in");
        Files.createDirectories(dir.resolve("notes"));
        Files.writeString(dir.resolve("Temperature.csv"), "time,value\n1,20.5\n2,21\n");
        Files.write(dir.resolve("x%2Fy.npy"), NpyArraysTest.npy(1,
                "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", java.nio.ByteOrder.LITTLE_ENDIAN,
                false, new double[] {7}, new double[] {8}));
        Files.writeString(dir.resolve("README.txt"), "hello");
        String store = Cli.newStore();
        Cli.Result r = Cli.exec("--store", store, "import", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(Map.of(
                "Temperature", ArrayTimeSeries.of(new double[] {1, 2}, new double[] {20.5, 21}),
                "x/y", ArrayTimeSeries.of(new double[] {7}, new double[] {8})), contents(store));
        assertEquals("skipped " + dir.resolve("README.txt") + " (not a .npy or .csv file)\n"
                + "skipped " + dir.resolve("notes") + " (a directory; only the PIECE~ directories of long ids are read)\n",
                r.err());
    }

    @Test
    void aBadFileStopsTheImportBeforeAnythingIsStored() throws IOException {
        Path dir = tmp.resolve("in");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("a.csv"), "time,value\n1,1\n");
        Files.writeString(dir.resolve("b.csv"), "time,value\n1,1\n0,2\n");
        Files.writeString(dir.resolve("c.csv"), "time,value\n1,1\n");
        String store = Cli.newStore();
        Cli.Result r = Cli.exec("--store", store, "import", dir.toString());
        assertEquals(1, r.exitCode());
        assertEquals("tsstore import: " + dir.resolve("b.csv") + ": line 3, column 1 (\"time\"): time 0 is earlier"
                + " than the time 1 on line 2; --on-unordered sort would sort the rows by time\n"
                + "tsstore import: 1 of 3 files refused; nothing was imported (--keep-going imports the others)\n", r.err());
        assertEquals(Map.of(), contents(store));
    }

    @Test
    void twoFilesForOneIdAreRefused() throws IOException {
        Path dir = tmp.resolve("in");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("a.csv"), "time,value\n1,1\n");
        Files.writeString(dir.resolve("%61.csv"), "time,value\n1,2\n");
        String store = Cli.newStore();
        Cli.Result r = Cli.exec("--store", store, "import", dir.toString());
        assertEquals(1, r.exitCode());
        assertEquals("tsstore import: " + dir.resolve("%61.csv") + " and " + dir.resolve("a.csv")
                + " are both the series \"a\"; nothing was imported\n", r.err());
        assertEquals(Map.of(), contents(store));
    }

    @Test
    void importErrors() throws IOException {
        String store = Cli.newStore();
        Cli.Result missing = Cli.exec("--store", store, "import", tmp.resolve("nope").toString());
        assertEquals(1, missing.exitCode());
        assertEquals("tsstore import: no such directory: " + tmp.resolve("nope") + "\n", missing.err());
        Path dir = tmp.resolve("in");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bad%zz.csv"), "time,value\n");
        Cli.Result badName = Cli.exec("--store", store, "import", dir.toString());
        assertEquals(1, badName.exitCode());
        assertEquals("tsstore import: bad%zz.csv: a % in the file name is not followed by two hex digits (names are"
                + " percent-encoded ids; see 'tsstore export --help')\n", badName.err());
    }

    @Test
    void importedIdsAreExactlyTheDecodedNames() throws IOException {
        // independent of export: names written by hand in the documented encoding
        Path dir = tmp.resolve("in");
        Files.createDirectories(dir.resolve("a".repeat(200) + "~"));
        Files.writeString(dir.resolve("%43%4F%4E.csv"), "time,value\n1,1\n");
        Files.writeString(dir.resolve("%2E%2E.csv"), "time,value\n1,1\n");
        Files.writeString(dir.resolve("a".repeat(200) + "~").resolve("b%C3%A9.csv"), "time,value\n1,1\n");
        String store = Cli.newStore();
        assertEquals(0, Cli.exec("--store", store, "import", dir.toString()).exitCode());
        assertEquals(List.of("..", "CON", "a".repeat(200) + "bé"),
                contents(store).keySet().stream().sorted().collect(Collectors.toList()));
        assertTrue(contents(store).keySet().stream().allMatch(SeriesIds::isValid));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
