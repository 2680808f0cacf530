package org.tsstore.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Generators of adversarial and realistic doubles for the round-trip properties. */
final class Doubles {

    private Doubles() {}

    /** Every class of bit pattern: NaN payloads, both zeros, subnormals, infinities, extremes, random bits. */
    static Arbitrary<Double> anyBits() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.longs().between(1, (1L << 52) - 1).map(m -> Double.longBitsToDouble(0x7FF0000000000000L | m)),
                Arbitraries.longs().between(1, (1L << 52) - 1).map(m -> Double.longBitsToDouble(0xFFF0000000000000L | m)),
                Arbitraries.longs().between(1, (1L << 52) - 1).map(Double::longBitsToDouble),
                Arbitraries.longs().between(1, (1L << 52) - 1).map(m -> -Double.longBitsToDouble(m)),
                Arbitraries.of(0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
                        -Double.MAX_VALUE, Double.MIN_VALUE, Double.MIN_NORMAL, 4503599627370496.0, -9.2e18));
    }

    /** A block's worth of values of one kind: constant runs, random walks, integers, decimals, any bits. */
    static Arbitrary<double[]> series(int maxSize) {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, maxSize);
        Arbitrary<double[]> constant = Arbitraries.doubles().flatMap(c -> size.map(n -> fill(n, c)));
        Arbitrary<double[]> bits = anyBits().array(double[].class).ofMinSize(1).ofMaxSize(maxSize);
        Arbitrary<double[]> integers = Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L)
                .map(x -> (double) x).array(double[].class).ofMinSize(1).ofMaxSize(maxSize);
        Arbitrary<double[]> decimals = Arbitraries.integers().between(0, 18).flatMap(p ->
                Arbitraries.longs().between(-99_999_999L, 99_999_999L)
                        .map(x -> Double.parseDouble(java.math.BigDecimal.valueOf(x, p).toString()))
                        .array(double[].class).ofMinSize(1).ofMaxSize(maxSize));
        Arbitrary<double[]> walk = Arbitraries.longs().flatMap(seed -> size.map(n -> walk(n, seed)));
        Arbitrary<double[]> mixed = Arbitraries.integers().between(0, 18).flatMap(p ->
                Arbitraries.oneOf(anyBits(), Arbitraries.longs().between(-99_999L, 99_999L)
                        .map(x -> java.math.BigDecimal.valueOf(x, p).doubleValue()))
                        .array(double[].class).ofMinSize(1).ofMaxSize(maxSize));
        return Arbitraries.oneOf(constant, bits, integers, decimals, walk, mixed);
    }

    static double[] fill(int n, double c) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, c);
        return a;
    }

    static double[] walk(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] a = new double[n];
        double x = r.nextDouble(-100, 100);
        for (int i = 0; i < n; i++) {
            x += r.nextGaussian();
            a[i] = x;
        }
        return a;
    }

    /** Timestamps: a start, a step, jitter and occasional gaps; integral or not. */
    static double[] times(int n, long seed, boolean integral) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] t = new double[n];
        double x = integral ? r.nextLong(-(1L << 40), 1L << 40) : r.nextDouble(-1e12, 1e12);
        long step = r.nextLong(1, 100_000);
        for (int i = 0; i < n; i++) {
            t[i] = x;
            long jitter = r.nextInt(10) == 0 ? r.nextLong(-step / 2, step / 2 + 1) : 0;
            long gap = r.nextInt(50) == 0 ? r.nextLong(1, 1L << 30) : 0;
            x += step + jitter + gap + (integral ? 0 : r.nextDouble());
        }
        return t;
    }

    static void assertSameBits(double[] expected, double[] actual, int n) {
        for (int i = 0; i < n; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                throw new AssertionError("index " + i + ": expected bits " + Long.toHexString(
                        Double.doubleToRawLongBits(expected[i])) + " got " + Long.toHexString(
                        Double.doubleToRawLongBits(actual[i])));
            }
        }
    }
}
