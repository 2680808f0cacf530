package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.StorageManagers;

/**
 * The commands run in-process against memory stores (and scratch stores where damage must be injected):
 * results, messages and exit codes.
 */
class CommandsTest {

    @TempDir
    Path tmp;


    @RegisterExtension
    final HeldStore held = new HeldStore("commands");

    private Cli.Result run(String... args) {
        return held.run(args);
    }


    /** What the store holds now. */
    private Map<String, SizedContainerTimeSeries> contents() {
        Map<String, SizedContainerTimeSeries> m = new HashMap<>();
        for (String id : held.manager().ids()) {
            m.put(id, held.manager().get(id));
        }
        return m;
    }

    private static void assertExit(int code, Cli.Result r) {
        assertEquals(code, r.exitCode(), r.toString());
    }

    /** One line on stderr, starting with the command's name, no stack trace. */
    private static void assertOneLineError(int code, String expected, Cli.Result r) {
        assertExit(code, r);
        assertEquals(expected + "\n", r.err(), r.toString());
    }

    private Path file(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private void put(String id, double[] t, double[] v) {
        held.manager().store(id, ArrayTimeSeries.of(t, v));
    }

    // ---- help, version, usage errors

    @Test
    void helpAndVersionOnEveryCommand() {
        Cli.Result top = Cli.exec("--help");
        assertExit(0, top);
        assertTrue(top.out().startsWith("Inspect, import, export and plot a store of time series.\nUsage: tsstore"),
                top.out());
        for (String command : List.of("demo", "ls", "put", "append", "get", "stats", "rm", "import", "export", "copy", "verify",
                "repair", "compact", "plot", "completion")) {
            Cli.Result help = Cli.exec(command, "--help");
            assertExit(0, help);
            assertTrue(help.out().contains("Usage: tsstore " + command), help.out());
            assertTrue(help.out().contains("--store=URI") && help.out().contains("--verbose")
                    && help.out().contains("--version"), command + " lists the global options: " + help.out());
            Cli.Result version = Cli.exec(command, "--version");
            assertExit(0, version);
            assertTrue(version.out().startsWith("tsstore 0.1.0-SNAPSHOT\nJava "), version.out());
            assertTrue(version.out().contains("scratch: test store in memory"), version.out());
        }
        assertTrue(Cli.exec("-h").out().contains("Commands:"));
        // '%' in help text must be escaped for picocli's formatter, or the text is shown raw with a warning
        assertTrue(Cli.exec("export", "--help").out().contains("becomes %XX;"));
        assertTrue(Cli.exec("import", "--help").out().contains("id: %XX is a byte"));
    }

    @Test
    void noCommandPrintsTheUsage() {
        Cli.Result r = Cli.exec();
        assertExit(0, r);
        assertTrue(r.out().contains("Usage: tsstore") && r.out().contains("Commands:"), r.out());
    }

    @Test
    void usageErrorsAreOneLineWithExitCodeTwo() {
        assertOneLineError(2, "tsstore: unknown command 'frobnicate' (see 'tsstore --help')",
                Cli.exec("frobnicate"));
        assertOneLineError(2, "tsstore ls: unknown option '--bogus' (see 'tsstore ls --help')",
                Cli.exec("ls", "--bogus"));
        assertOneLineError(2, "tsstore put: Missing required argument (specify one of these): (--csv=FILE | --json=FILE | --npy=FILE)"
                + " (see 'tsstore put --help')", run("put", "x"));
        assertOneLineError(2, "tsstore put: --csv=FILE, --npy=FILE are mutually exclusive (specify only one)"
                + " (see 'tsstore put --help')", run("put", "x", "--csv", "a", "--npy", "b"));
        assertOneLineError(2, "tsstore get: Missing required parameter: 'ID' (see 'tsstore get --help')", run("get"));
        assertOneLineError(2, "tsstore get: --from \"soon\" is neither a number nor a date like 2014-04-10,"
                + " 2014-04-10 12:00:00 or 2014-04-10T12:00:00+02:00 (see 'tsstore get --help')", run("get", "x", "--from", "soon"));
        assertOneLineError(2, "tsstore copy: Missing required option: '--to=URI' (see 'tsstore copy --help')",
                run("copy"));
        assertOneLineError(2, "tsstore plot: Missing required option: '--output=FILE' (see 'tsstore plot --help')",
                run("plot", "x"));
    }

    @Test
    void invalidIdsAreUsageErrors() {
        assertOneLineError(2, "tsstore get: series id is empty (see 'tsstore get --help')", run("get", ""));
        assertOneLineError(2, "tsstore rm: series id \"a\\u0007b\" contains the control character U+0007 at index 1"
                + " (see 'tsstore rm --help')", run("rm", "a\u0007b"));
        assertEquals(0, contents().size());
    }

    // ---- choosing the store

    @Test
    void storeComesFromTheOptionElseTheEnvironment() {
        put("x", new double[] {1}, new double[] {2});
        Cli.Result viaEnv = new Cli().env("TSSTORE_URI", held.uri()).run("ls");
        assertExit(0, viaEnv);
        assertTrue(viaEnv.out().contains("x  "), viaEnv.toString());
        // the option wins over the environment, before or after the command
        Cli.Result other = new Cli().env("TSSTORE_URI", held.uri()).run("ls", "--store", Cli.newStore());
        assertExit(0, other);
        assertEquals("", other.out());
    }

    @Test
    void badStoresAreReported() {
        assertOneLineError(2, "tsstore ls: --store tsdata has no scheme; write scheme:path, such as mmap:tsdata"
                + " (installed schemes: " + installed() + ") (see 'tsstore ls --help')", Cli.exec("ls", "--store", "tsdata"));
        assertOneLineError(2, "tsstore ls: --store nope:x: no backend for the scheme 'nope'; installed: " + installed()
                + " ('tsstore --version' describes them) (see 'tsstore ls --help')", Cli.exec("ls", "--store", "nope:x"));
        assertOneLineError(2, "tsstore ls: --store scratch:x?bogus=1: unknown option bogus for the scratch backend;"
                + " it understands [failOpen] (see 'tsstore ls --help')", Cli.exec("ls", "--store", "scratch:x?bogus=1"));
        assertOneLineError(1, "tsstore ls: cannot open scratch:x?failOpen=true: injected failure",
                Cli.exec("ls", "--store", "scratch:x?failOpen=true"));
        assertOneLineError(2, "tsstore copy: --to nope:y: no backend for the scheme 'nope'; installed: " + installed()
                + " ('tsstore --version' describes them) (see 'tsstore copy --help')", run("copy", "--to", "nope:y"));
    }

    private static String installed() {
        return org.tsstore.core.StorageManagers.providers().stream().map(b -> b.scheme()).distinct()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result quiet = run("get", "missing");
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        Cli.Result verbose = run("get", "missing", "--verbose");
        assertExit(1, verbose);
        assertTrue(verbose.err().startsWith("tsstore get: no series with id \"missing\"\n"
                + "org.tsstore.api.NoSuchSeriesException: no series with id \"missing\"\n\tat "), verbose.err());
    }

    // ---- put and get

    @Test
    void putCsvThenGetCsvGivesTheSameNumbers() throws IOException {
        Path csv = file("in.csv", "time,value\n0,1.5\n0.1,-2\n0.2,NaN\n10,1e300\n");
        Cli.Result put = run("put", "a/b", "--csv", csv.toString());
        assertExit(0, put);
        assertEquals("stored \"a/b\": 4 points, time 0 .. 10\n", put.out());
        SizedContainerTimeSeries stored = contents().get("a/b");
        assertArrayEquals(new double[] {0, 0.1, 0.2, 10}, stored.times());
        assertArrayEquals(new double[] {1.5, -2, Double.NaN, 1e300}, stored.values());

        Cli.Result get = run("get", "a/b");
        assertExit(0, get);
        assertEquals("time,value\n0,1.5\n0.1,-2\n0.2,NaN\n10,1e300\n", get.out());
    }

    @Test
    void appendAddsPointsFromCsvJsonAndStandardInputAndCreatesTheSeries() throws IOException {
        Cli.Result first = run("append", "grow", "--csv", file("a.csv", "time,value\n1,10\n2,20\n").toString());
        assertExit(0, first);
        assertEquals("appended 2 points to \"grow\": 2 points now\n", first.out());
        Cli.Result json = run("append", "grow", "--json", file("b.json",
                "{\"id\": \"ignored\", \"size\": 3, \"time\": [3, 4.5, 1e3], \"value\": [null, 1e999, -0.0]}").toString());
        assertExit(0, json);
        assertEquals("appended 3 points to \"grow\": 5 points now\n", json.out());
        Cli.Result stdin = new Cli().stdin("time,value\n2000,7\n").run(held.withStore("append", "grow", "--csv", "-"));
        assertExit(0, stdin);
        SizedContainerTimeSeries grown = contents().get("grow");
        assertArrayEquals(new double[] {1, 2, 3, 4.5, 1000, 2000}, grown.times());
        assertArrayEquals(new double[] {10, 20, Double.NaN, Double.POSITIVE_INFINITY, -0.0, 7}, grown.values());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(grown.value(4)));
    }

