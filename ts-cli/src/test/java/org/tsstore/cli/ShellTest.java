package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.StorageManagers;

/** {@code tsstore shell} fed a non-interactive input stream, and its completion. */
class ShellTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path tmp;

    @Test
    void everyCommandRunsInsideOnOneStore() throws IOException {
        Path csv = Files.writeString(tmp.resolve("in.csv"), "time,value\n1,10\n2,20\n3,30\n");
        Path dir = tmp.resolve("store");
        String script = String.join("\n",
                "# a comment, then commands as after tsstore",
                "put a --csv '" + csv + "'",
                "put \"two words\" --csv " + csv,
                "",
                "ls",
                "get a --tail 1",
                "lss",
                "stats 'two words'",
                "rm a",
                "ls",
                "exit",
                "ls");
        Cli.Result r = new Cli().stdin(script + "\n").run("--store", "mmap:" + dir, "shell");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of(
                "stored \"a\": 3 points, time 1 .. 3",
                "stored \"two words\": 3 points, time 1 .. 3",
                "ID           POINTS  FIRST  LAST",
                "a                 3      1     3",
                "\"two words\"       3      1     3",
                "time,value",
                "3,30",
                "id      \"two words\"",
                "points  3",
                "first   1",
                "last    3",
                "min     10",
                "max     30",
                "mean    20",
                "std     8.16496580927726",
                "NaN     0",
                "removed \"a\"",
                "ID           POINTS  FIRST  LAST",
                "\"two words\"       3      1     3"), r.out().lines().toList(), r.toString());
        assertEquals("tsstore: unknown command 'lss'; did you mean 'ls'? (see 'tsstore --help')\n", r.err(),
                "a mistake is reported and the session goes on; nothing runs after exit");
        try (StorageManager back = StorageManagers.open("mmap:" + dir)) {
            assertEquals(java.util.Set.of("two words"), back.ids());
        }
    }

    @Test
    void aMemoryStoreLivesForTheSessionAndEndOfInputEndsIt() {
        String store = "memory:shell-" + NAMES.incrementAndGet();
        Cli.Result r = new Cli().stdin("put x --csv -\n").run("--store", store, "shell");
        // put reads the rest of standard input as its CSV: here, nothing, so it fails and the session ends
        assertEquals(1, r.exitCode(), r.toString());
        Cli.Result held = new Cli().stdin("append x --json /nonexistent\nls\n").run("--store", store, "shell");
        assertTrue(held.err().startsWith("tsstore append: no such file: /nonexistent"), held.toString());
        assertEquals(0, held.exitCode(), "the last command's exit code: " + held);
    }

    @Test
    void completionOffersCommandsOptionsAndIds() {
        String store = "memory:shell-" + NAMES.incrementAndGet();
        try (StorageManager held = StorageManagers.open(store)) {
            held.store("sensor/1", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
            held.store("sensor/2", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
            held.store("other", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
            ShellCompleter c = new ShellCompleter(store);
            assertEquals(List.of("stats"), c.words(List.of(), "st"));
            assertEquals(List.of("exit", "export"), c.words(List.of(), "ex"));
            assertEquals(List.of("--head", "--help"), c.words(List.of("get"), "--he"));
            assertEquals(List.of("sensor/1", "sensor/2"), c.words(List.of("get"), "se"));
            assertEquals(List.of("other", "sensor/1", "sensor/2"), c.words(List.of("rm", "-f"), ""));
            assertEquals(List.of(), new ShellCompleter("mmap:" + tmp.resolve("none")).words(List.of("get"), ""),
                    "no store: nothing to offer, and nothing created");
        }
    }
}
