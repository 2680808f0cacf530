package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.CorruptionCampaign;
import org.tsstore.testkit.CorruptionReport;
import org.tsstore.testkit.StressProfile;

/**
 * ts-testkit's {@link CorruptionCampaign} on the mmap store: segments and the hint file are flipped,
 * zeroed, truncated and extended, with and without the hint; every case must end in correct data, a
 * {@code StorageException} naming the file, or damage reported by {@code verify()}. Small segments give
 * each store several segments, seals and a hint with several entries.
 */
class CorruptionTest {

    @Test
    void damagedFilesAreReportedNeverReadWrong() {
        int cases = Integer.getInteger("tsstore.corruption.cases", StressProfile.count(300, 3000));
        CorruptionReport report = CorruptionCampaign.builder(dir -> URI.create("mmap:" + dir.toUri().getRawPath()))
                .files("segment", "\\d{10}\\.seg").files("hint", "keydir\\.hint").checkpoints("keydir\\.hint")
                .option("segmentBytes", "64k")
                .cases(cases).seed(Long.getLong("tsstore.corruption.seed", 20261125L)).build().run();
        assertEquals(cases, report.cases());
    }
}
