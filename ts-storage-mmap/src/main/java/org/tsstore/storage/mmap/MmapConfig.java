package org.tsstore.storage.mmap;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.Durability;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.backend.OpenMode;

/** The options of an mmap store, parsed and checked once. Immutable. */
final class MmapConfig {

    static final String DURABILITY = "durability";
    static final String VERIFY_READS = "verifyReads";
    static final String COMPACT_AT = "compactAt";
    static final String SEGMENT_BYTES = "segmentBytes";
    /** {@code codec}: {@code raw} (the default) or {@code compressed} ({@link CompressedStore}). */
    static final String CODEC = "codec";
    static final Set<String> NAMES = Set.of(DURABILITY, VERIFY_READS, COMPACT_AT, SEGMENT_BYTES,
            OpenMode.OPTION, CODEC);

    /** The codecs a store may hold its points in. */
    enum Codec {
        /** Times and values as float64, read in place. */
        RAW,
        /** ts-codec blocks in each record's data ({@link EncodedPoints}). */
        COMPRESSED
    }

    static final long DEFAULT_SEGMENT_BYTES = 1L << 30;
    static final long MIN_SEGMENT_BYTES = 4096;
    static final long MAX_SEGMENT_BYTES = 1L << 40;

    final Durability durability;
    final boolean verifyReads;
    final double compactAt;
    final long segmentBytes;
    /** Window stride as a power of two; not an option, smaller only in tests. */
    final int windowShift;
    /** {@code mode=read}: no lock, nothing written ({@link ReadOnlyStore}). */
    final boolean readOnly;
    /** {@code codec=compressed}: records hold encoded blocks, the writers check no times. */
    final boolean compressed;

    MmapConfig(Durability durability, boolean verifyReads, double compactAt, long segmentBytes, int windowShift) {
        this(durability, verifyReads, compactAt, segmentBytes, windowShift, false);
    }

    MmapConfig(Durability durability, boolean verifyReads, double compactAt, long segmentBytes, int windowShift,
            boolean readOnly) {
        this(durability, verifyReads, compactAt, segmentBytes, windowShift, readOnly, false);
    }

    MmapConfig(Durability durability, boolean verifyReads, double compactAt, long segmentBytes, int windowShift,
            boolean readOnly, boolean compressed) {
        this.compressed = compressed;
        this.readOnly = readOnly;
        this.durability = durability;
        this.verifyReads = verifyReads;
        this.compactAt = compactAt;
        this.segmentBytes = segmentBytes;
        this.windowShift = windowShift;
    }

    static MmapConfig parse(StorageOptions options) {
        return new MmapConfig(
                options.getEnum(DURABILITY, Durability.class, Durability.OS),
                options.getBoolean(VERIFY_READS, true),
                options.getDouble(COMPACT_AT, 0.5, 0.0, 1.0),
                options.getBytes(SEGMENT_BYTES, DEFAULT_SEGMENT_BYTES, MIN_SEGMENT_BYTES, MAX_SEGMENT_BYTES),
                Segment.DEFAULT_WINDOW_SHIFT, OpenMode.of(options) == OpenMode.READ,
                options.getEnum(CODEC, Codec.class, Codec.RAW) == Codec.COMPRESSED);
    }

    static MmapConfig parse(Map<String, String> options) {
        return parse(StorageOptions.of(URI.create("mmap:store"), options, NAMES));
    }

    MmapConfig withWindowShift(int shift) {
        return new MmapConfig(durability, verifyReads, compactAt, segmentBytes, shift, readOnly, compressed);
    }

    /** Dead bytes below which automatic compaction waits, whatever the dead fraction: a segment, at most 64 MiB. */
    long minDeadBytes() {
        return Math.min(segmentBytes, 64L << 20);
    }
}
