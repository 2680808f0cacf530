package org.tsstore.testkit;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.SeriesRecipe.TimeShape;
import org.tsstore.testkit.SeriesRecipe.ValueShape;

/**
 * jqwik generators of series and ids for tests of series implementations and storage backends: the ones
 * the contracts use, public so that a backend's own properties can use them too.
 *
 * <p>Series are drawn as a size, a layout of times, a kind of values and a seed, so that even a
 * {@value #LONG_SERIES_POINTS}-point series is cheap to generate and shrinks by its size. Their points
 * include what backends get wrong: the empty and one-point series, {@code NaN} and a non-canonical
 * {@code NaN}, both infinities, {@code -0.0} (as a value and as a time), subnormals, extremes, times one
 * ulp apart ({@link Math#nextUp}) and times across zero.
 *
 * <pre>{@code
 * @Property(tries = 50)
 * void roundTrip(@ForAll("series") SizedContainerTimeSeries s, @ForAll("ids") String id) { ... }
 *
 * @Provide Arbitrary<SizedContainerTimeSeries> series() { return SeriesArbitraries.series(); }
 * @Provide Arbitrary<String> ids() { return SeriesArbitraries.ids(); }
 * }</pre>
 */
public final class SeriesArbitraries {

    /** The largest size {@link #series()} generates, now and then. */
    public static final int LONG_SERIES_POINTS = 100_000;

    private static final List<String> HOSTILE_IDS = List.copyOf(buildHostileIds());
    private static final List<String> INVALID_IDS = List.copyOf(buildInvalidIds());

    private SeriesArbitraries() {}

    /**
     * Valid series of any size up to {@value #LONG_SERIES_POINTS} points: mostly small (about one in
     * eight empty or one-point), one in about thirty over 5,000 points.
     *
     * @return the generator, of {@code org.tsstore.core.ArrayTimeSeries} instances
     */
    public static Arbitrary<SizedContainerTimeSeries> series() {
        return series(LONG_SERIES_POINTS);
    }

