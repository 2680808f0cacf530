package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.StorageManagers;

/**
 * The operations half of the command as real processes, through the ./tsstore launcher: the README's pipeline
 * on an mmap store, ls beside a process writing the store, and output through /dev/full, a symbolic link, a
 * named pipe and the umask.
 */
class OperationsIT {

    @TempDir
    Path tmp;

    private static final String CSV = "time,value\n1,0.5\n2,NaN\n3,-4\n";

    private LauncherIT.Run sh(String script) {
        return LauncherIT.exec(tmp, Map.of("TSSTORE_SKIP_BUILD", "1", "TSSTORE", LauncherIT.LAUNCHER.toString()),
                new byte[0], List.of("sh", "-c", script));
    }

    private LauncherIT.Run tsstore(String... args) {
        List<String> command = new ArrayList<>(List.of(LauncherIT.LAUNCHER.toString()));
        command.addAll(List.of(args));
        return LauncherIT.exec(tmp, Map.of("TSSTORE_SKIP_BUILD", "1"), new byte[0], command);
    }

    private void putA() throws IOException {
        Files.writeString(tmp.resolve("a.csv"), CSV);
        LauncherIT.Run put = tsstore("put", "a", "--csv", "a.csv");
        assertEquals(0, put.exitCode(), put.toString());
    }

    @Test
    void theReadmePipelineWorksOnAnMmapStore() throws IOException {
        putA();
        LauncherIT.Run pipe = sh("\"$TSSTORE\" get a --format csv | \"$TSSTORE\" put b --csv -");
        assertEquals(0, pipe.exitCode(), pipe.toString());
        assertEquals("stored \"b\": 3 points, time 1 .. 3\n", pipe.out(), pipe.toString());
        assertEquals("", pipe.err());
        assertEquals(CSV, tsstore("get", "b").out());
    }

    @Test
    void lsWorksWhileAnotherProcessWritesTheStore() {
        Path dir = tmp.resolve("live");
        try (StorageManager writer = StorageManagers.open("mmap:" + dir)) {
            writer.store("x", ArrayTimeSeries.of(new double[] {1, 2, 3}, new double[] {1, 2, 3}));
            writer.flush();
            LauncherIT.Run ls = tsstore("--store", "mmap:" + dir, "ls");
            assertEquals(0, ls.exitCode(), ls.toString());
            assertEquals("ID  POINTS  FIRST  LAST\nx        3      1     3\n", ls.out());
            writer.append("x", ArrayTimeSeries.of(new double[] {4}, new double[] {4}));
            writer.flush();
            LauncherIT.Run get = tsstore("--store", "mmap:" + dir, "get", "x", "--tail", "1");
            assertEquals("time,value\n4,4\n", get.out(), get.toString());
            LauncherIT.Run put = tsstore("--store", "mmap:" + dir, "rm", "x");
            assertEquals(1, put.exitCode(), "a write still needs the writer's lock: " + put);
        }
    }

    @Test
    void aReadingCommandCreatesNoStoreAndMemorySaysItEnds() {
        LauncherIT.Run ls = tsstore("--store", "mmap:" + tmp.resolve("none"), "ls");
        assertEquals(1, ls.exitCode(), ls.toString());
        assertFalse(Files.exists(tmp.resolve("none")));
        LauncherIT.Run memory = tsstore("--store", "memory:m", "ls");
        assertEquals(0, memory.exitCode(), memory.toString());
        assertEquals("note: memory:m is kept in memory: the store ends with this command\nno series in memory:m\n",
                memory.err());
    }

    @Test
    void devFullFailsWithNoSpaceLeftAndStaysADevice() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full");
        putA();
        LauncherIT.Run r = tsstore("get", "a", "-o", "/dev/full");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("tsstore get: cannot write /dev/full: No space left on device\n", r.err());
        assertFalse(Files.isRegularFile(Path.of("/dev/full")), "still a device");
    }

    @Test
    void aSymbolicLinksTargetIsWrittenAndTheLinkStays() throws IOException {
        putA();
        Path target = Files.writeString(tmp.resolve("target.csv"), "old\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link.csv"), Path.of("target.csv"));
        LauncherIT.Run r = tsstore("get", "a", "-o", "link.csv");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals(CSV, Files.readString(target));
        // a dangling link: its target is created
        Path dangling = Files.createSymbolicLink(tmp.resolve("new.csv"), Path.of("made.csv"));
        assertEquals(0, tsstore("get", "a", "-o", "new.csv").exitCode());
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals(CSV, Files.readString(tmp.resolve("made.csv")));
    }

    @Test
    void aNamedPipeIsWrittenToForItsReader() throws Exception {
        putA();
        Path fifo = tmp.resolve("pipe.csv");
        LauncherIT.Run mk = LauncherIT.exec(tmp, Map.of(), new byte[0], List.of("mkfifo", fifo.toString()));
        assumeTrue(mk.exitCode() == 0, "mkfifo: " + mk);
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        LauncherIT.Run r = tsstore("get", "a", "-o", fifo.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(CSV, reader.get(1, TimeUnit.MINUTES));
        assertFalse(Files.isRegularFile(fifo), "still a pipe");
        assertTrue(Files.exists(fifo));
    }

    @Test
    void newFilesGetTheUmaskAndReplacedFilesKeepTheirPermissions() throws IOException {
        putA();
        LauncherIT.Run open = sh("umask 022 && exec \"$TSSTORE\" get a -o open.csv");
        assertEquals(0, open.exitCode(), open.toString());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("open.csv"))));
        LauncherIT.Run closed = sh("umask 077 && exec \"$TSSTORE\" plot a -o closed.svg");
        assertEquals(0, closed.exitCode(), closed.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("closed.svg"))));
        Path kept = Files.writeString(tmp.resolve("kept.csv"), "old\n");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-r-----"));
        LauncherIT.Run replace = sh("umask 077 && exec \"$TSSTORE\" get a -o kept.csv");
        assertEquals(0, replace.exitCode(), replace.toString());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        assertTrue(Files.readString(kept).startsWith("time,value\n"));
    }
}
