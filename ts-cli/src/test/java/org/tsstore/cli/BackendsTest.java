package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.StorageBackend;
import org.tsstore.core.StorageManagers;

/** The commands against the real backends on the classpath, each store in a temporary directory. */
class BackendsTest {

    @TempDir
    Path tmp;

    /** The real backends of the tsstore jar that are installed (the scratch test backend aside). */
    static List<String> schemes() {
        return StorageManagers.providers().stream().map(StorageBackend::scheme)
                .filter(s -> Set.of("memory", "file", "mmap").contains(s)).toList();
    }

    private String location(String scheme, String name) {
        return scheme.equals("memory") ? "memory:" + name + "-" + System.nanoTime() : scheme + ":" + tmp.resolve(name);
    }

    /**
     * For a memory store, a manager held open so that the store outlives each command (a named memory
     * store is dropped when its last manager closes); nothing for the persistent backends.
     */
    private static StorageManager hold(String location) {
        return location.startsWith("memory:") ? StorageManagers.open(location) : null;
    }

    @Test
    void theCommandShipsEveryBackend() {
        Set<String> installed = Set.copyOf(schemes());
        assertTrue(installed.contains("mmap"), "the default store's backend: " + installed);
        assertTrue(installed.contains("memory"), installed.toString());
        assertTrue(installed.contains("file"), installed.toString());
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void putGetLsStatsRmVerifyCompactInOneStore(String scheme) throws IOException {
        String store = location(scheme, "s");
        Path csv = Files.writeString(tmp.resolve("in.csv"), "time,value\n0,1\n0.5,NaN\n1,-2.25\n");
        try (StorageManager held = hold(store)) {
            putGetLsStatsRmVerifyCompact(store, csv);
        }
    }

    private static void putGetLsStatsRmVerifyCompact(String store, Path csv) {
        assertEquals(0, Cli.exec("--store", store, "put", "a b/c", "--csv", csv.toString()).exitCode());
        Cli.Result get = Cli.exec("--store", store, "get", "a b/c");
        assertEquals("time,value\n0,1\n0.5,NaN\n1,-2.25\n", get.out(), get.toString());
        Cli.Result ls = Cli.exec("--store", store, "ls");
        assertEquals("ID       POINTS  FIRST  LAST\n\"a b/c\"       3      0     1\n", ls.out(),
                "an id with a space prints quoted: " + ls);
        Cli.Result stats = Cli.exec("--store", store, "stats", "a b/c");
        assertTrue(stats.out().contains("mean    -0.625\n") && stats.out().contains("NaN     1\n"), stats.out());
        Cli.Result verify = Cli.exec("--store", store, "verify");
        assertEquals(0, verify.exitCode(), verify.toString());
        assertEquals(0, Cli.exec("--store", store, "compact").exitCode());
        assertEquals(0, Cli.exec("--store", store, "rm", "a b/c").exitCode());
        assertEquals(1, Cli.exec("--store", store, "get", "a b/c").exitCode());
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void copyBetweenBackendsKeepsEverySeries(String scheme) {
        String source = Cli.newStore();
        var contents = ScratchStorageProvider.contents(source.substring("scratch:".length()));
        contents.put("x", ArrayTimeSeries.of(new double[] {1, 2, 3}, new double[] {4, Double.NaN, -0.0}));
        contents.put("..", ArrayTimeSeries.of(new double[] {1}, new double[] {Double.POSITIVE_INFINITY}));
        contents.put("CON", ArrayTimeSeries.empty());
        String target = location(scheme, "copy");
        try (StorageManager held = hold(target)) {
            Cli.Result r = Cli.exec("--store", source, "copy", "--to", target);
            assertEquals(0, r.exitCode(), r.toString());
            // read back by a second command: what the first stored persisted
            String back = Cli.newStore();
            assertEquals(0, Cli.exec("--store", target, "copy", "--to", back).exitCode());
            assertEquals(contents, ScratchStorageProvider.contents(back.substring("scratch:".length())));
        }
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void demoRunsOnEveryBackend(String scheme) {
        Cli.Result r = Cli.exec("--store", location(scheme, "demo"), "demo");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("demo/sensor  equal to what was stored"), r.out());
    }

    @Test
    void defaultStoreIsMmapInTheWorkingDirectory() {
        Cli.Result r = Cli.exec("ls", "--help");
        assertTrue(r.out().replaceAll("\\s+", " ").contains("Default: the property tsstore.uri, else $TSSTORE_URI, else"
                + " mmap:./tsdata;"), r.out());
    }

    @Test
    void verifyFindsAFlippedByteInAnMmapStore() throws IOException {
        if (!schemes().contains("mmap")) {
            return;
        }
        String store = "mmap:" + tmp.resolve("m");
        double marker = 12345.678125;
        double[] t = new double[64];
        double[] v = new double[64];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
            v[i] = marker;
        }
        byte[] npy = toNpy(ArrayTimeSeries.of(t, v));
        assertEquals(0, new Cli().stdin(npy).run("--store", store, "put", "victim", "--npy", "-").exitCode());
        assertEquals(0, Cli.exec("--store", store, "verify").exitCode());
        // flip one byte inside the stored values, wherever the backend put them
        byte[] pattern = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(marker).array();
        boolean flipped = false;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tmp.resolve("m"))) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            int at = indexOf(bytes, pattern, 20 * 8);
            if (at >= 0) {
                bytes[at + 3] ^= 0x10;
                Files.write(f, bytes);
                flipped = true;
                break;
            }
        }
        assertTrue(flipped, "the values are somewhere in " + files);
        Cli.Result verify = Cli.exec("--store", store, "verify");
        assertEquals(1, verify.exitCode(), verify.toString());
        assertTrue(verify.out().contains("DAMAGED \"victim\""), verify.out());
        assertTrue(verify.err().startsWith("tsstore verify: 1 damaged record in " + store), verify.err());
        Cli.Result get = Cli.exec("--store", store, "get", "victim");
        assertEquals(1, get.exitCode(), "damaged data is never returned: " + get);
        assertEquals("", get.out());
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int skipRepeats) {
        // the n-th occurrence in a run of equal values, so that the flip lands in the middle of the data
        int found = 0;
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            if (found++ * 8 >= skipRepeats) {
                return i;
            }
        }
        return -1;
    }

    static byte[] toNpy(ArrayTimeSeries s) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        NpyArrays.write(s, out);
        ArrayTimeSeries back = NpyArrays.read(new ByteArrayInputStream(out.toByteArray()), "check");
        assertArrayEquals(s.values(), back.values());
        return out.toByteArray();
    }
}