    /**
     * Valid series of at most {@code maxSize} points, with the same mix of layouts and special values
     * as {@link #series()}.
     *
     * @param maxSize the largest size, at least 0
     * @return the generator, of {@code org.tsstore.core.ArrayTimeSeries} instances
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public static Arbitrary<SizedContainerTimeSeries> series(int maxSize) {
        return recipes(maxSize, ValueShape.values()).map(SeriesRecipe::series);
    }

    /** Recipes with values of the given shapes only. */
    static Arbitrary<SeriesRecipe> recipes(int maxSize, ValueShape... valueShapes) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative: " + maxSize);
        }
        return Combinators.combine(sizes(maxSize), Arbitraries.of(TimeShape.values()),
                        Arbitraries.of(valueShapes), Arbitraries.longs())
                .as(SeriesRecipe::new);
    }

    private static Arbitrary<Integer> sizes(int maxSize) {
        List<Tuple2<Integer, Arbitrary<Integer>>> buckets = new ArrayList<>();
        buckets.add(Tuple.of(6, Arbitraries.just(0)));
        addBucket(buckets, 6, 1, 1, maxSize);
        addBucket(buckets, 30, 2, 10, maxSize);
        addBucket(buckets, 40, 11, 300, maxSize);
        addBucket(buckets, 15, 301, 5000, maxSize);
        addBucket(buckets, 3, 5001, maxSize, maxSize);
        return Arbitraries.frequencyOf(buckets);
    }

    private static void addBucket(List<Tuple2<Integer, Arbitrary<Integer>>> buckets,
            int weight, int min, int max, int maxSize) {
        if (min <= maxSize) {
            buckets.add(Tuple.of(weight, Arbitraries.integers().between(min, Math.min(max, maxSize))));
        }
    }

    /**
     * Valid ids of every kind: plain names, decimal integers, unicode text, ids of exactly
     * {@value SeriesIds#MAX_UTF8_BYTES} UTF-8 bytes, and (one time in four) the hostile ids of
     * {@link #hostileIds()}.
     *
     * @return the generator; every id passes {@link SeriesIds#check}
     */
    public static Arbitrary<String> ids() {
        Arbitrary<String> plain = Arbitraries.strings().alpha().numeric().withChars("-_.:")
                .ofMinLength(1).ofMaxLength(24);
        Arbitrary<String> numbers = Arbitraries.longs().map(SeriesIds::of);
        return Arbitraries.frequencyOf(
                Tuple.of(40, plain),
                Tuple.of(10, numbers),
                Tuple.of(15, unicodeIds()),
                Tuple.of(5, maxLengthIds()),
                Tuple.of(30, hostileIds()));
    }

    private static Arbitrary<String> unicodeIds() {
        Arbitrary<Integer> codePoints = Arbitraries.integers().between(0x20, 0x10FFFF)
                .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.SURROGATE);
        return codePoints.list().ofMinSize(1).ofMaxSize(30)
                .map(cps -> {
                    StringBuilder sb = new StringBuilder();
                    cps.forEach(sb::appendCodePoint);
                    return sb.toString();
                })
                .filter(SeriesIds::isValid);
    }

    /** Ids of exactly the maximal length in bytes, built of 1-, 2-, 3- and 4-byte characters. */
    private static Arbitrary<String> maxLengthIds() {
        return Arbitraries.of("x", "\u00e9", "\u65e5", "\ud83d\ude00").list().ofMinSize(1).ofMaxSize(4)
                .map(SeriesArbitraries::fillToMaxBytes);
    }

    private static String fillToMaxBytes(List<String> parts) {
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (int i = 0; ; i++) {
            String part = parts.get(i % parts.size());
            int len = utf8Length(part);
            if (bytes + len > SeriesIds.MAX_UTF8_BYTES) {
                break;
            }
            sb.append(part);
            bytes += len;
        }
        while (bytes < SeriesIds.MAX_UTF8_BYTES) {
            sb.append('x');
            bytes++;
        }
        return sb.toString();
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /**
     * Valid ids that break a naive backend: path syntax ({@code ..}, {@code a/b}, {@code \}, {@code /abs}),
     * names reserved on Windows ({@code CON}, {@code NUL}), ids that differ only in case or in Unicode
     * normalisation (NFC and NFD twins), invisible and right-to-left characters, names a backend might use
     * for its own files, and ids of exactly {@value SeriesIds#MAX_UTF8_BYTES} bytes. Mostly drawn from
     * {@link #hostileIdExamples()}, the rest generated from path-like characters.
     *
     * @return the generator; every id passes {@link SeriesIds#check}
     */
    public static Arbitrary<String> hostileIds() {
        Arbitrary<String> pathLike = Arbitraries.strings().withChars("./\\:*?\"<>|%~ aA\u00e9")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> nfd = Arbitraries.strings().withChars("\u00e9\u00c5\u00f1\u00fc\u1e9e\u01c4Aa")
                .ofMinLength(1).ofMaxLength(6)
                .map(s -> Normalizer.normalize(s, Normalizer.Form.NFD));
        return Arbitraries.frequencyOf(
                Tuple.of(70, Arbitraries.of(HOSTILE_IDS)),
                Tuple.of(20, pathLike),
                Tuple.of(10, nfd));
    }

    /**
     * Ids that break the rules of {@link SeriesIds}: empty, over {@value SeriesIds#MAX_UTF8_BYTES} UTF-8
     * bytes (by one byte, with multi-byte characters, and ten kilobytes), with a control character
     * ({@code NUL}, newline, tab, {@code DEL}, C1 controls) anywhere, or with a lone or reversed surrogate.
     * Never {@code null}: test that separately.
     *
     * @return the generator; no id passes {@link SeriesIds#check}
     */
    public static Arbitrary<String> invalidIds() {
        Arbitrary<String> base = Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(10);
        Arbitrary<Character> controls = Arbitraries.of('\u0000', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f',
                '\u0085', '\u009f');
        Arbitrary<Character> surrogates = Arbitraries.of('\ud800', '\udbff', '\udc00', '\udfff');
        Arbitrary<String> withControl = Combinators.combine(base, controls, Arbitraries.integers().between(0, 10))
                .as((s, c, at) -> insert(s, c, at));
        Arbitrary<String> withSurrogate = Combinators.combine(base, surrogates, Arbitraries.integers().between(0, 10))
                .as((s, c, at) -> insert(s, c, at));
        Arbitrary<String> tooLong = Combinators.combine(
                        Arbitraries.of("x", "\u00e9", "\u65e5", "\ud83d\ude00"),
                        Arbitraries.integers().between(SeriesIds.MAX_UTF8_BYTES + 1, 4 * SeriesIds.MAX_UTF8_BYTES))
                .as((unit, bytes) -> unit.repeat((bytes + utf8Length(unit) - 1) / utf8Length(unit)));
        return Arbitraries.frequencyOf(
                        Tuple.of(30, Arbitraries.of(INVALID_IDS)),
                        Tuple.of(30, withControl),
                        Tuple.of(20, withSurrogate),
                        Tuple.of(20, tooLong))
                .filter(id -> !SeriesIds.isValid(id));
    }

    private static String insert(String s, char c, int at) {
        int i = Math.min(at, s.length());
        // never split a surrogate pair: the base is alphabetic, so any index is safe
        return s.substring(0, i) + c + s.substring(i);
    }

    /**
     * The fixed list behind {@link #hostileIds()}: every id in it is valid and distinct from every other,
     * and a backend must store each under its own name. Useful for a test that stores them all in one
     * store (the contract does).
     *
     * @return an immutable list of distinct valid ids
     */
    public static List<String> hostileIdExamples() {
        return HOSTILE_IDS;
    }

    /**
     * The fixed list of invalid ids that {@link #invalidIds()} draws from, besides its generated ones.
     *
     * @return an immutable list of distinct invalid, non-null ids
     */
    public static List<String> invalidIdExamples() {
        return INVALID_IDS;
    }

    private static Set<String> buildHostileIds() {
        Set<String> ids = new LinkedHashSet<>(Arrays.asList(
                // path syntax
                ".", "..", "...", "./", "../x", "../../etc/passwd", "/", "/abs", "//x", "a/b", "a/../b", "a/",
                "\\", "\\\\", "a\\b", "..\\x", "C:", "C:\\x", "c:x", "~", "~root", "$HOME", "${x}", "%2e%2e",
                "%2F", "a%00b", "*", "?", "a*b", "a?b", "<a>", "a|b", "a:b", "\"q\"", "'", "`ls`", "-rf", "--help",
                // names reserved on Windows, in case twins
                "CON", "con", "Con", "NUL", "nul", "PRN", "AUX", "COM1", "LPT1", "con.txt", "NUL.tar.gz",
                // trailing and leading dots and spaces, which some file systems drop
                "a.", "a..", ".a", "a ", " a", " ", "  ", "\u00a0",
                // names a backend might use for its own files
                ".git", ".DS_Store", "index", "INDEX", "lock", ".lock", "tmp", ".tmp", "a.tmp", "a.npy", "data.bin",
                "journal", "snapshot", "0", "00", "-0", "1e3", "null", "NaN",
                // case twins
                "Abc", "abc", "ABC", "aBc",
                // Unicode normalisation and case-folding twins
                "\u00e9", "e\u0301", "\u00c5", "A\u030a", "\u212b", "\u00df", "SS", "ss", "\u1e9e",
                "\u0130", "\u0131", "i", "I", "\ufb01", "fi", "\u01c4", "\u01c5", "\u01c6",
                // invisible, format and right-to-left characters, line separators
                "\ufeff", "a\u200bb", "ab", "\u202eabc", "a\u2028b", "a\u2029b", "\u00ad",
                // other scripts and astral characters
                "\u65e5\u672c\u8a9e", "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac", "\u05e9\u05dc\u05d5\u05dd",
                "\ud83d\ude00", "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67", "\uffff", "\ufffd"));
        // exactly the longest id, in 1-, 2-, 3- and 4-byte characters, and ids one prefix apart
        ids.add("x".repeat(SeriesIds.MAX_UTF8_BYTES));
        ids.add("x".repeat(SeriesIds.MAX_UTF8_BYTES - 1));
        ids.add("X".repeat(SeriesIds.MAX_UTF8_BYTES));
        ids.add("\u00e9".repeat(127) + "x");
        ids.add("\u65e5".repeat(85));
        ids.add("\ud83d\ude00".repeat(63) + "abc");
        for (String id : ids) {
            SeriesIds.check(id);
        }
        return ids;
    }

    private static Set<String> buildInvalidIds() {
        Set<String> ids = new LinkedHashSet<>(Arrays.asList(
                "", "\u0000", "a\u0000", "a\u0000b", "\n", "a\nb", "a\r\nb", "\t", "a\tb", "\u001b[31m",
                "\u001f", "\u007f", "a\u007f", "\u0080", "\u0085", "\u009f",
                "\ud800", "\udfff", "a\ud800", "a\ud800b", "\udc00\ud800", "\ud83d", "x\ude00"));
        ids.add("x".repeat(SeriesIds.MAX_UTF8_BYTES + 1));
        ids.add("\u00e9".repeat(128));
        ids.add("\u65e5".repeat(86));
        ids.add("\ud83d\ude00".repeat(64));
        ids.add("x".repeat(10_000));
        ids.add("../" + "x".repeat(SeriesIds.MAX_UTF8_BYTES));
        for (String id : ids) {
            if (SeriesIds.isValid(id)) {
                throw new AssertionError("invalid id example is valid: " + SeriesIds.quote(id));
            }
        }
        return ids;
    }
    /**
     * A random series of {@code size} points in any of the shapes the generators draw, for harnesses that
     * draw from a {@link SplittableRandom} rather than through jqwik.
     *
     * @param random the source of the shapes and the seed
     * @param size the number of points
     * @return the series
     */
    public static ArrayTimeSeries randomSeries(SplittableRandom random, int size) {
        return SeriesRecipe.random(random, size).series();
    }

    /**
     * A series of evenly stepped times and a random walk of values, the same for the same seed.
     *
     * @param size the number of points
     * @param seed the seed
     * @return the series
     */
    public static ArrayTimeSeries steppedWalk(int size, long seed) {
        return new SeriesRecipe(size, TimeShape.STEPS, ValueShape.RANDOM_WALK, seed).series();
    }

    /**
     * Points that may be appended to a series ending at {@code lastTime}: times strictly after it (any for
     * {@code NaN}, an empty series), a quarter of the steps one ulp; fewer than {@code n} only where the
     * doubles above {@code lastTime} run out.
     *
     * @param lastTime the series' last time, or {@code NaN}
     * @param n how many points
     * @param random the source
     * @return the points
     */
    public static ArrayTimeSeries pointsAfter(double lastTime, int n, SplittableRandom random) {
        return GrowthModel.after(lastTime, n, random);
    }
}
