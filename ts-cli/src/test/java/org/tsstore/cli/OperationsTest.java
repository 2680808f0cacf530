package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.StorageBackend;
import org.tsstore.core.StorageManagers;

/** The operations half of the command, in-process: opening, errors, rm, head and tail, compact, quoting, help. */
class OperationsTest {


    @TempDir
    Path tmp;

    @RegisterExtension
    final HeldStore held = new HeldStore("operations");

    private Cli.Result run(String... args) {
        return held.run(args);
    }

    private static void assertError(int code, String expected, Cli.Result r) {
        assertEquals(code, r.exitCode(), r.toString());
        assertEquals(expected + "\n", r.err(), r.toString());
    }

    // ---- read-only commands: never create a store

    @Test
    void commandsThatOnlyReadRefuseAStoreThatDoesNotExistAndCreateNothing() {
        for (String scheme : List.of("mmap", "file")) {
            Path dir = tmp.resolve(scheme + "-missing");
            String uri = scheme + ":" + dir;
            for (String[] command : List.of(new String[] {"ls"}, new String[] {"get", "a"}, new String[] {"stats", "a"},
                    new String[] {"verify"}, new String[] {"export", tmp.resolve("out").toString()},
                    new String[] {"plot", "a", "-o", tmp.resolve("a.svg").toString()})) {
                List<String> args = new ArrayList<>(List.of("--store", uri));
                args.addAll(List.of(command));
                Cli.Result r = Cli.exec(args.toArray(new String[0]));
                assertError(1, "tsstore " + command[0] + ": --store " + uri + ": no store there (no directory " + dir
                        + "); a command that only reads never creates one", r);
                assertFalse(Files.exists(dir), "nothing created by " + command[0]);
            }
        }
        assertFalse(Files.exists(tmp.resolve("out")));
        // a write creates it
        Path dir = tmp.resolve("created");
        Cli.Result put = new Cli().stdin("time,value\n1,2\n").run("--store", "mmap:" + dir, "put", "a", "--csv", "-");
        assertEquals(0, put.exitCode(), put.toString());
        assertTrue(Files.isDirectory(dir));
        assertEquals("time,value\n1,2\n", Cli.exec("--store", "mmap:" + dir, "get", "a").out());
    }

