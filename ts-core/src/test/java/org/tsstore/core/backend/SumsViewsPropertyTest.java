package org.tsstore.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Every memory a series can live in sums to the same bits: heap arrays at an offset, heap {@code DoubleBuffer}s
 * (wrapped, sliced, and viewing a heap {@code ByteBuffer}), direct buffers (aligned and not) and real file
 * mappings give bit-identical {@code sum}, {@code mean}, {@code std} (ddof 0 and 1), {@code nanmean} and
 * {@code nanstd}, for every length 0..5,000, at offsets, over random values with NaN, infinities, -0.0,
 * subnormals and huge magnitudes.
 *
 * <p>Two independent references: {@link Model}, numpy's pairwise tree written again here from numpy's C source
 * (so a change of tree in {@link Sums} fails), and for finite data an exact {@link BigDecimal} sum, whose
 * distance to ours must stay within the pairwise error bound. The numpy comparison itself and the adversarial
 * accuracy data are {@link SumsTest} and {@link SumsAccuracyTest}; this test is about the memories agreeing.
 * Two examples prove the checks bite: a tree split at {@code n/2} not rounded to a multiple of 8, and a sum in
 * {@code float} precision.
 */
class SumsViewsPropertyTest {

    /** What each value of a generated array is drawn from. */
    enum Mix {
        /** Gaussian values scaled by powers of ten from 1e-8 to 1e8. */
        FINITE,
        /** A large offset with small variations (cancellation in the mean and std). */
        OFFSET,
        /** Mostly subnormal values, and zeros of both signs. */
        SUBNORMAL,
        /** Magnitudes near {@code Double.MAX_VALUE}: sums overflow to infinity. */
        HUGE,
        /** Finite values with about one NaN, infinity or signed zero in a thousand. */
        RARE_SPECIALS,
        /** Any of the above, a special value one time in four. */
        WILD
    }

    /** The five reductions (seven numbers) one way of reading a run computes. */
    @FunctionalInterface
    interface Kernel {
        /**
         * Sum, mean, std(0), std(1), nanmean, nanstd(0), nanstd(1) of {@code b[from, from + n)}.
         *
         * @param b the buffer
         * @param from the first absolute index
         * @param n how many values
         * @return the seven results
         */
        double[] reduce(DoubleBuffer b, int from, int n);
    }

    /** {@link Sums} over a buffer, the way the mapped series read it. */
    static final Kernel SUMS = (b, from, n) -> {
        Sums.Source s = Sums.bufferSource(b.slice(from, n));
        return new double[] {Sums.sum(b, from, n), Sums.mean(b, from, n), Sums.std(s, n, 0), Sums.std(s, n, 1),
            Sums.nanMean(s, n), Sums.nanStd(s, n, 0), Sums.nanStd(s, n, 1)};
    };

    private static final String[] WHAT = {"sum", "mean", "std", "std(ddof=1)", "nanmean", "nanstd",
        "nanstd(ddof=1)"};

    @Property(tries = 400)
    void everyMemorySumsToTheModelsBits(@ForAll @IntRange(min = 0, max = 5000) int n,
            @ForAll @IntRange(min = 0, max = 9) int offset, @ForAll Mix mix, @ForAll long seed) {
        double[] values = values(mix, new SplittableRandom(seed), n);
        checkEveryMemory(SUMS, values, offset);
        if (mix != Mix.HUGE && mix != Mix.WILD && mix != Mix.RARE_SPECIALS) {
            double[] a = placed(values, offset);
            assertWithinPairwiseBound(values, Sums.sum(a, offset, n), "n=" + n);
        }
    }

    @Example
    void everyLengthUpToFiveThousandAgrees() {
        int max = 5000;
        for (Mix mix : new Mix[] {Mix.FINITE, Mix.WILD}) {
            double[] all = values(mix, new SplittableRandom(20261203L + mix.ordinal()), max + 10);
            Map<String, DoubleBuffer> views = views(all, 0);
            double[] a = placed(all, 0);
            for (int n = 0; n <= max; n++) {
                int offset = n % 10;
                check(SUMS, Arrays.copyOfRange(all, offset, offset + n), a, offset, views);
            }
        }
        // The exact sum of every prefix, kept incrementally, against ours.
        double[] finite = values(Mix.OFFSET, new SplittableRandom(7), max);
        BigDecimal exact = BigDecimal.ZERO;
        BigDecimal magnitude = BigDecimal.ZERO;
        for (int n = 0; n <= max; n++) {
            double got = Sums.sum(finite, 0, n);
            BigDecimal error = new BigDecimal(got).subtract(exact).abs();
            assertTrue(error.compareTo(bound(magnitude, n)) <= 0, "n=" + n + ": error " + error);
            if (n < max) {
                exact = exact.add(new BigDecimal(finite[n]));
                magnitude = magnitude.add(new BigDecimal(Math.abs(finite[n])));
            }
        }
    }

