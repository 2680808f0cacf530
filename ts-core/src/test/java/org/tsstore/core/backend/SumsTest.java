package org.tsstore.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel against two independent references: the real numpy (its {@code sum}, {@code mean} and
 * {@code std} must come out bit for bit the same) and an exact {@link BigDecimal} sum (the error stays within
 * the pairwise bound). Heap arrays, buffers and sources must agree to the bit.
 */
class SumsTest {

    @TempDir
    Path dir;

    private static final int[] SIZES = {0, 1, 2, 7, 8, 9, 15, 16, 17, 127, 128, 129, 255, 256, 257, 1000, 1023,
        1024, 1025, 8191, 8192, 8193, 100_003, 1_000_000};

    private static List<double[]> datasets() {
        SplittableRandom r = new SplittableRandom(20261202L);
        List<double[]> sets = new ArrayList<>();
        for (int n : SIZES) {
            double[] offset = new double[n];
            double[] alternating = new double[n];
            double[] cancelling = new double[n];
            double[] spread = new double[n];
            for (int i = 0; i < n; i++) {
                offset[i] = 1e9 + r.nextDouble() * 1e-3;
                alternating[i] = (i % 2 == 0 ? 1e16 : -1e16) + r.nextDouble();
                cancelling[i] = (i % 3 == 0 ? 1e20 : i % 3 == 1 ? -1e20 : 1) * (1 + r.nextDouble() * 1e-10);
                spread[i] = r.nextGaussian() * Math.pow(10, r.nextInt(-8, 9));
            }
            sets.add(offset);
            sets.add(alternating);
            sets.add(cancelling);
            sets.add(spread);
        }
        return sets;
    }

    @Test
    void arraysBuffersAndSourcesSumToTheSameBits() {
        for (double[] a : datasets()) {
            DoubleBuffer mapped = ByteBuffer.allocateDirect(8 * a.length).order(ByteOrder.nativeOrder()).asDoubleBuffer();
            mapped.put(a);
            double heap = Sums.sum(a, 0, a.length);
            assertEquals(Double.doubleToRawLongBits(heap), Double.doubleToRawLongBits(Sums.sum(mapped, 0, a.length)));
            assertEquals(Double.doubleToRawLongBits(heap),
                    Double.doubleToRawLongBits(Sums.sum(Sums.arraySource(a), 0, a.length)));
        }
    }

    @Test
    void theErrorStaysWithinThePairwiseBound() {
        for (double[] a : datasets()) {
            BigDecimal exact = BigDecimal.ZERO;
            BigDecimal magnitude = BigDecimal.ZERO;
            for (double x : a) {
                exact = exact.add(new BigDecimal(x));
                magnitude = magnitude.add(new BigDecimal(Math.abs(x)));
            }
            double got = Sums.sum(a, 0, a.length);
            BigDecimal error = new BigDecimal(got).subtract(exact).abs();
            // Pairwise: |error| <= (log2(n/128) + 128 + 1) * eps * sum |x|, a loose form of Higham's bound.
            int levels = a.length <= 1 ? 1 : 130 + (int) Math.ceil(Math.log(a.length) / Math.log(2));
            BigDecimal bound = magnitude.multiply(new BigDecimal(Math.ulp(1.0) * levels), MathContext.DECIMAL64);
            assertTrue(error.compareTo(bound) <= 0, "error " + error + " over bound " + bound + " for n=" + a.length);
        }
    }

    @Test
    void stdRefusesNegativeDegreesOfFreedomAndIsNaNWithoutAny() {
        double[] a = {1, 2, 3};
        assertTrue(Double.isNaN(Sums.std(Sums.arraySource(a), 3, 3)));
        assertTrue(Double.isNaN(Sums.std(Sums.arraySource(a), 0, 0)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Sums.std(Sums.arraySource(a), 3, -1));
    }

    @Test
    void sumMeanAndStdEqualNumpysToTheBit() throws Exception {
        Assumptions.assumeTrue(System.getenv("TSSTORE_SKIP_PYTHON") == null, "TSSTORE_SKIP_PYTHON is set");
        List<double[]> sets = datasets();
        StringBuilder expected = new StringBuilder();
        for (int k = 0; k < sets.size(); k++) {
            double[] a = sets.get(k);
            ByteBuffer b = ByteBuffer.allocate(8 * a.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double x : a) {
                b.putDouble(x);
            }
            Files.write(dir.resolve(k + ".bin"), b.array());
            expected.append(bits(Sums.sum(a, 0, a.length))).append(' ')
                    .append(bits(Sums.mean(Sums.arraySource(a), a.length))).append(' ')
                    .append(bits(Sums.std(Sums.arraySource(a), a.length, 0))).append(' ')
                    .append(bits(Sums.std(Sums.arraySource(a), a.length, 1))).append('\n');
        }
        String script = "import numpy as np, sys, warnings\n"
                + "warnings.simplefilter('ignore')\n"
                + "def b(x):\n"
                + "    return '%016x' % np.array([x], dtype='<f8').view('<u8')[0]\n"
                + "for k in range(" + sets.size() + "):\n"
                + "    a = np.fromfile('" + dir + "/%d.bin' % k, dtype='<f8')\n"
                + "    s1 = np.std(a, ddof=1) if len(a) > 1 else float('nan')\n"
                + "    print(b(np.sum(a)), b(np.mean(a)) if len(a) else b(float('nan')),"
                + " b(np.std(a)) if len(a) else b(float('nan')), b(s1))\n";
        Path py = dir.resolve("sums.py");
        Files.writeString(py, script);
        String numpy = run(py);
        assertEquals(expected.toString().replace(bits(Double.NaN), "nan"), numpy.replace(bits(Double.NaN), "nan")
                .replace("7ff8000000000000", "nan").replace("fff8000000000000", "nan"));
    }

    private static String bits(double x) {
        return Double.isNaN(x) ? "nan" : String.format("%016x", Double.doubleToRawLongBits(x));
    }

    private static String run(Path script) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("python3 with numpy is needed (or set TSSTORE_SKIP_PYTHON): " + e, e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
