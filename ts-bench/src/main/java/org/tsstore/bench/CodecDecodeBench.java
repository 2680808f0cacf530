package org.tsstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tsstore.codec.BlockDecoder;
import org.tsstore.codec.BlockFormat;
import org.tsstore.codec.BlockHeader;
import org.tsstore.codec.ValueScheme;
import org.tsstore.core.backend.CorruptDataException;

/**
 * The codec's decode rate on one thread, in values (or times) a second: each invocation decodes
 * {@value #BLOCKS} full 1,024-point blocks, cycling through a data set's blocks, into a reused {@code double[]}.
 * Data sets: {@code nab} (every full decimal-scheme block of the NAB corpus, read from the directory in the
 * system property {@code tsstore.nab}, default {@code ../shared/data/nab}), {@code digits} (random walks of
 * decimals with 1 to 8 digits after the point, a block each, times a minute apart with jitter so that they
 * take the delta-of-delta scheme) and {@code sensor} ({@link CompressionReport#sensor}'s two-decimal random
 * walk). {@code copy} is the peer: {@code System.arraycopy} of the same decoded values.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecDecodeBench {

    /** Blocks decoded per invocation. */
    static final int BLOCKS = 64;

    private static final int VALUES = BLOCKS * BlockFormat.BLOCK_POINTS;

    /** The data set. */
    @Param({"nab", "digits", "sensor"})
    public String data;

    private byte[][] blocks;
    private double[][] plain;
    private final double[] out = new double[BlockFormat.BLOCK_POINTS];
    private final BlockDecoder decoder = new BlockDecoder();
    private int next;

    /** Encodes the data set's blocks and checks that each decodes to its values. */
    @Setup
    public void prepare() throws CorruptDataException {
        List<double[][]> series = switch (data) {
            case "nab" -> nab();
            case "digits" -> digits();
            case "sensor" -> List.<double[][]>of(CompressionReport.sensor(200 * BlockFormat.BLOCK_POINTS, 21));
            default -> throw new IllegalArgumentException("unknown data set " + data);
        };
        List<byte[]> kept = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        Map<String, Integer> schemes = new TreeMap<>();
        for (double[][] s : series) {
            for (int at = 0; at + BlockFormat.BLOCK_POINTS <= s[0].length; at += BlockFormat.BLOCK_POINTS) {
                byte[] b = BlockFormat.encode(s[0], s[1], at, BlockFormat.BLOCK_POINTS);
                BlockHeader h = BlockFormat.header(b, 0);
                schemes.merge(h.timeScheme() + "/" + h.valueScheme(), 1, Integer::sum);
                if (h.valueScheme() != ValueScheme.DECIMAL) {
                    continue;
                }
                decoder.decodeValues(b, 0, out);
                for (int i = 0; i < out.length; i++) {
                    if (Double.doubleToRawLongBits(out[i]) != Double.doubleToRawLongBits(s[1][at + i])) {
                        throw new IllegalStateException(data + ": value " + (at + i) + " does not round-trip");
                    }
                }
                kept.add(b);
                values.add(out.clone());
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalStateException(data + ": no decimal-scheme blocks");
        }
        blocks = kept.toArray(new byte[0][]);
        plain = values.toArray(new double[0][]);
        long bytes = kept.stream().mapToLong(b -> b.length).sum();
        System.out.printf("%n%s: %d decimal blocks, %.2f bits a point; blocks by time/value scheme %s%n", data,
                blocks.length, 8.0 * bytes / ((long) blocks.length * BlockFormat.BLOCK_POINTS), schemes);
    }

    /** Decodes the values of {@value #BLOCKS} blocks (checksum, header, decimal scheme). */
    @Benchmark
    @OperationsPerInvocation(VALUES)
    public double decimalValues() throws CorruptDataException {
        double sink = 0;
        for (int k = 0; k < BLOCKS; k++) {
            decoder.decodeValues(nextBlock(), 0, out);
            sink += out[k];
        }
        return sink;
    }

    /** Decodes the times of {@value #BLOCKS} blocks (checksum, header, the block's time scheme). */
    @Benchmark
    @OperationsPerInvocation(VALUES)
    public double times() throws CorruptDataException {
        double sink = 0;
        for (int k = 0; k < BLOCKS; k++) {
            decoder.decodeTimes(nextBlock(), 0, out);
            sink += out[k];
        }
        return sink;
    }

    /** The peer: copies {@value #BLOCKS} blocks' worth of already decoded values. */
    @Benchmark
    @OperationsPerInvocation(VALUES)
    public double copy() {
        double sink = 0;
        for (int k = 0; k < BLOCKS; k++) {
            double[] p = plain[next];
            next = next + 1 == plain.length ? 0 : next + 1;
            System.arraycopy(p, 0, out, 0, p.length);
            sink += out[k];
        }
        return sink;
    }

    private byte[] nextBlock() {
        byte[] b = blocks[next];
        next = next + 1 == blocks.length ? 0 : next + 1;
        return b;
    }

    private static List<double[][]> nab() {
        Path dir = Paths.get(System.getProperty("tsstore.nab", "../shared/data/nab"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the NAB corpus is not at " + dir.toAbsolutePath()
                    + " (set -Dtsstore.nab=DIR)");
        }
        try {
            List<double[][]> out = new ArrayList<>();
            for (CodecCorpusReport.Series s : CodecCorpusReport.load(dir)) {
                out.add(new double[][] {s.times(), s.values()});
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 1,024-point random walks with {@code d} = 1 to 8 decimals in turn; times a minute apart, jittered. */
    private static List<double[][]> digits() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 8 * 25 * BlockFormat.BLOCK_POINTS;
        double[] t = new double[n];
        double[] v = new double[n];
        long time = 1_600_000_000L;
        for (int b = 0; b < n / BlockFormat.BLOCK_POINTS; b++) {
            int d = 1 + b % 8;
            double scale = Math.pow(10, d);
            long k = r.nextLong(1, (long) (1000 * scale));
            for (int i = b * BlockFormat.BLOCK_POINTS; i < (b + 1) * BlockFormat.BLOCK_POINTS; i++) {
                time += 60 + r.nextInt(-2, 3);
                t[i] = time;
                k += r.nextLong(-(long) scale / 2, (long) scale / 2 + 1);
                v[i] = k / scale;
            }
        }
        return List.<double[][]>of(new double[][] {t, v});
    }
}