    @Test
    void aRefusedAppendNamesBothTimesAndChangesNothing() throws IOException {
        put("grow", new double[] {1, 5}, new double[] {1, 2});
        Cli.Result late = run("append", "grow", "--csv", file("late.csv", "time,value\n5,3\n6,4\n").toString());
        assertOneLineError(1, "tsstore append: cannot append to \"grow\": its last stored time is 5.0, and the first "
                + "time to append, 5.0, is not greater", late);
        Cli.Result badJson = run("append", "grow", "--json", file("bad.json", "{\"time\": [6, 7],\n \"value\": [1]}").toString());
        assertOneLineError(1, "tsstore append: " + tmp.resolve("bad.json") + ", line 2: 2 times but 1 values", badJson);
        Cli.Result unsorted = run("append", "grow", "--json", file("u.json", "{\"time\": [7, 6], \"value\": [1, 2]}").toString());
        assertOneLineError(1, "tsstore append: " + tmp.resolve("u.json") + ", line 1: time 1 (6.0) is not greater than time 0"
                + " (7.0); times must be strictly increasing", unsorted);
        Cli.Result key = run("append", "grow", "--json", file("k.json", "{\"times\": [7]}").toString());
        assertOneLineError(1, "tsstore append: " + tmp.resolve("k.json") + ", line 1: unknown key \"times\"; expected id,"
                + " size, time and value", key);
        assertArrayEquals(new double[] {1, 5}, contents().get("grow").times());
        assertArrayEquals(new double[] {1, 2}, contents().get("grow").values());
    }

