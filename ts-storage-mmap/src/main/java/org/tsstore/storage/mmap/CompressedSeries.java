package org.tsstore.storage.mmap;

import java.util.Objects;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.codec.BlockReader;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.backend.CorruptDataException;
import org.tsstore.core.backend.Sums;

/**
 * A series of a compressed store, as {@link CompressedStore#get} returns it: a series like any other, decoding
 * lazily a block at a time through a {@link BlockReader} (a small bounded cache of decoded blocks). Reductions
 * run over decoded blocks without materialising the series, and a slice decodes only the blocks it overlaps.
 * A damaged block (its checksum was checked when the series was opened, its decoding is checked too) is a
 * {@link StorageException} naming the id and the block. Immutable and thread-safe.
 */
final class CompressedSeries extends AbstractSizedContainerTimeSeries {

    /** Decoded blocks each series keeps. */
    static final int CACHED_BLOCKS = 4;

    private final String id;
    private final BlockReader reader;
    private final int blocks;

    CompressedSeries(String id, BlockReader reader, int blocks) {
        this.id = id;
        this.reader = reader;
        this.blocks = blocks;
    }

    /** The number of encoded blocks. */
    int blockCount() {
        return blocks;
    }

    /**
     * Decodes every block, checking that each decodes (their checksums were checked on opening).
     *
     * @throws StorageException naming the id and the first damaged block
     */
    void verify() {
        try {
            reader.verify();
        } catch (CorruptDataException e) {
            throw damaged(e);
        }
    }

    /** How many block decodes reads of this series have run (for tests). */
    long decodedBlocks() {
        return reader.decodedBlocks();
    }

    @Override
    public int size() {
        return reader.size();
    }

    @Override
    public double time(int index) {
        try {
            return reader.time(index);
        } catch (CorruptDataException e) {
            throw damaged(e);
        }
    }

    @Override
    public double value(int index) {
        try {
            return reader.value(index);
        } catch (CorruptDataException e) {
            throw damaged(e);
        }
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        copy(from, dst, offset, length, true);
    }

    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        copy(from, dst, offset, length, false);
    }

    private void copy(int from, double[] dst, int offset, int length, boolean times) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        double[] out = offset == 0 ? dst : new double[length];
        try {
            reader.read(from, length, times ? out : null, times ? null : out);
        } catch (CorruptDataException e) {
            throw damaged(e);
        }
        if (out != dst) {
            System.arraycopy(out, 0, dst, offset, length);
        }
    }

    /**
     * Decodes values a block at a time into the kernel's buffer, times skipped: nothing the size of the series.
     */
    @Override
    protected Sums.Source valueSource() {
        return (from, dst, length) -> {
            try {
                reader.readValues(from, length, dst);
            } catch (CorruptDataException e) {
                throw damaged(e);
            }
        };
    }

    /** Finds the bounds in the block headers' times: decodes at most the blocks the slice overlaps. */
    @Override
    public SizedContainerTimeSeries slice(double fromTime, double toTime) {
        if (Double.isNaN(fromTime) || Double.isNaN(toTime)) {
            throw new IllegalArgumentException("slice bounds must not be NaN: [" + fromTime + ", " + toTime + ")");
        }
        try {
            int lo = reader.ceilingIndex(fromTime);
            int hi = toTime <= fromTime ? lo : reader.ceilingIndex(toTime);
            return subSeries(lo, Math.max(lo, hi));
        } catch (CorruptDataException e) {
            throw damaged(e);
        }
    }

    private StorageException damaged(CorruptDataException e) {
        return new StorageException("series " + SeriesIds.quote(id) + " is damaged: " + e.getMessage(), e);
    }
}
