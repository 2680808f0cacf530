package org.tsstore.storage.mmap;

import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.ReadOnlyContract;

/**
 * {@code mode=read} on a compressed mmap store ({@code codec=compressed}): the {@link ReadOnlyContract} on 4 KiB
 * segments, so that a reader decodes the blocks a live writer re-encodes on appends and compactions.
 */
class CompressedReadModeTest implements ReadOnlyContract {

    /** The codec on small segments, without automatic compaction. */
    private static final BackendFixture COMPRESSED_SMALL = CompressedContractTest.COMPRESSED
            .withOption("segmentBytes", "4096").withOption("compactAt", "1");

    @Override
    public BackendFixture fixture() {
        return COMPRESSED_SMALL;
    }
}
