package org.tsstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tsstore.codec.BlockDecoder;
import org.tsstore.codec.BlockFormat;
import org.tsstore.codec.BlockHeader;
import org.tsstore.codec.EncodedSeries;
import org.tsstore.codec.ValueScheme;
import org.tsstore.core.backend.CorruptDataException;

/**
 * The codec's corpus report: for every CSV of the NAB corpus ({@code timestamp,value}, times as UTC epoch
 * seconds), the codec's bits a point (every block's bytes, headers and checksums included) beside Gorilla's
 * ({@link GorillaBaseline}), the blocks each value scheme won, and then timed loops in one JVM: the decimal
 * scheme's decode rate (values only, into a reused array, over the corpus's decimal blocks), the whole-block
 * decode rate and the encode rate. Prints Markdown. Each rate is the median of the passes, with min and max.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.tsstore.bench.CodecCorpusReport [corpus-dir] [passes]}.
 */
public final class CodecCorpusReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private CodecCorpusReport() {}

    record Series(String name, double[] times, double[] values) {}

    /**
     * Entry point.
     *
     * @param args the corpus directory (default {@code ../shared/data/nab}, the NAB corpus beside the checkout) and the timed passes (default 7)
     * @throws IOException if the corpus cannot be read
     * @throws CorruptDataException never for blocks encoded in this run
     */
    public static void main(String[] args) throws IOException, CorruptDataException {
        Path dir = Paths.get(args.length > 0 ? args[0] : "../shared/data/nab");
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<Series> corpus = load(dir);
        long totalBytes = 0;
        long totalGorilla = 0;
        long totalPoints = 0;
        Map<ValueScheme, Integer> wins = new EnumMap<>(ValueScheme.class);
        List<byte[]> decimalBlocks = new ArrayList<>();
        List<byte[]> allBlocks = new ArrayList<>();
        System.out.println("| series | points | codec bits/point | Gorilla bits/point | codec / Gorilla |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Series s : corpus) {
            EncodedSeries e = EncodedSeries.encode(s.times(), s.values());
            long g = GorillaBaseline.bits(s.times(), s.values());
            int n = s.times().length;
            for (int b = 0; b < e.blockCount(); b++) {
                byte[] block = e.block(b);
                BlockHeader h = BlockFormat.header(block, b);
                wins.merge(h.valueScheme(), 1, Integer::sum);
                allBlocks.add(block);
                if (h.valueScheme() == ValueScheme.DECIMAL) {
                    decimalBlocks.add(block);
                }
            }
            totalBytes += e.encodedBytes();
            totalGorilla += g;
            totalPoints += n;
            double ours = 8.0 * e.encodedBytes() / n;
            double theirs = (double) g / n;
            System.out.printf(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %.2f |%n", s.name(), n, ours, theirs, ours / theirs);
        }
        double ours = 8.0 * totalBytes / totalPoints;
        double theirs = (double) totalGorilla / totalPoints;
        System.out.printf(Locale.ROOT, "| **all %d series** | %,d | **%.2f** | %.2f | %.2f |%n%n", corpus.size(),
                totalPoints, ours, theirs, ours / theirs);
        System.out.println("Blocks by value scheme: " + wins);
        System.out.println();
        double[] t = new double[BlockFormat.BLOCK_POINTS];
        double[] v = new double[BlockFormat.BLOCK_POINTS];
        BlockDecoder decoder = new BlockDecoder();
        long decimalValues = count(decimalBlocks);
        long allValues = count(allBlocks);
        int reps = (int) Math.max(1, 200_000_000L / Math.max(1, decimalValues));
        double[] decimalRate = new double[passes];
        double[] blockRate = new double[passes];
        double[] encodeRate = new double[passes];
        double[] cleanRate = new double[passes];
        double[] copyRate = new double[passes];
        List<byte[]> clean = cleanDecimalBlocks(decimalValues);
        double[][] raw = new double[clean.size()][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = new double[BlockFormat.BLOCK_POINTS];
            decoder.decodeValues(clean.get(i), i, raw[i]);
        }
        double sink = 0;
        for (int p = -2; p < passes; p++) { // two warm-up passes
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                for (byte[] b : decimalBlocks) {
                    decoder.decodeValues(b, 0, v);
                    sink += v[0];
                }
            }
            long t1 = System.nanoTime();
            int blockReps = Math.max(1, reps / 4);
            for (int r = 0; r < blockReps; r++) {
                for (byte[] b : allBlocks) {
                    decoder.decode(b, 0, t, v);
                    sink += v[1];
                }
            }
            long t2 = System.nanoTime();
            for (Series s : corpus) {
                sink += EncodedSeries.encode(s.times(), s.values()).encodedBytes();
            }
            long t3 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                for (byte[] b : clean) {
                    decoder.decodeValues(b, 0, v);
                    sink += v[2];
                }
            }
            long t4 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                for (double[] a : raw) {
                    System.arraycopy(a, 0, v, 0, a.length);
                    sink += v[3];
                }
            }
            long t5 = System.nanoTime();
            if (p >= 0) {
                cleanRate[p] = (double) clean.size() * BlockFormat.BLOCK_POINTS * reps / ((t4 - t3) / 1e9);
                copyRate[p] = (double) raw.length * BlockFormat.BLOCK_POINTS * reps / ((t5 - t4) / 1e9);
                decimalRate[p] = decimalValues * (double) reps / ((t1 - t0) / 1e9);
                blockRate[p] = allValues * (double) blockReps / ((t2 - t1) / 1e9);
                encodeRate[p] = totalPoints / ((t3 - t2) / 1e9);
            }
        }
        System.out.println("| rate (one thread, " + passes + " passes) | median | min | max |");
        System.out.println("|---|---:|---:|---:|");
        row("decimal scheme decode, values only (values/s)", decimalRate);
        row("whole-block decode, times and values, all schemes (points/s)", blockRate);
        row("encode, all schemes tried per block (points/s)", encodeRate);
        row("decimal decode, 3-decimal values in [0, 100), no exceptions (values/s)", cleanRate);
        row("peer: System.arraycopy of the same values, raw (values/s)", copyRate);
        System.out.println();
        System.out.println("(" + decimalBlocks.size() + " decimal blocks, " + decimalValues + " values; checksum "
                + (sink == 1.2345 ? "!" : "ok") + ")");
    }

    /** Blocks of CPU-like values with three decimals (17-bit integers, no exceptions), as many values as the corpus's decimal blocks. */
    private static List<byte[]> cleanDecimalBlocks(long values) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        List<byte[]> out = new ArrayList<>();
        double[] t = new double[BlockFormat.BLOCK_POINTS];
        double[] v = new double[BlockFormat.BLOCK_POINTS];
        for (long done = 0; done < values; done += BlockFormat.BLOCK_POINTS) {
            for (int i = 0; i < v.length; i++) {
                t[i] = 1_400_000_000L + 300L * (done + i);
                v[i] = r.nextInt(100_000) / 1000.0;
            }
            out.add(BlockFormat.encode(t, v, 0, v.length));
        }
        return out;
    }

    private static void row(String what, double[] rates) {
        double[] s = rates.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "| %s | %.3g | %.3g | %.3g |%n", what, s[s.length / 2], s[0], s[s.length - 1]);
    }

    private static long count(List<byte[]> blocks) throws CorruptDataException {
        long n = 0;
        for (byte[] b : blocks) {
            n += BlockFormat.header(b, 0).points();
        }
        return n;
    }

    static List<Series> load(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().collect(Collectors.toList());
        }
        List<Series> out = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            int n = lines.size() - 1;
            double[] t = new double[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                String line = lines.get(i + 1);
                int comma = line.indexOf(',');
                try {
                    t[i] = LocalDateTime.parse(line.substring(0, comma), TIME).toEpochSecond(ZoneOffset.UTC);
                    v[i] = Double.parseDouble(line.substring(comma + 1));
                } catch (RuntimeException e) {
                    throw new UncheckedIOException(new IOException(f + " line " + (i + 2) + ": cannot parse " + line, e));
                }
            }
            out.add(new Series(f.getFileName().toString().replace(".csv", ""), t, v));
        }
        return out;
    }
}