    @Test
    void getAndExportReadTimeRanges() throws IOException {
        put("r", new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40});
        Cli.Result middle = run("get", "r", "--from", "2", "--to", "4");
        assertExit(0, middle);
        assertEquals("time,value\n2,20\n3,30\n", middle.out());
        Cli.Result json = run("get", "r", "--from", "3.5", "--format", "json");
        assertExit(0, json);
        assertTrue(json.out().contains("\"time\": [4]"), json.out());
        assertOneLineError(2, "tsstore get: --from 3 --to 2 is not a time range (from <= to) (see 'tsstore get --help')",
                run("get", "r", "--from", "3", "--to", "2"));
        Path out = tmp.resolve("export");
        Cli.Result export = run("export", out.toString(), "--format", "csv", "--to", "3");
        assertExit(0, export);
        assertEquals("time,value\n1,10\n2,20\n", Files.readString(out.resolve("r.csv")));
    }

    @Test
    void putReadsStandardInput() {
        Cli.Result r = new Cli().stdin("time,value\n1,10\n2,20\n").run(held.withStore("put", "s", "--csv", "-"));
        assertExit(0, r);
        assertArrayEquals(new double[] {10, 20}, contents().get("s").values());

        byte[] npy = NpyArraysTest.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                java.nio.ByteOrder.LITTLE_ENDIAN, false, new double[] {5, 6}, new double[] {7, 8});
        Cli.Result n = new Cli().stdin(npy).run(held.withStore("put", "n", "--npy", "-"));
        assertExit(0, n);
        assertArrayEquals(new double[] {5, 6}, contents().get("n").times());
        assertArrayEquals(new double[] {7, 8}, contents().get("n").values());
    }

    @Test
    void badCsvIsReportedWithItsLineAndNothingIsStored() throws IOException {
        put("keep", new double[] {1}, new double[] {1});
        Path unsorted = file("unsorted.csv", "time,value\n1,1\n2,2\n2,3\n");
        assertOneLineError(1, "tsstore put: " + unsorted + ": line 4, column 1 (\"time\"): time 2 repeats the"
                + " time on line 3; --on-duplicate first or --on-duplicate last would keep one row of each time", run("put", "keep", "--csv", unsorted.toString()));
        Path missing = file("missing.csv", "time,value\n1,1\n2\n");
        assertOneLineError(1, "tsstore put: " + missing + ": line 3: 1 field, but the header has 2 (a field that"
                + " holds ',' must be in double quotes)", run("put", "new", "--csv", missing.toString()));
        Path word = file("word.csv", "time,value\n1,one\n");
        assertOneLineError(1, "tsstore put: " + word + ": line 2, column 2 (\"value\"): value \"one\" is not a"
                + " number (blank, NA, NaN and null are missing values; --value-column chooses the columns to read)",
                run("put", "new", "--csv", word.toString()));
        assertOneLineError(1, "tsstore put: standard input: line 1: the header \"1,2\" is all numbers, like data;"
                + " the first line must name the columns, such as time,value", new Cli().stdin("1,2\n").run(held.withStore("put", "new", "--csv", "-")));
        assertOneLineError(1, "tsstore put: no such file: " + tmp.resolve("nope.csv"),
                run("put", "new", "--csv", tmp.resolve("nope.csv").toString()));
        assertOneLineError(1, "tsstore put: " + tmp + " is a directory, not a file",
                run("put", "new", "--npy", tmp.toString()));
        Path notNpy = file("bad.npy", "time,value\n");
        assertOneLineError(1, "tsstore put: " + notNpy + ": not an npy file (the magic string \\x93NUMPY is missing)",
                run("put", "new", "--npy", notNpy.toString()));
        assertEquals(Map.of("keep", ArrayTimeSeries.of(new double[] {1}, new double[] {1})), contents());
    }

    @Test
    void getSlicesFormatsAndWritesFiles() throws IOException {
        put("s", new double[] {1, 2, 3, 4, 5}, new double[] {10, Double.NaN, Double.POSITIVE_INFINITY, -0.5, 50});
        assertEquals("time,value\n2,NaN\n3,Infinity\n4,-0.5\n", run("get", "s", "--from", "2", "--to", "5").out());
        assertEquals("time,value\n4,-0.5\n5,50\n", run("get", "s", "--from", "3.5").out());
        assertEquals("time,value\n", run("get", "s", "--from", "9").out());
        assertEquals("{\n  \"id\": \"s\",\n  \"size\": 3,\n  \"time\": [1, 2, 3],\n"
                + "  \"value\": [10, null, 1e999]\n}\n", run("get", "s", "--to", "4", "--format", "json").out());

        Cli.Result npy = run("get", "s", "--format", "npy");
        assertExit(0, npy);
        ArrayTimeSeries back = NpyArrays.read(new ByteArrayInputStream(npy.stdout()), "stdout");
        assertEquals(contents().get("s"), back);

        Path out = tmp.resolve("s.npy");
        Cli.Result toFile = run("get", "s", "-o", out.toString());
        assertExit(0, toFile);
        assertEquals("", toFile.out());
        assertEquals(contents().get("s"), NpyArrays.read(out));
        Path csv = tmp.resolve("s.txt");
        assertExit(0, run("get", "s", "-o", csv.toString()));
        assertTrue(Files.readString(csv).startsWith("time,value\n1,10\n"));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void getErrors() {
        put("s", new double[] {1}, new double[] {1});
        assertOneLineError(1, "tsstore get: no series with id \"nope\"", run("get", "nope"));
        assertOneLineError(2, "tsstore get: --format xml is not one of csv, json, npy (see 'tsstore get --help')",
                run("get", "s", "--format", "xml"));
        assertOneLineError(2, "tsstore get: --from 5 --to 1 is not a time range (from <= to)"
                + " (see 'tsstore get --help')", run("get", "s", "--from", "5", "--to", "1"));
        assertOneLineError(2, "tsstore get: npy is binary: write it to a file with -o FILE, or redirect standard output"
                + " (see 'tsstore get --help')", new Cli().interactive(true).run(held.withStore("get", "s", "--format", "npy")));
        assertOneLineError(1, "tsstore get: cannot write " + tmp.resolve("no/dir/x.csv") + ": no such directory "
                + tmp.resolve("no/dir"), run("get", "s", "-o", tmp.resolve("no/dir/x.csv").toString()));
    }

    // ---- ls, stats, rm

    @Test
    void lsListsIdsSizesAndTimeRanges() {
        put("b", new double[] {0, 1.5}, new double[] {1, 2});
        put("a/x", new double[] {-3, 1e6, 2e6}, new double[] {1, Double.NaN, 3});
        put("empty", new double[0], new double[0]);
        Cli.Result r = run("ls");
        assertExit(0, r);
        assertEquals(String.join("\n",
                "ID     POINTS  FIRST     LAST",
                "a/x         3     -3  2000000",
                "b           2      0      1.5",
                "empty       0      -        -", ""), r.out());
        assertEquals("ID   POINTS  FIRST     LAST\na/x       3     -3  2000000\n", run("ls", "a/*").out());
        Cli.Result none = run("ls", "z*");
        assertExit(0, none);
        assertEquals("", none.out());
        assertEquals("no series in " + held.uri() + " match z*\n", none.err());
        Cli.Result longList = run("ls", "--long", "a/?");
        assertEquals(String.join("\n",
                "ID   POINTS  FIRST     LAST  MIN  MAX  MEAN  STD  NAN",
                "a/x       3     -3  2000000    1    3     2    1    1", ""), longList.out());
    }

    @Test
    void lsOfAnEmptyStoreSaysSo() {
        Cli.Result r = run("ls");
        assertExit(0, r);
        assertEquals("no series in " + held.uri() + "\n", r.err());
    }

    @Test
    void lsReportsDamagedSeriesAndExitsOne() {
        String scratch = Cli.newStore();
        String name = scratch.substring("scratch:".length());
        ScratchStorageProvider.contents(name).put("good", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        ScratchStorageProvider.contents(name).put("bad", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        ScratchStorageProvider.damage(name, "bad");
        Cli.Result r = Cli.exec("--store", scratch, "ls");
        assertExit(1, r);
        assertEquals("ID    POINTS  FIRST  LAST\ngood       1      1     1\n", r.out());
        assertEquals("tsstore ls: series \"bad\" in " + scratch + " fails its checksum (injected)\n", r.err());
    }

    @Test
    void statsAgreeWithAPlainComputation() {
        double[] t = {0, 1, 2, 3, 4, 5, 6};
        double[] v = {2, 4, Double.NaN, 4, 5, 5, 7};
        put("s", t, v);
        // the model: plain loops over the values that are not NaN
        double sum = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                sum += x;
                n++;
            }
        }
        double mean = sum / n; // 27 / 6 = 4.5
        double squares = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                squares += (x - mean) * (x - mean);
            }
        }
        double std = Math.sqrt(squares / n);
        Cli.Result r = run("stats", "s");
        assertExit(0, r);
        assertEquals(String.join("\n",
                "id      s",
                "points  7",
                "first   0",
                "last    6",
                "min     2",
                "max     7",
                "mean    " + Decimals.of(mean),
                "std     " + Decimals.of(std),
                "NaN     1", ""), r.out());
        assertEquals("mean    4.5", r.out().split("\n")[6]);
        assertEquals("std     1.5", r.out().split("\n")[7]);
        assertOneLineError(1, "tsstore stats: no series with id \"nope\"", run("stats", "nope"));
    }

    @Test
    void statsOfAnEmptySeries() {
        put("e", new double[0], new double[0]);
        assertEquals("id      e\npoints  0\nfirst   -\nlast    -\nmin     NaN\nmax     NaN\nmean    NaN\nstd     NaN\n"
                + "NaN     0\n", run("stats", "e").out());
    }

    @Test
    void rmRemovesAndComplainsAboutWhatIsNotThere() {
        put("x", new double[] {1}, new double[] {1});
        put("y", new double[] {1}, new double[] {1});
        Cli.Result r = run("rm", "x");
        assertExit(0, r);
        assertEquals("removed \"x\"\n", r.out());
        assertEquals(List.of("y"), List.copyOf(contents().keySet()));
        assertOneLineError(1, "tsstore rm: no series with id \"x\"", run("rm", "x"));
    }

    // ---- verify, compact, copy, completion

    @Test
    void verifyExitsOneOnDamage() {
        put("a", new double[] {1, 2}, new double[] {1, 2});
        put("b", new double[] {1}, new double[] {1});
        Cli.Result clean = run("verify");
        assertExit(0, clean);
        assertEquals("checked 2 records, 48 B in " + held.uri() + "\nno damage found\n", clean.out());

        String scratch = Cli.newStore();
        String name = scratch.substring("scratch:".length());
        ScratchStorageProvider.contents(name).put("a", ArrayTimeSeries.of(new double[] {1, 2}, new double[] {1, 2}));
        ScratchStorageProvider.contents(name).put("b", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        ScratchStorageProvider.damage(name, "b");
        Cli.Result damaged = Cli.exec("--store", scratch, "verify");
        assertExit(1, damaged);
        assertEquals("checked 1 records, 32 B in " + scratch + "\nDAMAGED \"b\" at " + scratch
                + ": checksum mismatch (injected)\n", damaged.out());
        assertEquals("tsstore verify: 1 damaged record in " + scratch + "\n", damaged.err());
    }

    @Test
    void repairDropsWhatIsDamagedAndSaysSo() {
        put("a", new double[] {1, 2}, new double[] {1, 2});
        Cli.Result clean = run("repair");
        assertExit(0, clean);
        assertEquals("kept 1 series, 32 B in " + held.uri() + "\nnothing lost\n", clean.out());

        String scratch = Cli.newStore();
        String name = scratch.substring("scratch:".length());
        ScratchStorageProvider.contents(name).put("a", ArrayTimeSeries.of(new double[] {1, 2}, new double[] {1, 2}));
        ScratchStorageProvider.contents(name).put("b", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        ScratchStorageProvider.damage(name, "b");
        Cli.Result repaired = Cli.exec("--store", scratch, "repair");
        assertExit(1, repaired);
        assertEquals("kept 1 series, 32 B in " + scratch + "\nDROPPED \"b\" at " + scratch
                + ": checksum mismatch (injected)\n", repaired.out());
        assertEquals("tsstore repair: 1 series not kept as stored in " + scratch + "; the store is whole again\n",
                repaired.err());
        assertEquals(java.util.Set.of("a"), ScratchStorageProvider.contents(name).keySet());
        Cli.Result after = Cli.exec("--store", scratch, "verify");
        assertExit(0, after);
        assertEquals("checked 1 records, 32 B in " + scratch + "\nno damage found\n", after.out());
    }

    @Test
    void compactSucceeds() {
        Cli.Result r = run("compact");
        assertExit(0, r);
        assertEquals("compacted " + held.uri() + "\n", r.out());
    }

    @Test
    void copyCopiesEverySeriesOrTheMatchingOnes() {
        put("a/1", new double[] {1, 2}, new double[] {3, 4});
        put("a/2", new double[] {1}, new double[] {Double.NaN});
        put("b", new double[] {5}, new double[] {6});
        String target = Cli.newStore();
        Cli.Result r = run("copy", "--to", target);
        assertExit(0, r);
        assertEquals("copied 3 series (4 points) from " + held.uri() + " to " + target + "\n", r.out());
        assertEquals(contents(), ScratchStorageProvider.contents(target.substring("scratch:".length())));
        String partial = Cli.newStore();
        assertExit(0, run("copy", "--to", partial, "a/*"));
        assertEquals(List.of("a/1", "a/2"),
                ScratchStorageProvider.contents(partial.substring("scratch:".length())).keySet().stream().sorted().toList());
        assertOneLineError(2, "tsstore copy: --to " + held.uri() + " is the store being copied (see 'tsstore copy --help')",
                run("copy", "--to", held.uri()));
    }

    @Test
    void completionPrintsABashScript() {
        Cli.Result r = Cli.exec("completion");
        assertExit(0, r);
        assertTrue(r.out().contains("complete -F _complete_tsstore") && r.out().contains("export")
                && r.out().contains("--store"), r.out());
    }

    // ---- demo

    @Test
    void demoStoresReadsComputesAndDraws() {
        Cli.Result r = run("demo");
        assertExit(0, r);
        String out = r.out();
        for (String part : List.of("1. Store three generated series", "2. Read them back", "3. Interpolate",
                "4. Arithmetic", "5. Mean and standard deviation", "6. Sparklines", "equal to what was stored")) {
            assertTrue(out.contains(part), part + " in\n" + out);
        }
        assertFalse(out.contains("DIFFERS"));
        // the stored series, checked against the formulas they come from
        SizedContainerTimeSeries sine = contents().get("demo/sine");
        assertEquals(200, sine.size());
        for (int i = 0; i < 200; i++) {
            assertEquals(i / 10.0, sine.time(i));
            assertEquals(Math.sin(i / 10.0), sine.value(i));
        }
        SizedContainerTimeSeries sensor = contents().get("demo/sensor");
        assertEquals(96, sensor.size());
        for (int i = 0; i < 96; i++) {
            double h = i * 0.5;
            assertEquals(h >= 20 && h < 26, Double.isNaN(sensor.value(i)), "NaN exactly in the gap, t=" + h);
        }
        assertEquals(200, contents().get("demo/walk").size());
        // sensor sparkline: a blank run for the gap, 60 columns
        String sparkLine = out.lines().filter(l -> l.startsWith("   demo/sensor  ")).reduce((a, b) -> b).orElseThrow();
        String spark = sparkLine.substring(16);
        assertTrue(spark.matches("[▁▂▃▄▅▆▇█]+ +[▁▂▃▄▅▆▇█]+"), sparkLine);
        assertEquals(60, spark.length(), spark);
        // the interpolation line, against linear interpolation by hand
        double at6 = sensor.value(12); // t=6 is a sample time
        double at1225 = sensor.value(24) + (sensor.value(25) - sensor.value(24)) * 0.5;
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "t=6: %.2f, t=12.25: %.2f, t=23: NaN", at6,
                at1225)), out);
        // a second run replaces, not duplicates
        assertExit(0, run("demo"));
        assertEquals(3, contents().size());
    }

    @Test
    void progressBarOnlyOnATerminal() throws IOException {
        put("a", new double[] {1}, new double[] {1});
        Cli.Result quiet = run("export", tmp.resolve("q").toString());
        assertExit(0, quiet);
        assertEquals("", quiet.err());
        Cli.Result watched = new Cli().interactive(true).run(held.withStore("export", tmp.resolve("w").toString()));
        assertExit(0, watched);
        assertTrue(watched.err().startsWith("\rexporting [##############################] 1/1"), watched.err());
    }
}
