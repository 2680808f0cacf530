package org.tsstore.testkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StressProfile;

/**
 * The checks that need another process, a damaged store or a simulated device, driven by the backend's
 * {@link BackendFixture}: kills in the middle of writes ({@link CrashHarness}), power losses
 * ({@link PowerLossCheck}), damaged bytes ({@link CorruptionCampaign}), a second process on the same store
 * ({@link ExclusionCheck}), readers beside a live writer ({@link LiveReaderCheck}) and a full disk
 * ({@link DiskFullCheck}). A backend's
 * test class implements it beside the contract; each check runs where the fixture says it applies and is
 * skipped, saying why, where it does not.
 *
 * <p>The {@code tune} methods let a backend adjust a harness (more cycles, smaller segments) without
 * repeating it; a backend adds variants (another durability, say) as test methods of its own, starting from
 * {@code CrashHarness.builder(fixture().withOption(...))}.
 */
public interface ReliabilitySuite {

    /**
     * The backend under test.
     *
     * @return the fixture
     */
    BackendFixture fixture();

    /**
     * Adjusts the crash harness before it runs.
     *
     * @param harness preset from the fixture, with CI's cycle count and a fixed seed
     * @return the builder to run
     */
    default CrashHarness.Builder tuneCrash(CrashHarness.Builder harness) {
        return harness;
    }

    /**
     * Adjusts the corruption campaign before it runs.
     *
     * @param campaign preset from the fixture, with CI's case count and a fixed seed
     * @return the builder to run
     */
    default CorruptionCampaign.Builder tuneCorruption(CorruptionCampaign.Builder campaign) {
        return campaign;
    }

    /**
     * Adjusts the power-loss check before it runs.
     *
     * @param check preset from the fixture, with CI's state count and a fixed seed
     * @return the builder to run
     */
    default PowerLossCheck.Builder tunePowerLoss(PowerLossCheck.Builder check) {
        return check;
    }

    /**
     * Adjusts the disk-full check before it runs.
     *
     * @param check preset from the fixture
     * @return the builder to run
     */
    default DiskFullCheck.Builder tuneDiskFull(DiskFullCheck.Builder check) {
        return check;
    }

    /**
     * Adjusts the live reader check before it runs.
     *
     * @param check preset from the fixture, with a fixed seed
     * @return the builder to run
     */
    default LiveReaderCheck.Builder tuneLiveReaders(LiveReaderCheck.Builder check) {
        return check;
    }

    /**
     * SIGKILL of a child JVM writing to the store, again and again: every acknowledged write survives, nothing
     * reads back wrong, and the store opens clean ({@link CrashHarness}). For {@link Capability#PERSISTENT}
     * backends. Seed: {@code -Dtsstore.crash.seed}.
     */
    @Test
    default void acknowledgedWritesSurviveKills() {
        assumeTrue(fixture().has(Capability.PERSISTENT), () -> fixture().name() + " is not persistent");
        int cycles = StressProfile.count(25, 500);
        CrashReport report = tuneCrash(CrashHarness.builder(fixture()).cycles(cycles)
                .seed(Long.getLong("tsstore.crash.seed", 20_261_125L))).build().run();
        assertTrue(report.cycles() > 0 && report.ackedStores() > 0, report::toString);
    }

    /**
     * Power lost at random changes to the files, each crash's states judged with the fixture's durability
     * ({@link PowerLossCheck}): with {@code durability=sync} nothing acknowledged is lost, otherwise the store
     * opens and serves only acknowledged-or-older versions, never wrong ones. For {@link Capability#PERSISTENT}
     * backends that open a store at a path ({@link BackendFixture#opensAtPath()}). States:
     * {@code -Dtsstore.powerloss.states} (1,000; 100,000 under {@code -Pstress}); seed:
     * {@code -Dtsstore.powerloss.seed}.
     */
    @Test
    default void acknowledgedWritesSurvivePowerLoss() {
        BackendFixture f = fixture();
        assumeTrue(f.has(Capability.PERSISTENT), () -> f.name() + " is not persistent");
        assumeTrue(f.opensAtPath(), () -> f.name() + " cannot open a store at a path of a simulated file system");
        int states = Integer.getInteger("tsstore.powerloss.states", StressProfile.count(1_000, 100_000));
        PowerLossReport report = tunePowerLoss(PowerLossCheck.builder(f).states(states)
                .seed(Long.getLong("tsstore.powerloss.seed", 20_261_202L))).build().run();
        assertTrue(report.states() >= states && report.ackedStores() > 0, report::toString);
    }

    /**
     * Damaged data, index and checkpoint bytes are reported or refused naming the place, never read as data
     * ({@link CorruptionCampaign}). For backends whose fixture names files or sites. Repeat a case with
     * {@code -Dtsstore.corruption.seed} and {@code -Dtsstore.corruption.cases}.
     */
    @Test
    default void damageIsReportedNeverReadWrong() {
        BackendFixture f = fixture();
        assumeTrue(!f.dataFiles().isEmpty() || !f.checkpointFiles().isEmpty() || f.damageSites().isPresent(),
                () -> f.name() + " names no files or sites to damage");
        int cases = Integer.getInteger("tsstore.corruption.cases", StressProfile.count(300, 3000));
        CorruptionReport report = tuneCorruption(CorruptionCampaign.builder(f).cases(cases)
                .seed(Long.getLong("tsstore.corruption.seed", 20_261_125L))).build().run();
        assertTrue(report.cases() > 0 && report.seriesChecked() > 0, report::toString);
    }

    /**
     * A second JVM is refused at once while another holds the store, and gets it once the holder closes it
     * or is killed ({@link ExclusionCheck}). For {@link Capability#SINGLE_PROCESS} backends.
     */
    @Test
    default void oneProcessAtATime() {
        assumeTrue(fixture().has(Capability.SINGLE_PROCESS), () -> fixture().name() + " admits several processes");
        String outcome = ExclusionCheck.builder(fixture()).build().run();
        assertTrue(!outcome.isBlank(), "the exclusion check said nothing");
    }

    /**
     * Readers in other JVMs (and this one) follow a live writer and survive its SIGKILL: every read is a version
     * acknowledged before it ended or in flight, never older than one acknowledged before it began, never torn
     * ({@link LiveReaderCheck}). For {@link Capability#LIVE_READERS} backends. Seed: {@code -Dtsstore.live.seed}.
     */
    @Test
    default void readersFollowALiveWriter() {
        assumeTrue(fixture().has(Capability.LIVE_READERS), () -> fixture().name() + " has no live readers");
        LiveReaderReport report = tuneLiveReaders(LiveReaderCheck.builder(fixture())
                .seed(Long.getLong("tsstore.live.seed", 20_261_203L))).build().run();
        assertTrue(report.found() > 0 && report.readsAfterKill() > 0, report::toString);
    }

    /**
     * On a full file system writes fail with a {@code StorageException}, earlier series stay intact and the
     * store works again once space is freed ({@link DiskFullCheck}); skipped with a printed reason where no
     * small file system can be mounted. For backends that keep a directory.
     */
    @Test
    default void fullDiskFailsCleanly() {
        assumeTrue(fixture().locationInDirectory().isPresent(), () -> fixture().name() + " keeps no directory");
        String outcome = tuneDiskFull(DiskFullCheck.builder(fixture()).seed(7L)).build().run();
        assertEquals(false, outcome.isBlank(), "the disk-full check said nothing");
    }
}
