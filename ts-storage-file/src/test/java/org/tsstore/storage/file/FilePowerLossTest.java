package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.StressProfile;
import org.tsstore.testkit.reliability.PowerLossCheck;
import org.tsstore.testkit.reliability.PowerLossReport;

/**
 * Simulated power losses under the file backend with {@code durability=sync} (the {@code os} run is
 * {@link FileBackendTest}'s), and the one limit of {@code os} pinned, so that the check is known to keep
 * catching it (RELIABILITY.md, "What it found").
 */
class FilePowerLossTest {

    /** Where a pinned failure leaves the state it failed on: under {@code target}, which {@code mvn clean} removes. */
    private static final Path KEPT = Path.of("target", "powerloss");

    /**
     * Nothing acknowledged is lost, every batch is whole or absent, {@code verify()} is clean. The seed is the
     * one that found the store directory, the temporary files' names and recovery's own removals unforced.
     */
    @Test
    void syncLosesNothingAcknowledged() {
        int states = Integer.getInteger("tsstore.powerloss.states", StressProfile.count(1_000, 100_000));
        PowerLossReport report = PowerLossCheck.builder(FileBackendTest.FILE.withOption("durability", "sync"))
                .states(states).seed(Long.getLong("tsstore.powerloss.seed", 0x5EED_F11EL)).build().run();
        assertTrue(report.states() >= states && report.ackedStores() > 0, report::toString);
    }

    /**
     * {@code durability=os}: a {@code storeAll} cut by the power can be found half there, its journal record
     * lost with the journal's unforced tail while one of its renames was kept. The strict judge (batches in
     * flight atomic even unforced) must keep finding it; {@link FileBackendTest} declares the limit.
     */
    @Test
    void osBatchCutByThePowerCanBeHalfThere() {
        AssertionError e = assertThrows(AssertionError.class, () -> PowerLossCheck.builder(FileBackendTest.FILE)
                .seed(1L).onlyStore(15).workDirectory(KEPT).build().run());
        assertTrue(e.getMessage().contains("in flight) is half there"), e::getMessage);
    }
}
