package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.StressProfile;
import org.tsstore.testkit.reliability.PowerLossCheck;
import org.tsstore.testkit.reliability.PowerLossReport;

/**
 * Simulated power losses under the mmap backend with segments of 64 KiB, so that rolls, seals and
 * compactions are cut too. With {@code durability=sync} nothing acknowledged is lost; with {@code os} nothing
 * is served wrong (RELIABILITY.md, "What it found"). (The default options, {@code durability=os} with 1 GiB
 * segments, run in {@link MmapBackendTest}, from the reliability suite.)
 */
class MmapPowerLossTest {

    /** Where a pinned failure leaves the state it failed on: under {@code target}, which {@code mvn clean} removes. */
    private static final Path KEPT = Path.of("target", "powerloss");

    @Test
    void acknowledgedSyncWritesSurvivePowerLoss() {
        int states = Integer.getInteger("tsstore.powerloss.states", StressProfile.count(1_000, 100_000));
        PowerLossReport report = PowerLossCheck.builder(MmapBackendTest.MMAP.withOption("durability", "sync")
                .withOption("segmentBytes", "64k")).states(states)
                .seed(Long.getLong("tsstore.powerloss.seed", 0xC0FFEEL)).build().run();
        assertTrue(report.states() >= states && report.ackedStores() > 0, report::toString);
    }

    /**
     * {@code durability=os}: the store opens and serves only acknowledged-or-older versions, never wrong ones,
     * and a batch is whole or absent.
     */
    @Test
    void osServesNothingWrongAfterPowerLoss() {
        int states = Integer.getInteger("tsstore.powerloss.states", StressProfile.count(1_000, 100_000));
        PowerLossReport report = PowerLossCheck.builder(MmapBackendTest.MMAP.withOption("segmentBytes", "64k"))
                .states(states).seed(Long.getLong("tsstore.powerloss.seed", 0xC0FFEEL)).build().run();
        assertTrue(report.states() >= states && report.ackedStores() > 0, report::toString);
    }

    /**
     * The store that found segments' renames unforced: the power undid the renames of segments 10 and 11 but
     * not that of 12, and an extent in segment 12 was chained onto an older version of {@code CON} across the
     * gap. Each new segment's name is now forced before any later segment exists, so no gap can arise.
     */
    @Test
    void osLeavesNoGapInTheSegmentNumbers() {
        PowerLossReport report = PowerLossCheck.builder(MmapBackendTest.MMAP.withOption("segmentBytes", "64k"))
                .seed(0xC0FFEEL).onlyStore(45).workDirectory(KEPT).build().run();
        assertTrue(report.ackedStores() > 0, report::toString);
    }
}
