package org.tsstore.storage.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.storage.redis.SeriesPointer.Chunk;

/**
 * One planned change of one series, made against the pointer value it was read with: the new chunks to
 * write (set to expire until the commit keeps them) and the script call that commits them, which does
 * nothing unless the pointer still holds that value. A store replaces every chunk ({@link Scripts#COMMIT});
 * an append ({@link Scripts#APPEND}) extends the last chunk in place up to the chunk size and puts the
 * rest in new chunks. Chunk checksums are computed as the chunks are encoded, so a chunk's bytes exist
 * only while it is sent.
 */
final class SeriesWrite {

    private static final byte[] NONE = new byte[0];

    final String id;
    final byte[] pointerKey;
    private final SeriesKeys keys;
    private final SizedContainerTimeSeries source;
    private final long token;
    private final boolean append;
    private final List<Chunk> kept;
    private final int[] starts;
    private final int[] counts;
    private final long[] chunkIds;
    private final int[] crcs;
    private final int[] lengths;
    /** Whether the chunks hold ts-codec blocks: the option for a new series, the series' own for an append. */
    private final boolean compressed;
    private final byte[] tail;
    private final int tailLengthBefore;
    private final boolean committed;
    private final int size;
    private byte[] seen;

    /**
     * @param source the points the new chunks hold
     * @param kept the chunks of the seen pointer that stay (for an append, the last one already extended
     *     by {@code tail})
     * @param firstNew the index in {@code source} of the first point of the first new chunk
     * @param capacity the most points a new chunk holds
     * @param chunkIds where new chunk keys come from: one random number per new chunk
     */
    private SeriesWrite(SeriesKeys keys, String id, SizedContainerTimeSeries source, long token, boolean append,
            List<Chunk> kept, int firstNew, int capacity, LongSupplier chunkIds, byte[] tail,
            int tailLengthBefore, byte[] seen, int size, boolean committed, boolean compressed) {
        this.keys = keys;
        this.compressed = compressed;
        this.id = id;
        this.pointerKey = keys.pointer(id);
        this.source = source;
        this.token = token;
        this.append = append;
        this.kept = kept;
        int newPoints = committed ? 0 : source.size() - firstNew;
        int n = (newPoints + capacity - 1) / capacity;
        this.starts = new int[n];
        this.counts = new int[n];
        this.chunkIds = new long[n];
        this.crcs = new int[n];
        this.lengths = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = firstNew + i * capacity;
            counts[i] = Math.min(capacity, source.size() - starts[i]);
            this.chunkIds[i] = chunkIds.getAsLong();
        }
        this.tail = tail;
        this.tailLengthBefore = tailLengthBefore;
        this.seen = seen;
        this.size = size;
        this.committed = committed;
    }

    /**
     * A store of {@code series} in chunks of {@code capacity} points, over the pointer value {@code seen}, raw or
     * {@code compressed}.
     */
    static SeriesWrite store(SeriesKeys keys, String id, SizedContainerTimeSeries series, long token, int capacity,
            LongSupplier chunkIds, byte[] seen, boolean compressed) {
        return new SeriesWrite(keys, id, series, token, false, List.of(), 0, capacity, chunkIds, null, 0, seen,
                series.size(), false, compressed);
    }

    /**
     * An append of {@code points} (checked to follow the stored ones) to the series {@code current}, whose
     * value is {@code seen} (both null when absent): the last chunk is filled up to {@code capacity}
     * points, the rest goes into new chunks. The chunks take the series' codec, or {@code compressed} when it has
     * no chunks.
     */
    static SeriesWrite append(SeriesKeys keys, String id, SizedContainerTimeSeries points, long token, int capacity,
            LongSupplier chunkIds, SeriesPointer current, byte[] seen, boolean compressed) {
        boolean codec = current == null || current.chunks().isEmpty() ? compressed : current.compressed();
        if (current != null && current.token() == token) {
            return new SeriesWrite(keys, id, points, token, true, current.chunks(), 0, capacity, chunkIds, null, 0,
                    seen, current.points(), true, codec);
        }
        List<Chunk> kept = new ArrayList<>(current == null ? List.of() : current.chunks());
        int fill = 0;
        byte[] tail = null;
        int before = 0;
        if (!kept.isEmpty() && kept.get(kept.size() - 1).points() < capacity) {
            Chunk last = kept.get(kept.size() - 1);
            fill = Math.min(points.size(), capacity - last.points());
            tail = ChunkCodec.encode(points, 0, fill, codec);
            before = last.bytes();
            int crc = ChunkCodec.crcCombine(last.crc(), ChunkCodec.crc(tail, tail.length), tail.length);
            kept.set(kept.size() - 1, new Chunk(last.key(), last.points() + fill, crc, last.firstTime(),
                    points.time(fill - 1), before + tail.length));
        }
        int size = (current == null ? 0 : current.points()) + points.size();
        return new SeriesWrite(keys, id, points, token, true, kept, fill, capacity, chunkIds, tail, before, seen,
                size, false, codec);
    }

    /** Whether the pointer read already holds this write (a retry after its reply was lost). */
    boolean committed() {
        return committed;
    }

    /** The number of points of the series once committed. */
    int size() {
        return size;
    }

    /** How many new chunks to write before the commit. */
    int chunksToWrite() {
        return starts.length;
    }

    byte[] chunkKey(int i) {
        return keys.chunk(id, chunkIds[i]);
    }

    /** Encodes new chunk {@code i}, noting its checksum for the pointer. */
    byte[] chunkValue(int i) {
        byte[] value = ChunkCodec.encode(source, starts[i], counts[i], compressed);
        crcs[i] = ChunkCodec.crc(value, value.length);
        lengths[i] = value.length;
        return value;
    }

    /** Every new chunk's key, for clearing them after a commit found the pointer changed. */
    List<byte[]> chunkKeys() {
        List<byte[]> list = new ArrayList<>(starts.length);
        for (int i = 0; i < starts.length; i++) {
            list.add(chunkKey(i));
        }
        return list;
    }

    /** Plans the commit of a store's chunks over another pointer value (after a concurrent change). */
    void rebase(byte[] newSeen) {
        this.seen = newSeen;
    }

    /** The pointer value the commit writes; only after every chunk was encoded. */
    byte[] pointerValue() {
        List<Chunk> chunks = new ArrayList<>(kept);
        for (int i = 0; i < starts.length; i++) {
            int end = starts[i] + counts[i] - 1;
            chunks.add(new Chunk(chunkIds[i], counts[i], crcs[i], source.time(starts[i]), source.time(end),
                    lengths[i]));
        }
        return new SeriesPointer(id, token, size, chunks, compressed).encode();
    }

    byte[] script() {
        return append ? Scripts.APPEND : Scripts.COMMIT;
    }

    /** The script's keys; see {@link Scripts}. */
    List<byte[]> scriptKeys() {
        List<byte[]> list = new ArrayList<>();
        list.add(pointerKey);
        if (append && tail != null) {
            list.add(keys.chunk(id, kept.get(kept.size() - 1).key()));
        }
        list.addAll(chunkKeys());
        if (!append) {
            list.addAll(ChunkedWriter.chunkKeysOf(keys, id, seen));
        }
        return list;
    }

    /** The script's arguments; see {@link Scripts}. */
    List<byte[]> scriptArgs() {
        byte[] seenArg = seen == null ? NONE : seen;
        if (append) {
            return List.of(pointerValue(), seenArg, tail == null ? NONE : tail, ascii(tailLengthBefore));
        }
        return List.of(pointerValue(), ascii(starts.length), seenArg);
    }

    /**
     * The arguments of {@link Scripts#STORE} for a store: encodes every new chunk (noting its checksum), then
     * the pointer value over them.
     */
    List<byte[]> storeArgs() {
        List<byte[]> args = new ArrayList<>(3 + starts.length);
        args.add(null);
        args.add(ascii(starts.length));
        args.add(seen == null ? NONE : seen);
        for (int i = 0; i < starts.length; i++) {
            args.add(chunkValue(i));
        }
        args.set(0, pointerValue());
        return args;
    }

    private static byte[] ascii(int n) {
        return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
