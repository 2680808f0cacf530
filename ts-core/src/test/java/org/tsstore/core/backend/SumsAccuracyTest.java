package org.tsstore.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's error against exact references written here ({@link BigDecimal} sums, and for 10^8 values a
 * closed form), side by side with the error of the real numpy on the same data: ours must be no larger, for
 * sum, mean, std (ddof 0 and 1), nanmean and nanstd. The data are adversarial: a large offset with small
 * variations, alternating magnitudes, sums that cancel, NaN holes, and 10^8 values.
 */
class SumsAccuracyTest {

    private static final MathContext EXACT = new MathContext(60);

    @TempDir
    Path dir;

    private static Map<String, double[]> adversarial() {
        SplittableRandom r = new SplittableRandom(20261203L);
        Map<String, double[]> sets = new LinkedHashMap<>();
        for (int n : new int[] {1000, 65_537, 1_000_000}) {
            double[] offset = new double[n];
            double[] alternating = new double[n];
            double[] cancelling = new double[n];
            double[] ramp = new double[n];
            double[] holes = new double[n];
            for (int i = 0; i < n; i++) {
                offset[i] = 1e9 + r.nextDouble() * 1e-3;
                alternating[i] = (i % 2 == 0 ? 1e16 : -1e16) + r.nextDouble() * 10;
                cancelling[i] = (i % 3 == 0 ? 1e20 : i % 3 == 1 ? -1e20 : 1) * (1 + r.nextDouble() * 1e-10);
                ramp[i] = 1e8 + i * 1e-4 + (r.nextDouble() - 0.5) * 1e-6;
                holes[i] = r.nextInt(5) == 0 ? Double.NaN : 1e7 + r.nextGaussian();
            }
            sets.put("offset-" + n, offset);
            sets.put("alternating-" + n, alternating);
            sets.put("cancelling-" + n, cancelling);
            sets.put("ramp-" + n, ramp);
            sets.put("holes-" + n, holes);
        }
        return sets;
    }

    /** Exact sum, mean, and standard deviations (ddof 0 and 1) of the values that are not NaN. */
    private static BigDecimal[] exact(double[] a) {
        BigDecimal sum = BigDecimal.ZERO;
        long n = 0;
        for (double x : a) {
            if (x == x) {
                sum = sum.add(new BigDecimal(x));
                n++;
            }
        }
        BigDecimal mean = sum.divide(BigDecimal.valueOf(n), EXACT);
        BigDecimal squares = BigDecimal.ZERO;
        for (double x : a) {
            if (x == x) {
                BigDecimal d = new BigDecimal(x).subtract(mean);
                squares = squares.add(d.multiply(d, EXACT), EXACT);
            }
        }
        BigDecimal std0 = squares.divide(BigDecimal.valueOf(n), EXACT).sqrt(EXACT);
        BigDecimal std1 = squares.divide(BigDecimal.valueOf(n - 1), EXACT).sqrt(EXACT);
        return new BigDecimal[] {sum, mean, std0, std1};
    }

    private static BigDecimal error(double got, BigDecimal exact) {
        return new BigDecimal(got).subtract(exact).abs();
    }

