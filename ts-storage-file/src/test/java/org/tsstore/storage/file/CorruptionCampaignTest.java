package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.CorruptionCampaign;
import org.tsstore.testkit.CorruptionReport;
import org.tsstore.testkit.StressProfile;

/**
 * ts-testkit's {@link CorruptionCampaign} on the file store: series files, the index snapshot and the
 * journal are flipped, zeroed, truncated and extended; every case must end in correct data, a
 * {@code StorageException} naming the file, or damage reported by {@code verify()}.
 */
class CorruptionCampaignTest {

    @Test
    void damagedFilesAreReportedNeverReadWrong() {
        int cases = Integer.getInteger("tsstore.corruption.cases", StressProfile.count(300, 3000));
        CorruptionReport report = CorruptionCampaign.builder(dir -> URI.create("file:" + dir))
                .files("series", "series/.*\\.npy").files("index", "index\\.(snapshot|journal)")
                .cases(cases).seed(Long.getLong("tsstore.corruption.seed", 20261125L)).build().run();
        assertEquals(cases, report.cases());
    }
}
