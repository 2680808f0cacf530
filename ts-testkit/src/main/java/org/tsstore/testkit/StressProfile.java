package org.tsstore.testkit;

/**
 * How hard the reliability tests push: the counts of a CI run, or of a stress run when the system property
 * {@code tsstore.stress} is {@code true} (the Maven profile {@code -Pstress} sets it).
 *
 * <pre>{@code
 * CrashHarness.builder(location).cycles(StressProfile.count(25, 500)).build().run();
 * }</pre>
 */
public final class StressProfile {

    private StressProfile() {}

    /**
     * Whether this is a stress run.
     *
     * @return {@code true} if the system property {@code tsstore.stress} is {@code true}
     */
    public static boolean active() {
        return Boolean.getBoolean("tsstore.stress");
    }

    /**
     * A count for this run.
     *
     * @param ci the count of a CI run
     * @param stress the count of a stress run
     * @return {@code stress} in a stress run, else {@code ci}
     */
    public static int count(int ci, int stress) {
        return active() ? stress : ci;
    }
}
