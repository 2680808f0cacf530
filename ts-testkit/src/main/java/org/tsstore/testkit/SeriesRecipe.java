package org.tsstore.testkit;

import java.util.SplittableRandom;
import org.tsstore.core.ArrayTimeSeries;

/**
 * How to build one generated series: a size, a shape for the times and one for the values, and a seed.
 * Generators draw recipes rather than arrays, so that a 100,000-point series costs one random seed to
 * generate and shrinks by its size and shapes rather than point by point.
 */
record SeriesRecipe(int size, TimeShape timeShape, ValueShape valueShape, long seed) {

    /** How the times are laid out. Listed from the simplest, which shrinking prefers. */
    enum TimeShape {
        /** 0, 1, 2, ... */
        COUNTING,
        /** Evenly spaced from a random start, with a random step. */
        STEPS,
        /** Random gaps, from one ulp to thousands. */
        RANDOM_GAPS,
        /** Each time the next double after the previous one ({@link Math#nextUp}), sometimes across zero. */
        ADJACENT,
        /** Milliseconds since the epoch, a second apart with jitter. */
        EPOCH_MILLIS,
        /** Starts at {@code -0.0}. */
        NEGATIVE_ZERO_START
    }

    /** What the values look like. Listed from the simplest, which shrinking prefers. */
    enum ValueShape {
        /** 0, 1, 2, ... */
        COUNTING,
        /** A random walk of moderate size. */
        RANDOM_WALK,
        /** One constant, sometimes {@code -0.0} or {@code NaN}. */
        CONSTANT,
        /** A large offset with small noise: hard for one-pass variance formulas. */
        LARGE_OFFSET,
        /** Random doubles mixed with NaN, infinities, signed zeros, extremes and a non-canonical NaN. */
        SPECIAL,
        /** Random bit patterns: any double at all. */
        ANY_BITS
    }

    /** Values a backend is most likely to get wrong. */
    static final double[] SPECIAL_VALUES = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL,
        Double.longBitsToDouble(0x7ff8_0000_0000_0001L), Double.longBitsToDouble(0xfff8_0000_0000_0000L),
    };

    /** A recipe of the given size with shapes and seed drawn from {@code random}. */
    static SeriesRecipe random(SplittableRandom random, int size) {
        return new SeriesRecipe(size, TimeShape.values()[random.nextInt(TimeShape.values().length)],
                ValueShape.values()[random.nextInt(ValueShape.values().length)], random.nextLong());
    }

    double[] times() {
        SplittableRandom random = new SplittableRandom(seed);
        double[] t = new double[size];
        double previous = Double.NEGATIVE_INFINITY;
        double start;
        double step;
        switch (timeShape) {
            case COUNTING:
                start = 0;
                step = 1;
                break;
            case STEPS:
                start = Math.rint(random.nextDouble(-1e9, 1e9));
                step = new double[] {1e-3, 0.1, 0.5, 1, 60, 1e6}[random.nextInt(6)];
                break;
            case ADJACENT:
                start = random.nextBoolean() ? -size / 2 * Double.MIN_VALUE : random.nextDouble(-1e6, 1e6);
                step = 0;
                break;
            case EPOCH_MILLIS:
                start = 1.7e12 + Math.rint(random.nextDouble(0, 1e10));
                step = 1000;
                break;
            case NEGATIVE_ZERO_START:
                start = -0.0;
                step = 0.25;
                break;
            default:
                start = random.nextDouble(-1e6, 1e6);
                step = 1;
                break;
        }
        for (int i = 0; i < size; i++) {
            double candidate;
            switch (timeShape) {
                case ADJACENT:
                    candidate = i == 0 ? start : Math.nextUp(previous);
                    break;
                case RANDOM_GAPS:
                    candidate = i == 0 ? start : previous + gap(random);
                    break;
                case EPOCH_MILLIS:
                    candidate = start + i * step + random.nextInt(0, 900);
                    break;
                default:
                    candidate = i == 0 ? start : start + i * step;
                    break;
            }
            // Rounding may merge close candidates; strictly increasing is the rule, so enforce it.
            t[i] = i == 0 ? candidate : Math.max(candidate, Math.nextUp(previous));
            previous = t[i];
        }
        return t;
    }

    private static double gap(SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0:
                return Math.ulp(1.0) * (1 + random.nextInt(3));
            case 1:
                return random.nextDouble(1e-6, 1);
            case 2:
                return 1 + random.nextInt(100);
            default:
                return random.nextDouble(1, 1e4);
        }
    }

    double[] values() {
        // A different stream from the times', so that shapes vary independently.
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] v = new double[size];
        double walk = random.nextDouble(-100, 100);
        double constant = random.nextInt(4) == 0 ? SPECIAL_VALUES[random.nextInt(SPECIAL_VALUES.length)]
                : Math.rint(random.nextDouble(-1e3, 1e3));
        double offset = 1e8 * (random.nextBoolean() ? 1 : -1);
        for (int i = 0; i < size; i++) {
            switch (valueShape) {
                case COUNTING:
                    v[i] = i;
                    break;
                case RANDOM_WALK:
                    walk += random.nextDouble(-1, 1);
                    v[i] = walk;
                    break;
                case CONSTANT:
                    v[i] = constant;
                    break;
                case LARGE_OFFSET:
                    v[i] = offset + random.nextDouble(-1e-3, 1e-3);
                    break;
                case SPECIAL:
                    v[i] = random.nextInt(3) == 0 ? SPECIAL_VALUES[random.nextInt(SPECIAL_VALUES.length)]
                            : random.nextDouble(-1e6, 1e6);
                    break;
                default:
                    v[i] = Double.longBitsToDouble(random.nextLong());
                    break;
            }
        }
        return v;
    }

    ArrayTimeSeries series() {
        return ArrayTimeSeries.of(times(), values());
    }

    @Override
    public String toString() {
        return "series of " + size + " points, times " + timeShape + ", values " + valueShape + ", seed " + seed;
    }
}