    @Test
    void noLargerErrorThanNumpyOnAdversarialData() throws Exception {
        Assumptions.assumeTrue(System.getenv("TSSTORE_SKIP_PYTHON") == null, "TSSTORE_SKIP_PYTHON is set");
        Map<String, double[]> sets = adversarial();
        List<String> names = new ArrayList<>(sets.keySet());
        for (int k = 0; k < names.size(); k++) {
            write(dir.resolve(k + ".bin"), sets.get(names.get(k)));
        }
        String script = "import numpy as np\n"
                + "for k in range(" + names.size() + "):\n"
                + "    a = np.fromfile('" + dir + "/%d.bin' % k, dtype='<f8')\n"
                + "    r = [np.nansum(a), np.nanmean(a), np.nanstd(a), np.nanstd(a, ddof=1),"
                + " np.sum(a), np.mean(a), np.std(a), np.std(a, ddof=1)]\n"
                + "    print(' '.join(float(x).hex() for x in r))\n";
        List<String> numpy = run(dir.resolve("acc.py"), script);
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            double[] a = sets.get(name);
            String[] np = numpy.get(k).trim().split(" ");
            BigDecimal[] exact = exact(a);
            boolean holes = name.startsWith("holes");
            Sums.Source s = Sums.arraySource(a);
            double[] ours = holes
                    ? new double[] {Double.NaN, Sums.nanMean(s, a.length), Sums.nanStd(s, a.length, 0),
                        Sums.nanStd(s, a.length, 1)}
                    : new double[] {Sums.sum(a, 0, a.length), Sums.mean(s, a.length), Sums.std(s, a.length, 0),
                        Sums.std(s, a.length, 1)};
            String[] what = {"sum", "mean", "std", "std(ddof=1)"};
            for (int j = holes ? 1 : 0; j < 4; j++) {
                double theirs = parse(np[holes ? j : 4 + j]);
                BigDecimal ourError = error(ours[j], exact[j]);
                BigDecimal numpyError = error(theirs, exact[j]);
                System.out.printf("%s %s: error ours %.3e, numpy %.3e%n", name, what[j], ourError, numpyError);
                assertTrue(ourError.compareTo(numpyError) <= 0, name + " " + what[j] + ": our error " + ourError
                        + " exceeds numpy's " + numpyError);
            }
            if (holes) {
                assertTrue(Double.isNaN(parse(np[5])), "numpy's plain mean of holes is NaN");
                assertTrue(Double.isNaN(Sums.mean(s, a.length)), "our plain mean of holes is NaN");
            }
        }
    }

    /** {@code 1e6 + c[i mod 7]} for {@code i < 10^8}: a large offset with small variations, from a formula. */
    private static final double[] SEVEN = {1e6 + 0.1, 1e6 + 0.7, 1e6 + 0.3, 1e6 - 0.9, 1e6 + 0.5, 1e6 - 0.2, 1e6 + 0.01};

    @Test
    void aHundredMillionValuesNoWorseThanNumpy() throws Exception {
        Assumptions.assumeTrue(System.getenv("TSSTORE_SKIP_PYTHON") == null, "TSSTORE_SKIP_PYTHON is set");
        int n = 100_000_000;
        BigDecimal exact = BigDecimal.ZERO;
        for (int r = 0; r < 7; r++) {
            long count = n / 7 + (r < n % 7 ? 1 : 0);
            exact = exact.add(new BigDecimal(SEVEN[r]).multiply(BigDecimal.valueOf(count)));
        }
        double ours = Sums.sum((from, dst, length) -> {
            for (int i = 0; i < length; i++) {
                dst[i] = SEVEN[(from + i) % 7];
            }
        }, 0, n);
        StringBuilder seven = new StringBuilder();
        for (double x : SEVEN) {
            seven.append(seven.length() == 0 ? "" : ", ").append("float.fromhex('").append(Double.toHexString(x))
                    .append("')");
        }
        String script = "import numpy as np\n"
                + "c = np.array([" + seven + "])\n"
                + "a = np.tile(c, " + (n / 7 + 1) + ")[:" + n + "]\n"
                + "print(float(np.sum(a)).hex())\n";
        double numpy = parse(run(dir.resolve("big.py"), script).get(0).trim());
        BigDecimal ourError = error(ours, exact);
        BigDecimal numpyError = error(numpy, exact);
        System.out.printf("1e8 values sum: error ours %.3e, numpy %.3e%n", ourError, numpyError);
        assertTrue(ourError.compareTo(numpyError) <= 0, "our error " + ourError + " exceeds numpy's " + numpyError);
        // and far below what a naive running sum makes of the same values
        double naive = 0;
        for (int i = 0; i < n; i++) {
            naive += SEVEN[i % 7];
        }
        assertTrue(ourError.compareTo(error(naive, exact)) < 0, "pairwise beats the naive sum");
    }

    @Test
    void nanStatisticsFollowNumpysEdgeCases() {
        double[] allNaN = {Double.NaN, Double.NaN};
        assertTrue(Double.isNaN(Sums.nanMean(Sums.arraySource(allNaN), 2)));
        assertTrue(Double.isNaN(Sums.nanStd(Sums.arraySource(allNaN), 2, 0)));
        double[] one = {Double.NaN, 4.0, Double.NaN};
        assertEquals(4.0, Sums.nanMean(Sums.arraySource(one), 3));
        assertEquals(0.0, Sums.nanStd(Sums.arraySource(one), 3, 0));
        assertTrue(Double.isNaN(Sums.nanStd(Sums.arraySource(one), 3, 1)), "count - ddof = 0");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Sums.nanStd(Sums.arraySource(one), 3, -1));
    }

    private static double parse(String hex) {
        return hex.equals("nan") ? Double.NaN : Double.parseDouble(hex);
    }

    private static void write(Path file, double[] a) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * a.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : a) {
            b.putDouble(x);
        }
        Files.write(file, b.array());
    }

    private static List<String> run(Path file, String script) throws IOException, InterruptedException {
        Files.writeString(file, script);
        Process p;
        try {
            p = new ProcessBuilder("python3", file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("python3 with numpy is needed (or set TSSTORE_SKIP_PYTHON): " + e, e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), out);
        return List.of(out.split("\n"));
    }
}
