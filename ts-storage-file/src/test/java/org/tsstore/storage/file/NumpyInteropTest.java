package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Interoperability with the real numpy, run through {@code python3}: files the store writes are read by
 * {@code numpy.load} (with and without {@code mmap_mode='r'}) bit for bit and are byte for byte what
 * {@code numpy.save} writes; files {@code numpy.save} and {@code numpy.lib.format.write_array} write
 * (several shapes, both byte orders, both memory orders, format versions 1.0 to 3.0) are read by
 * {@code get}; other dtypes, shapes and object arrays are refused, naming the file and the problem.
 *
 * <p>python3 with numpy is required (CI installs python3-numpy): without it these tests fail. Set the
 * environment variable or system property {@code TSSTORE_SKIP_PYTHON} to skip them deliberately.
 */
class NumpyInteropTest {

    @TempDir
    Path work;

    @BeforeAll
    static void requirePython() throws Exception {
        boolean skip = System.getenv("TSSTORE_SKIP_PYTHON") != null || System.getProperty("TSSTORE_SKIP_PYTHON") != null;
        Assumptions.assumeFalse(skip, "TSSTORE_SKIP_PYTHON is set");
        String version = python(List.of("-c", "import numpy; print(numpy.__version__)"), null).trim();
        assertFalse(version.isEmpty(), "numpy printed no version");
    }

