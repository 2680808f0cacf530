package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The quick start path of {@code ls} prints exactly what the full command line prints, and hands every form it
 * does not take to the full command line.
 */
class QuickLsTest {

    @TempDir
    Path dir;

    /** Runs QuickLs alone: the exit code, or null when it hands the arguments on. */
    private static Integer quickOnly(String... args) {
        Session session = new Session(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), Map.of(), false);
        return QuickLs.run(session, args);
    }

    private static void sameOutput(String... args) {
        Cli.Result quick = Cli.exec(args);
        Cli.Result full = new Cli().fullPath().run(args);
        assertEquals(full.exitCode(), quick.exitCode(), quick + "\n" + full);
        assertArrayEquals(full.stdout(), quick.stdout(), quick + "\n" + full);
        assertEquals(full.err(), quick.err());
    }

    @Test
    void printsWhatTheFullPathPrints() {
        String store = Cli.newStore();
        String name = store.substring("scratch:".length());
        ScratchStorageProvider.contents(name).put("a b", ArrayTimeSeries.of(new double[] {1, 2.5}, new double[] {3, 0.1}));
        ScratchStorageProvider.contents(name).put("sensor/x", ArrayTimeSeries.of(
                new double[] {1.7e9, 1.7e9 + 60}, new double[] {Double.NaN, -2}));
        ScratchStorageProvider.contents(name).put("bad", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        ScratchStorageProvider.damage(name, "bad");
        for (List<String> args : List.of(
                List.of("--store", store, "ls"),
                List.of("ls", "--store", store),
                List.of("--store=" + store, "ls", "-l"),
                List.of("--store", store, "ls", "--long", "sensor/*"),
                List.of("--store", store, "ls", "nothing*"),
                List.of("--store", store, "ls", "[bad"))) {
            sameOutput(args.toArray(new String[0]));
        }
        assertNotNull(quickOnly("--store", store, "ls", "-l", "a*"), "the plain form runs on the quick path");
    }

    @Test
    void aDirectoryStoreAndItsRefusalAreTheSame() {
        String store = "mmap:" + dir.resolve("st");
        assertEquals(0, new Cli().stdin("time,value\n1,2\n").run("--store", store, "put", "x", "--csv", "-").exitCode());
        assertEquals(0, new Cli().stdin("time,value\n1,2\n3,4\n").run("--store", store, "put", "y", "--csv", "-").exitCode());
        sameOutput("--store", store, "ls");
        assertNotNull(quickOnly("--store", store, "ls"));
        String missing = "mmap:" + dir.resolve("none");
        sameOutput("--store", missing, "ls");
        assertNull(quickOnly("--store", missing, "ls"), "a store that cannot be opened is left to the full path");
    }

    @Test
    void everyOtherFormGoesToTheFullCommandLine() {
        String store = Cli.newStore();
        for (String[] args : new String[][] {
            {}, {"ls", "--help"}, {"ls", "-h"}, {"--verbose", "ls"}, {"ls", "--verbose"}, {"ls", "a", "b"},
            {"ls", "-l", "-l"}, {"ls", "-lx"}, {"ls", "--"}, {"--store"}, {"ls", "--store"},
            {"--store", store, "--store", store, "ls"}, {"get", "ls"}, {"lss"}, {"--store", "memory:q", "ls"},
            {"-V", "ls"}, {"ls", ""}
        }) {
            assertNull(quickOnly(args), String.join(" ", args));
        }
        assertEquals(new String(Cli.exec("ls", "--help").stdout(), StandardCharsets.UTF_8),
                new String(new Cli().fullPath().run("ls", "--help").stdout(), StandardCharsets.UTF_8));
    }
}