    @Example
    void aTreeSplitNotRoundedToEightIsCaught() {
        Kernel broken = (b, from, n) -> {
            double[] a = new double[n];
            b.get(from, a, 0, n);
            double sum = 0.0 + Model.tree(a, 0, n, 1);
            return new double[] {sum, sum / n, 0, 0, 0, 0, 0};
        };
        double[] values = values(Mix.FINITE, new SplittableRandom(1), 1000);
        AssertionError e = assertThrows(AssertionError.class, () -> checkEveryMemory(broken, values, 3));
        assertTrue(e.getMessage().contains("sum"), e.getMessage());
        checkEveryMemory(SUMS, values, 3);
    }

    @Example
    void aSumLessAccurateThanPairwiseIsCaught() {
        double[] values = values(Mix.OFFSET, new SplittableRandom(2), 4096);
        float naive = 0;
        for (double x : values) {
            naive += (float) x;
        }
        float inFloat = naive;
        assertThrows(AssertionError.class, () -> assertWithinPairwiseBound(values, inFloat, "float sum"));
        double[] dropped = Arrays.copyOf(values, values.length - 1);
        assertThrows(AssertionError.class,
                () -> assertWithinPairwiseBound(values, Sums.sum(dropped, 0, dropped.length), "one short"));
        assertWithinPairwiseBound(values, Sums.sum(values, 0, values.length), "ours");
    }

    /** Checks {@code kernel} over every kind of buffer, and the heap paths, against {@link Model}. */
    static void checkEveryMemory(Kernel kernel, double[] values, int offset) {
        check(kernel, values, placed(values, offset), offset, views(values, offset));
    }

    /** Checks {@code values}, held in {@code a} and each of {@code views} from {@code offset} on. */
    private static void check(Kernel kernel, double[] values, double[] a, int offset,
            Map<String, DoubleBuffer> views) {
        int n = values.length;
        double[] expected = Model.reduce(values);
        double mean = n == 0 ? Double.NaN : Sums.sum(a, offset, n) / n;
        double[] heap = {Sums.sum(a, offset, n), mean, Sums.std(Sums.arraySource(values), n, 0),
            Sums.std(Sums.arraySource(values), n, 1), Sums.nanMean(Sums.arraySource(values), n),
            Sums.nanStd(Sums.arraySource(values), n, 0), Sums.nanStd(Sums.arraySource(values), n, 1)};
        same(expected, heap, "heap double[] at offset " + offset, n);
        if (n > 0) {
            double squares = Sums.sumOfSquaredDeviations(a, offset, n, mean);
            assertEquals(bits(Model.squares(values, mean)), bits(squares), "squared deviations, n=" + n);
        }
        assertEquals(bits(expected[0]), bits(Sums.sum(Sums.arraySource(a), offset, n)), "array source, n=" + n);
        for (Map.Entry<String, DoubleBuffer> view : views.entrySet()) {
            DoubleBuffer b = view.getValue();
            same(expected, kernel.reduce(b, offset, n), view.getKey() + " at offset " + offset, n);
            assertEquals(bits(expected[0]), bits(Sums.sum(Sums.bufferSource(b), offset, n)),
                    view.getKey() + " as a source, n=" + n);
        }
    }

    private static void same(double[] expected, double[] got, String where, int n) {
        for (int k = 0; k < expected.length; k++) {
            assertEquals(bits(expected[k]), bits(got[k]), WHAT[k] + " of " + where + ", n=" + n + ": expected "
                    + expected[k] + ", got " + got[k]);
        }
    }