    @Test
    void aReadOnlyMmapStoreRefusesNothingItNeedsAndAnExplicitModeStands() {
        Path dir = tmp.resolve("m");
        try (StorageManager writer = StorageManagers.open("mmap:" + dir)) {
            writer.store("a", ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4}));
            writer.flush();
            // the writer holds the lock: a reading command opens beside it
            Cli.Result ls = Cli.exec("--store", "mmap:" + dir, "ls");
            assertEquals("ID  POINTS  FIRST  LAST\na        2      1     2\n", ls.out(), ls.toString());
            Cli.Result verify = Cli.exec("--store", "mmap:" + dir, "verify");
            assertEquals(0, verify.exitCode(), verify.toString());
            Cli.Result put = new Cli().stdin("time,value\n1,1\n").run("--store", "mmap:" + dir + "?mode=read", "put",
                    "b", "--csv", "-");
            assertEquals(1, put.exitCode(), put.toString());
            assertEquals("tsstore put: cannot store: the mmap store " + dir + " was opened read-only (mode=read)\n",
                    put.err(), "a refused write is a sentence, not a bug report");
            // ?mode=write as given: the lock is held, so it fails rather than being silently read-only
            Cli.Result write = Cli.exec("--store", "mmap:" + dir + "?mode=write", "ls");
            assertEquals(1, write.exitCode(), write.toString());
        }
    }

    @Test
    void locationsWithoutAStoreSayHowToWriteOne() {
        assertError(2, "tsstore ls: --store mmap: names no store; write mmap:LOCATION, such as mmap:./tsdata"
                + " (see 'tsstore ls --help')", Cli.exec("--store", "mmap:", "ls"));
    }

    // ---- errors and habits

    @Test
    void mistypedCommandsAndOptionsGetSuggestions() {
        assertError(2, "tsstore: unknown command 'lss'; did you mean 'ls'? (see 'tsstore --help')", Cli.exec("lss"));
        Cli.Result option = Cli.exec("ls", "--lon");
        assertEquals(2, option.exitCode(), option.toString());
        assertTrue(option.err().startsWith("tsstore ls: unknown option '--lon'; did you mean '--long'"), option.err());
        assertError(2, "tsstore stats: unexpected argument 'b' (see 'tsstore stats --help')", run("stats", "a", "b"));
    }

    @Test
    void rmTakesIdsAndPatternsChecksThemAllFirstAndForceIgnoresMissingOnes() {
        for (String id : List.of("s/1", "s/2", "s/10", "t", "u", "a*b")) {
            held.manager().store(id, ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        }
        Set<String> model = new TreeSet<>(held.manager().ids());
        assertError(1, "tsstore rm: no series with id \"nope\"; no series match x* ; nothing was removed (-f ignores"
                .replace("x* ;", "x*;") + " missing ids)", run("rm", "t", "nope", "x*"));
        assertEquals(model, held.manager().ids(), "nothing removed when a name is missing");

        Cli.Result r = run("rm", "s/?", "t");
        assertEquals(0, r.exitCode(), r.toString());
        model.removeAll(List.of("s/1", "s/2", "t"));
        assertEquals(model, held.manager().ids());
        assertEquals("removed \"s/1\"\nremoved \"s/2\"\nremoved \"t\"\n", r.out());

        Cli.Result literal = run("rm", "a*b");
        assertEquals(0, literal.exitCode(), literal.toString());
        model.remove("a*b");
        assertEquals(model, held.manager().ids(), "an id in the store is that id, even with a *");

        Cli.Result forced = run("rm", "-f", "nope", "q*", "u");
        assertEquals(0, forced.exitCode(), forced.toString());
        model.remove("u");
        assertEquals(model, held.manager().ids());
        assertError(1, "tsstore rm: no series with id \"gone\"", run("rm", "gone"));
    }

    @Test
    void getHeadAndTailTakeTheFirstAndLastPointsOfTheRange() {
        int n = 10;
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 1.5;
            v[i] = i * i;
        }
        held.manager().store("a", ArrayTimeSeries.of(t, v));
        assertEquals(csv(t, v, 0, 3), run("get", "a", "--head", "3").out());
        assertEquals(csv(t, v, 7, 10), run("get", "a", "--tail", "3").out());
        assertEquals(csv(t, v, 0, 10), run("get", "a", "--head", "99").out());
        assertEquals(csv(t, v, 0, 0), run("get", "a", "--tail", "0").out());
        // of the range: times >= 3 are points 2.., the first two of those
        assertEquals(csv(t, v, 2, 4), run("get", "a", "--from", "3", "--head", "2").out());
        assertError(2, "tsstore get: --head and --tail cannot be given together (see 'tsstore get --help')",
                run("get", "a", "--head", "1", "--tail", "1"));
        assertError(2, "tsstore get: --head and --tail take a count of points, 0 or more (see 'tsstore get --help')",
                run("get", "a", "--head", "-1"));
    }

    /** A short decimal's plain text, the shortest that reads back (independent of the command's formatter). */
    private static String plain(double x) {
        return new java.math.BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
    }

    private static String csv(double[] t, double[] v, int from, int to) {
        StringBuilder sb = new StringBuilder("time,value\n");
        for (int i = from; i < to; i++) {
            sb.append(plain(t[i])).append(',').append(plain(v[i])).append('\n');
        }
        return sb.toString();
    }

    @Test
    void compactReportsTheBytesOnDiskBeforeAndAfter() throws IOException {
        Path dir = tmp.resolve("c");
        String uri = "mmap:" + dir;
        double[] t = new double[2000];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        try (StorageManager writer = StorageManagers.open(uri)) {
            for (int round = 0; round < 5; round++) {
                writer.store("x", ArrayTimeSeries.of(t, t));
            }
            writer.flush();
        }
        long before = bytes(dir);
        Cli.Result r = Cli.exec("--store", uri, "compact");
        assertEquals(0, r.exitCode(), r.toString());
        long after = bytes(dir);
        assertTrue(after < before, before + " -> " + after);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("compacted " + java.util.regex.Pattern.quote(uri)
                + ": (\\d+) bytes before, (\\d+) after \\(.*\\)\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
        assertEquals(before, Long.parseLong(m.group(1)), r.out());
        assertEquals(after, Long.parseLong(m.group(2)), r.out());
        assertEquals("compacted " + held.uri() + "\n", run("compact").out(), "no figure where the store is not files");
    }

    private static long bytes(Path dir) throws IOException {
        long sum = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                sum += Files.isRegularFile(p) ? p.toFile().length() : 0;
            }
        }
        return sum;
    }

    @Test
    void putFromATerminalSaysItReadsStandardInput() {
        Cli.Result r = new Cli().interactive(true).stdin("time,value\n1,1\n").run("--store", held.uri(), "put", "a", "--csv", "-");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("reading CSV from standard input; end it with Ctrl-D (Ctrl-Z Enter on Windows)\n", r.err());
        Cli.Result piped = new Cli().stdin("time,value\n1,1\n").run("--store", held.uri(), "put", "a", "--csv", "-");
        assertEquals("", piped.err(), "nothing to say when the input is a pipe");
    }

    @Test
    void idsPrintQuotedWhereTheyHaveSpacesOrControlCharacters() {
        held.manager().store("plain/id", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        held.manager().store("two words", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        held.manager().store("back\\slash", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        Cli.Result ls = run("ls");
        assertEquals(List.of("ID             POINTS  FIRST  LAST", "\"back\\\\slash\"       1      1     1",
                "plain/id            1      1     1", "\"two words\"         1      1     1"), ls.out().lines().toList());
        assertTrue(run("stats", "two words").out().startsWith("id      \"two words\"\n"));
    }

    @Test
    void helpListsEveryInstalledSchemeWithAnExample() {
        String help = Cli.exec("--help").out();
        for (StorageBackend b : StorageManagers.providers()) {
            if (b.scheme().equals("scratch")) {
                continue; // the tests' own backend
            }
            assertTrue(help.lines().anyMatch(l -> l.trim().startsWith(b.scheme() + ":")), b.scheme() + " in " + help);
        }
        for (String example : List.of("mmap:./tsdata", "file:/var/lib/ts", "memory:scratch", "redis://localhost:6379/0",
                "rediss://", "redis-cluster://")) {
            assertTrue(help.contains("  " + example), example + " in " + help);
        }
    }

    @Test
    void anUnknownOutputExtensionIsRefusedNotWrittenAsCsv() {
        held.manager().store("a", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        Path out = tmp.resolve("out.parquet");
        assertError(2, "tsstore get: -o " + out + ": get writes csv, json or npy, not 'parquet'; name the file .csv"
                + " (or .txt), .json or .npy, or give --format (see 'tsstore get --help')", run("get", "a", "-o", out.toString()));
        assertFalse(Files.exists(out));
        assertEquals(0, run("get", "a", "-o", out.toString(), "--format", "json").exitCode(), "--format says what it is");
        assertTrue(Files.exists(out));
    }
}
