package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;


/**
 * Runs the repository's pure-Python reader ({@code python/tsstore}) through the real {@code python3} on a
 * store directory, by its test driver {@code python/tests/read_store.py}, and parses what it prints, so that
 * a backend's tests can compare what Python reads with the arrays they wrote, bit for bit.
 *
 * <p>Tests call {@link #assumeAvailable()} first: without {@code python3} and numpy (or with the environment
 * variable or system property {@code TSSTORE_SKIP_PYTHON} set) they are skipped with a message saying so.
 */
public final class PythonReader {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * What Python read of one series.
     *
     * @param id the series id
     * @param times its times, as Python read them
     * @param values its values, as Python read them
     * @param readOnly whether both numpy arrays were read-only
     * @param mapped whether both arrays were views of a memory mapping (no copy)
     */
    public record Series(String id, double[] times, double[] values, boolean readOnly, boolean mapped) {}

    /**
     * What one run printed.
     *
     * @param listed the number of ids {@code ids()} listed
     * @param series the series read, by id, in the order asked
     * @param missing the ids that raised {@code KeyError}
     * @param damaged the message of each {@code DamagedError}, by id
     */
    public record Output(int listed, Map<String, Series> series, List<String> missing, Map<String, String> damaged) {}

    private PythonReader() {}

    /**
     * The repository's {@code python} directory, found from the working directory upwards.
     *
     * @return its absolute path
     * @throws IllegalStateException if no {@code python/tsstore} lies above the working directory
     */
    public static Path pythonDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("python/tsstore/__init__.py"))) {
                return p.resolve("python");
            }
        }
        throw new IllegalStateException("no python/tsstore above " + dir);
    }

    /** Skips the calling test, with a message, unless {@code python3} with numpy runs here. */
    public static void assumeAvailable() {
        boolean skip = System.getenv("TSSTORE_SKIP_PYTHON") != null || System.getProperty("TSSTORE_SKIP_PYTHON") != null;
        Assumptions.assumeFalse(skip, "TSSTORE_SKIP_PYTHON is set: the Python reader tests are skipped");
        boolean ok;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        Assumptions.assumeTrue(ok, "python3 with numpy is not installed: the Python reader tests are skipped"
                + " (install python3 and python3-numpy to run them)");
    }

    /**
     * The hex of an id's UTF-8 bytes, as the driver takes and prints ids.
     *
     * @param id a series id
     * @return lower-case hex digits
     */
    public static String hex(String id) {
        return HEX.formatHex(id.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The driver's command that reads an id whole.
     *
     * @param id a series id
     * @return the command
     */
    public static String get(String id) {
        return "get:" + hex(id);
    }

    /**
     * The driver's command that reads the points of an id with {@code start <= t < stop}.
     *
     * @param id a series id
     * @param start the first time included
     * @param stop the first time excluded
     * @return the command
     */
    public static String range(String id, double start, double stop) {
        return "range:" + hex(id) + ":" + start + ":" + stop;
    }

    /**
     * Runs the driver on a store with commands ({@code all}, {@link #get}, {@link #range}) and parses its output.
     * A series read twice (by {@code all} and {@code get}) is kept once.
     *
     * @param store the store directory
     * @param commands the driver's commands
     * @return what it printed, parsed
     * @throws IOException if python3 cannot be started
     * @throws InterruptedException if interrupted while waiting for it
     * @throws AssertionError if python3 fails or prints a line the driver does not print
     */
    public static Output read(Path store, String... commands) throws IOException, InterruptedException {
        Map<String, Series> series = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> damaged = new LinkedHashMap<>();
        int[] listed = {-1};
        run(store, List.of(commands), line -> {
            String[] f = line.split(" ", 3);
            switch (f[0]) {
                case "IDS" -> listed[0] = Integer.parseInt(f[1]);
                case "SERIES" -> {
                    String[] s = line.split(" ");
                    String id = id(s[1]);
                    int n = Integer.parseInt(s[2]);
                    double[] t = doubles(s[3]);
                    double[] v = doubles(s[4]);
                    assertEquals(n, t.length, "points of " + id);
                    series.put(id, new Series(id, t, v, s[5].equals("1"), s[6].equals("1")));
                }
                case "MISSING" -> missing.add(id(f[1]));
                case "DAMAGED" -> damaged.put(id(f[1]), f[2]);
                default -> fail("the Python driver printed an unexpected line: " + line);
            }
        });
        return new Output(listed[0], series, missing, damaged);
    }

    /**
     * Runs the driver with a command and hands each line it prints to {@code lines} as it comes (for
     * {@code follow:SECONDS}, which reads a store while another thread writes it).
     *
     * @param store the store directory
     * @param commands the driver's commands
     * @param lines takes each line; one that throws is reported as unparsed and fails the run
     * @throws IOException if python3 cannot be started
     * @throws InterruptedException if interrupted while waiting for it
     * @throws AssertionError if python3 fails or a line was not taken
     */
    public static void run(Path store, List<String> commands, Consumer<String> lines)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", pythonDirectory().resolve("tests/read_store.py")
                .toString(), store.toString()));
        command.addAll(commands);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        List<String> unparsed = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                try {
                    lines.accept(line);
                } catch (RuntimeException | AssertionError e) {
                    unparsed.add(line);
                    if (unparsed.size() > 20) {
                        break;
                    }
                }
            }
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the Python reader did not finish on " + store);
        }
        if (p.exitValue() != 0 || !unparsed.isEmpty()) {
            fail("the Python reader failed on " + store + " (exit " + p.exitValue() + "): "
                    + String.join("\n", unparsed));
        }
    }

    /**
     * Runs the Python package's own unit tests ({@code python -m unittest discover} in {@code python/tests})
     * and returns their output.
     *
     * @return what they printed
     * @throws IOException if python3 cannot be started
     * @throws InterruptedException if interrupted while waiting for it
     * @throws AssertionError if any fails
     */
    public static String unitTests() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-m", "unittest", "discover", "-v", "-s", "tests")
                .directory(pythonDirectory().toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the Python unit tests did not finish: " + out);
        }
        if (p.exitValue() != 0) {
            fail("the Python unit tests failed:\n" + out);
        }
        return out;
    }

    private static String id(String hex) {
        return new String(HEX.parseHex(hex), StandardCharsets.UTF_8);
    }

    private static double[] doubles(String hex) {
        if (hex.equals("-")) {
            return new double[0];
        }
        ByteBuffer b = ByteBuffer.wrap(HEX.parseHex(hex)).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[b.remaining() / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getDouble();
        }
        return out;
    }

    /**
     * The digest the Python driver prints for a version it read while following a writer: SHA-256 of the
     * times' little-endian bytes in hex, {@code /}, the values' likewise, so that a test matches it against
     * the versions it wrote.
     *
     * @param times the times of a version
     * @param values its values
     * @return the digest in lower-case hex
     */
    public static String digest(double[] times, double[] values) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(hexLittleEndian(times).getBytes(StandardCharsets.US_ASCII));
            md.update((byte) '/');
            md.update(hexLittleEndian(values).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }

    private static String hexLittleEndian(double[] a) {
        ByteBuffer b = ByteBuffer.allocate(8 * a.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : a) {
            b.putLong(Double.doubleToRawLongBits(d));
        }
        return HexFormat.of().formatHex(b.array());
    }
}