    /** Runs python3 and returns its output; fails the test, loudly, if python3 or numpy is missing. */
    private static String python(List<String> args, Path workDir) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("python3");
        command.addAll(args);
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            p = pb.start();
        } catch (IOException e) {
            return fail("python3 is required for the numpy interoperability tests (install python3 and "
                    + "python3-numpy, or set TSSTORE_SKIP_PYTHON to skip them): " + e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("python3 did not finish: " + out);
        }
        if (p.exitValue() != 0) {
            fail("python3 " + args.get(0) + " failed (is numpy installed? set TSSTORE_SKIP_PYTHON to skip): " + out);
        }
        return out;
    }

    private Path script(String name, String text) throws IOException {
        Path file = work.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** The Python half of the layout, exactly as the package documentation gives it. */
    private static final String SERIES_FILE = """
            import os, zlib, sys
            import numpy as np
            def series_file(directory, id):
                b = id.encode('utf-8'); h = b.hex()
                parts = [h[i:i + 200] for i in range(0, len(h), 200)]
                return os.path.join(directory, 'series', '%02x' % (zlib.crc32(b) & 0xff), *parts) + '.npy'
            """;

    /** Raw little-endian float64: times then values, the model both sides compare with. */
    private static void writeRaw(Path file, double[] t, double[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 * t.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : t) {
            b.putDouble(x);
        }
        for (double x : v) {
            b.putDouble(x);
        }
        Files.write(file, b.array());
    }

    private static double[][] readRaw(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.remaining() / 16;
        double[][] r = new double[2][n];
        for (int row = 0; row < 2; row++) {
            for (int i = 0; i < n; i++) {
                r[row][i] = b.getDouble();
            }
        }
        return r;
    }

    private static String hex(String id) {
        StringBuilder sb = new StringBuilder();
        for (byte x : id.getBytes(StandardCharsets.UTF_8)) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    @Test
    void filesTheStoreWritesAreReadByNumpyBitForBit() throws Exception {
        Path store = work.resolve("store");
        Path expected = Files.createDirectories(work.resolve("expected"));
        List<String> ids = List.of("empty", "one", "two", "a/b", "..", "\u00e9\u4e2d\ud83d\ude00", "x".repeat(255),
                "medium", "large");
        int[] sizes = {0, 1, 2, 3, 5, 17, 300, 1000, 70_001};
        StringBuilder manifest = new StringBuilder();
        Random r = new Random(11);
        try (FileStorageManager m = FileStorageManager.open(store)) {
            for (int k = 0; k < ids.size(); k++) {
                int n = sizes[k];
                double[] t = new double[n];
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    t[i] = i == 0 ? -1e300 : Math.nextUp(t[i - 1]) + (r.nextBoolean() ? 0 : r.nextDouble() * 1e3);
                    v[i] = switch (i % 7) {
                        case 0 -> Double.NaN;
                        case 1 -> Double.NEGATIVE_INFINITY;
                        case 2 -> -0.0;
                        case 3 -> Double.MIN_VALUE;
                        case 4 -> Double.MAX_VALUE;
                        default -> r.nextGaussian();
                    };
                }
                m.store(ids.get(k), ArrayTimeSeries.of(t, v));
                writeRaw(expected.resolve(k + ".bin"), t, v);
                manifest.append(k).append('\t').append(hex(ids.get(k))).append('\t')
                        .append(m.fileOf(ids.get(k))).append('\n');
            }
        }
        Files.writeString(work.resolve("manifest.txt"), manifest);
        Path check = script("check.py", SERIES_FILE + """
                import io
                store, expected, manifest = sys.argv[1], sys.argv[2], sys.argv[3]
                for line in open(manifest, encoding='utf-8'):
                    k, idhex, path = line.rstrip('\\n').split('\\t')
                    id = bytes.fromhex(idhex).decode('utf-8')
                    raw = np.fromfile(os.path.join(expected, k + '.bin'), dtype='<f8').reshape(2, -1)
                    problems = []
                    if series_file(store, id) != path:
                        problems.append('documented path %r differs from %r' % (series_file(store, id), path))
                    for mode in (None, 'r'):
                        a = np.load(path, mmap_mode=mode)
                        if a.dtype != np.dtype('<f8') or a.shape != raw.shape or not a.flags.f_contiguous:
                            problems.append('mode %s: dtype %s shape %s' % (mode, a.dtype, a.shape))
                        elif not np.array_equal(a.view('<u8'), raw.view('<u8')):
                            problems.append('mode %s: values differ' % mode)
                    b = io.BytesIO()
                    np.save(b, np.asfortranarray(raw))
                    if open(path, 'rb').read() != b.getvalue():
                        problems.append('the file is not byte for byte what numpy.save writes')
                    print(('OK %s' % k) if not problems else ('FAIL %s %s' % (k, '; '.join(problems))))
                """);
        String out = python(List.of(check.toString(), store.toString(), expected.toString(),
                work.resolve("manifest.txt").toString()), work);
        for (int k = 0; k < ids.size(); k++) {
            assertTrue(out.contains("OK " + k + "\n"), "series " + k + ": " + out);
        }
        assertFalse(out.contains("FAIL"), out);
    }

    @Test
    void appendedFilesAreReadByNumpyBitForBit() throws Exception {
        Path store = work.resolve("store");
        Path expected = Files.createDirectories(work.resolve("expected"));
        // Chunk lists: appends to a new id, to an empty series, across the I/O buffer's size.
        int[][] appends = {{1}, {0, 3, 0, 2}, {1, 1, 1, 1, 1}, {17_000, 1, 20_000}, {5, 70_001}};
        StringBuilder manifest = new StringBuilder();
        Random r = new Random(3);
        try (FileStorageManager m = FileStorageManager.open(store)) {
            m.store("stored-empty", ArrayTimeSeries.empty());
            for (int k = 0; k < appends.length; k++) {
                String id = k == 1 ? "stored-empty" : "appended-" + k;
                int total = 0;
                for (int a : appends[k]) {
                    total += a;
                }
                double[] t = new double[total];
                double[] v = new double[total];
                for (int i = 0; i < total; i++) {
                    t[i] = i == 0 ? -1e300 : Math.nextUp(t[i - 1]) + r.nextDouble();
                    v[i] = i % 5 == 0 ? Double.NaN : r.nextGaussian();
                }
                int at = 0;
                for (int a : appends[k]) {
                    double[] ct = java.util.Arrays.copyOfRange(t, at, at + a);
                    double[] cv = java.util.Arrays.copyOfRange(v, at, at + a);
                    at += a;
                    assertEquals(at, m.append(id, ArrayTimeSeries.of(ct, cv)));
                }
                writeRaw(expected.resolve(k + ".bin"), t, v);
                manifest.append(k).append('\t').append(m.fileOf(id)).append('\n');
            }
        }
        Files.writeString(work.resolve("manifest.txt"), manifest);
        Path check = script("check.py", SERIES_FILE + """
                import io
                expected, manifest = sys.argv[1], sys.argv[2]
                for line in open(manifest, encoding='utf-8'):
                    k, path = line.rstrip('\\n').split('\\t')
                    raw = np.fromfile(os.path.join(expected, k + '.bin'), dtype='<f8').reshape(2, -1)
                    problems = []
                    for mode in (None, 'r'):
                        a = np.load(path, mmap_mode=mode)
                        if a.dtype != np.dtype('<f8') or a.shape != raw.shape:
                            problems.append('mode %s: dtype %s shape %s' % (mode, a.dtype, a.shape))
                        elif not np.array_equal(a.view('<u8'), raw.view('<u8')):
                            problems.append('mode %s: values differ' % mode)
                    b = io.BytesIO()
                    np.save(b, np.asfortranarray(raw))
                    if open(path, 'rb').read() != b.getvalue():
                        problems.append('the file is not byte for byte what numpy.save writes')
                    print(('OK %s' % k) if not problems else ('FAIL %s %s' % (k, '; '.join(problems))))
                """);
        String out = python(List.of(check.toString(), expected.toString(), work.resolve("manifest.txt").toString()),
                work);
        for (int k = 0; k < appends.length; k++) {
            assertTrue(out.contains("OK " + k + "\n"), "series " + k + ": " + out);
        }
        assertFalse(out.contains("FAIL"), out);
    }

    @Test
    void aCOrderFileNumpyWroteIsAppendedTo() throws Exception {
        Path store = work.resolve("store");
        try (FileStorageManager m = FileStorageManager.open(store)) {
            m.store("java", ArrayTimeSeries.of(new double[] {1}, new double[] {2}));
        }
        Path write = script("write.py", SERIES_FILE + """
                store = sys.argv[1]
                os.makedirs(os.path.dirname(series_file(store, 'c')), exist_ok=True)
                np.save(series_file(store, 'c'), np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]]))
                """);
        python(List.of(write.toString(), store.toString()), work);
        Path file;
        try (FileStorageManager m = FileStorageManager.open(store)) {
            assertEquals(5, m.append("c", ArrayTimeSeries.of(new double[] {4, 5}, new double[] {40, 50})));
            assertEquals(6, m.append("c", ArrayTimeSeries.of(new double[] {6}, new double[] {60})));
            file = m.fileOf("c");
        }
        Path check = script("check.py", """
                import sys
                import numpy as np
                a = np.load(sys.argv[1], mmap_mode='r')
                print(repr(a.tolist()), a.flags.f_contiguous)
                """);
        String out = python(List.of(check.toString(), file.toString()), work);
        assertEquals("[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]] True", out.trim());
    }

    @Test
    void filesNumpyWritesAreReadByGet() throws Exception {
        Path store = work.resolve("store");
        try (FileStorageManager m = FileStorageManager.open(store)) {
            m.store("java", ArrayTimeSeries.of(new double[] {1}, new double[] {2}));
        }
        Path expected = Files.createDirectories(work.resolve("expected"));
        Path write = script("write.py", SERIES_FILE + """
                from numpy.lib import format as fmt
                store, expected = sys.argv[1], sys.argv[2]
                rng = np.random.default_rng(5)
                good = []
                for n in (0, 1, 2, 7, 1000, 70001):
                    t = np.cumsum(rng.random(n) + 1e-3) - 50.0
                    v = rng.standard_normal(n)
                    v[::5] = np.nan
                    if n > 3:
                        v[1], v[2], v[3] = -0.0, np.inf, -np.inf
                    a = np.vstack([t, v])
                    a.astype('<f8').tofile(os.path.join(expected, 'n%d.bin' % n))
                    for order in ('C', 'F'):
                        for byteorder in ('<', '>'):
                            for version in (None, (1, 0), (2, 0), (3, 0)):
                                b = np.array(a, dtype=byteorder + 'f8', order=order)
                                id = 'np %d %s %s %s' % (n, order, byteorder, version)
                                path = series_file(store, id)
                                os.makedirs(os.path.dirname(path), exist_ok=True)
                                if version is None:
                                    np.save(path, b)
                                else:
                                    with open(path, 'wb') as f:
                                        fmt.write_array(f, b, version=version)
                                good.append(id)
                                print('GOOD\\t%s\\tn%d' % (id.encode().hex(), n))
                bad = {
                    'float32': np.zeros((2, 3), dtype='<f4'),
                    'int64': np.zeros((2, 3), dtype='<i8'),
                    'complex': np.zeros((2, 3), dtype='<c16'),
                    'bool': np.zeros((2, 3), dtype='?'),
                    'three rows': np.arange(9.0).reshape(3, 3),
                    'transposed': np.arange(6.0).reshape(3, 2),
                    'three dims': np.arange(6.0).reshape(2, 3, 1),
                    'one dim': np.arange(2.0),
                    'scalar': np.float64(1.0),
                    'structured': np.zeros(3, dtype=[('t', '<f8'), ('v', '<f8')]),
                    'object': np.array([[1.0, 'x'], [2.0, None]], dtype=object),
                    'decreasing times': np.array([[2.0, 1.0], [0.0, 0.0]]),
                    'nan time': np.array([[0.0, np.nan], [0.0, 0.0]]),
                }
                for id, arr in bad.items():
                    path = series_file(store, id)
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    np.save(path, arr, allow_pickle=True)
                    print('BAD\\t%s\\t%s' % (id.encode().hex(), path))
                """);
        String out = python(List.of(write.toString(), store.toString(), expected.toString()), work);
        Map<String, String> good = new HashMap<>();
        Map<String, String> bad = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            if (f[0].equals("GOOD")) {
                good.put(new String(hexBytes(f[1]), StandardCharsets.UTF_8), f[2]);
            } else if (f[0].equals("BAD")) {
                bad.put(new String(hexBytes(f[1]), StandardCharsets.UTF_8), f[2]);
            }
        }
        assertEquals(6 * 2 * 2 * 4, good.size(), out);
        assertEquals(13, bad.size(), out);
        try (FileStorageManager m = FileStorageManager.open(store, Map.of("cacheBytes", "0"))) {
            for (Map.Entry<String, String> e : good.entrySet()) {
                double[][] raw = readRaw(expected.resolve(e.getValue() + ".bin"));
                SizedContainerTimeSeries s = m.get(e.getKey());
                SeriesFileCodecTest.assertBitsEqual(raw[0], s.times());
                SeriesFileCodecTest.assertBitsEqual(raw[1], s.values());
                assertEquals(raw[0].length, m.size(e.getKey()));
            }
            assertTrue(m.verify().isClean());
            Map<String, String> expectedProblem = Map.ofEntries(Map.entry("float32", "'<f4'"),
                    Map.entry("int64", "'<i8'"), Map.entry("complex", "'<c16'"), Map.entry("bool", "'|b1'"),
                    Map.entry("three rows", "(3, 3)"), Map.entry("transposed", "(3, 2)"),
                    Map.entry("three dims", "(2, 3, 1)"), Map.entry("one dim", "(2,)"), Map.entry("scalar", "()"),
                    Map.entry("structured", "structured dtype [('t', '<f8'), ('v', '<f8')]"), Map.entry("object", "object array"),
                    Map.entry("decreasing times", "strictly increasing"), Map.entry("nan time", "not finite"));
            for (Map.Entry<String, String> e : bad.entrySet()) {
                assertFalse(m.contains(e.getKey()), e.getKey());
                Path file = Path.of(e.getValue());
                assertTrue(m.repairs().stream().anyMatch(r -> r.kind() == Repair.Kind.FILE_IGNORED
                        && r.file().equals(file) && r.detail().contains(expectedProblem.get(e.getKey()))),
                        e.getKey() + ": " + m.repairs().stream().filter(r -> r.file().equals(file))
                                .collect(java.util.stream.Collectors.toList()));
                assertTrue(Files.exists(file), "left where it is");
            }
        }
    }

    @Test
    void aStoredFileReplacedByNumpyWithAnotherDtypeIsRefusedByGet() throws Exception {
        Path store = work.resolve("store");
        String path;
        try (FileStorageManager m = FileStorageManager.open(store)) {
            m.store("victim", ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4}));
            path = m.fileOf("victim").toString();
        }
        Path write = script("replace.py", """
                import sys
                import numpy as np
                np.save(sys.argv[1], np.array([[1, 2], [3, 4]], dtype='<f4'))
                """);
        python(List.of(write.toString(), path), work);
        try (FileStorageManager m = FileStorageManager.open(store)) {
            StorageException e = assertThrows(StorageException.class, () -> m.get("victim"));
            assertTrue(e.getMessage().contains(path) && e.getMessage().contains("'<f4'")
                    && e.getMessage().contains("float64"), e.getMessage());
        }
    }

    private static byte[] hexBytes(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