    /** The same values, from {@code offset} on, in each kind of memory a series can live in. */
    private static Map<String, DoubleBuffer> views(double[] values, int offset) {
        double[] a = placed(values, offset);
        int length = a.length;
        Map<String, DoubleBuffer> views = new LinkedHashMap<>();
        views.put("wrapped heap buffer", DoubleBuffer.wrap(a));
        double[] shifted = new double[length + 5];
        System.arraycopy(a, 0, shifted, 5, length);
        views.put("sliced heap buffer", DoubleBuffer.wrap(shifted, 5, length).slice());
        ByteBuffer bytes = ByteBuffer.allocate(8 * length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(a);
        views.put("heap byte buffer", bytes.asDoubleBuffer());
        ByteBuffer direct = ByteBuffer.allocateDirect(8 * length).order(ByteOrder.nativeOrder());
        direct.asDoubleBuffer().put(a);
        views.put("direct buffer", direct.asDoubleBuffer());
        ByteBuffer unaligned = ByteBuffer.allocateDirect(8 * length + 3).position(3).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        unaligned.asDoubleBuffer().put(a);
        views.put("unaligned direct buffer", unaligned.asDoubleBuffer());
        views.put("file mapping", mapped(bytes));
        return views;
    }

    /** A read-only little-endian mapping of a temporary file holding {@code bytes}, as the mmap store maps. */
    private static DoubleBuffer mapped(ByteBuffer bytes) {
        try {
            Path file = Files.createTempFile("sums-views", ".bin");
            try {
                Files.write(file, bytes.array());
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes.capacity());
                    return m.order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code values} placed at {@code offset} in a longer array, with other values around them. */
    private static double[] placed(double[] values, int offset) {
        double[] a = new double[offset + values.length + 2];
        Arrays.fill(a, 1e300);
        System.arraycopy(values, 0, a, offset, values.length);
        return a;
    }

    private static void assertWithinPairwiseBound(double[] values, double got, String what) {
        BigDecimal exact = BigDecimal.ZERO;
        BigDecimal magnitude = BigDecimal.ZERO;
        for (double x : values) {
            exact = exact.add(new BigDecimal(x));
            magnitude = magnitude.add(new BigDecimal(Math.abs(x)));
        }
        BigDecimal error = new BigDecimal(got).subtract(exact).abs();
        BigDecimal bound = bound(magnitude, values.length);
        assertTrue(error.compareTo(bound) <= 0, what + ": error " + error + " over the pairwise bound " + bound);
    }

    /**
     * The pairwise bound {@code depth * u * sum|x|} (to first order, with 1% to spare), {@code u = 2^-53}: a
     * value passes through at most 15 additions in its accumulator, 3 combining the eight, and one per tree
     * level above its piece of at most 128; the final {@code 0.0 +} is exact.
     */
    private static BigDecimal bound(BigDecimal magnitude, int n) {
        int levels = n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
        double depth = 15 + 3 + levels;
        return magnitude.multiply(new BigDecimal(depth * 1.01 * Math.ulp(1.0) / 2));
    }

    private static long bits(double x) {
        return Double.doubleToLongBits(x);
    }

    /** {@code n} values of the mix. */
    static double[] values(Mix mix, SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = value(mix == Mix.WILD ? Mix.values()[r.nextInt(5)] : mix, mix == Mix.WILD ? 4 : 1000, r);
        }
        return v;
    }

    private static double value(Mix mix, int specialsOneIn, SplittableRandom r) {
        switch (mix) {
            case OFFSET:
                return 1e9 + r.nextDouble() * 1e-3;
            case SUBNORMAL:
                return r.nextInt(10) == 0 ? (r.nextBoolean() ? 0.0 : -0.0)
                        : (r.nextBoolean() ? 1 : -1) * Double.MIN_VALUE * r.nextLong(1L << 52);
            case HUGE:
                return (r.nextBoolean() ? 1 : -1) * Double.MAX_VALUE * (0.25 + 0.75 * r.nextDouble());
            case RARE_SPECIALS:
                if (r.nextInt(specialsOneIn) == 0) {
                    double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
                    return special[r.nextInt(special.length)];
                }
                return r.nextGaussian();
            default:
                return r.nextGaussian() * Math.pow(10, r.nextInt(-8, 9));
        }
    }

    /**
     * numpy's {@code pairwise_sum} for contiguous {@code float64} (numpy/_core/src/umath/loops_utils.h.src),
     * written from its C source independently of {@link Sums}, and the reductions built on it as numpy's
     * {@code _methods.py} and {@code nanfunctions.py} build them.
     */
    static final class Model {
        private Model() {}

        static double[] reduce(double[] a) {
            int n = a.length;
            double sum = 0.0 + tree(a, 0, n, 8);
            double mean = sum / n;
            double[] nanZero = new double[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                boolean number = !Double.isNaN(a[i]);
                nanZero[i] = number ? a[i] : 0.0;
                count += number ? 1 : 0;
            }
            double nanMean = (0.0 + tree(nanZero, 0, n, 8)) / count;
            double[] nanSquares = new double[n];
            for (int i = 0; i < n; i++) {
                double d = nanZero[i] - nanMean;
                nanSquares[i] = Double.isNaN(a[i]) ? 0.0 : d * d;
            }
            double nanSq = 0.0 + tree(nanSquares, 0, n, 8);
            double squares = n == 0 ? Double.NaN : squares(a, mean);
            return new double[] {sum, n == 0 ? Double.NaN : mean, std(squares, n, 0), std(squares, n, 1),
                count == 0 ? Double.NaN : nanMean, std(nanSq, count, 0), std(nanSq, count, 1)};
        }

        static double squares(double[] a, double mean) {
            double[] sq = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                double d = a[i] - mean;
                sq[i] = d * d;
            }
            return 0.0 + tree(sq, 0, sq.length, 8);
        }

        private static double std(double squares, int count, int ddof) {
            return count == 0 || count - ddof <= 0 ? Double.NaN : Math.sqrt(squares / (count - ddof));
        }

        /** The tree; {@code round} is 8 in numpy (the split is rounded down to a multiple of it). */
        static double tree(double[] a, int from, int n, int round) {
            if (n < 8) {
                double res = 0.0;
                for (int i = 0; i < n; i++) {
                    res += a[from + i];
                }
                return res;
            }
            if (n <= 128) {
                double[] r = new double[8];
                for (int j = 0; j < 8; j++) {
                    r[j] = a[from + j];
                }
                int i = 8;
                for (; i < n - (n % 8); i += 8) {
                    for (int j = 0; j < 8; j++) {
                        r[j] += a[from + i + j];
                    }
                }
                double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
                for (; i < n; i++) {
                    res += a[from + i];
                }
                return res;
            }
            int n2 = n / 2;
            n2 -= n2 % round;
            return tree(a, from, n2, round) + tree(a, from + n2, n - n2, round);
        }
    }
}
