package org.tsstore.testkit.reliability;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link CorruptionCampaign} run did: how each case ended. Its {@link #toString()} is the summary
 * the campaign prints, with the seed that repeats it.
 *
 * @param location the URI of the first case's store (each case has a directory of its own)
 * @param seed the campaign seed
 * @param cases how many damaged stores were opened and checked
 * @param violations how many violations were found (a run that returns a report found none)
 * @param outcomes cases per {@link Outcome}
 * @param byDamage cases per file kind and damage, such as {@code "data/FLIP"}
 * @param seriesChecked how many series were read back and compared with the model
 * @param readsRefused reads that threw a {@code StorageException} naming the damaged file
 * @param seriesMissing stored series a damaged store answered absent for (each one a violation)
 * @param repairs damaged stores then repaired with {@code repair()} and checked again
 * @param seriesLostToRepair series those repairs reported lost (dropped, reverted or unattributed)
 */
public record CorruptionReport(URI location, long seed, int cases, int violations, Map<Outcome, Integer> outcomes,
        Map<String, Integer> byDamage, long seriesChecked, long readsRefused, long seriesMissing, long repairs,
        long seriesLostToRepair) {

    /** How a case ended; every one of them is acceptable. A violation fails the campaign instead. */
    public enum Outcome {
        /** Every series read back equal and {@code verify()} was clean: the damage hit nothing that mattered, or
         * the backend repaired it from redundant data. */
        INTACT,
        /** {@code verify()} reported the damage; every series read back equal, or was refused by a
         * {@code StorageException} naming the damaged file, or (only then) was missing. */
        REPORTED,
        /** Opening the store threw a {@code StorageException} naming the damaged file. */
        REFUSED_ON_OPEN
    }

    /**
     * Creates a report; the maps are copied.
     *
     * @param location the URI of the first case's store
     * @param seed the campaign seed
     * @param cases how many damaged stores were checked
     * @param violations how many violations were found
     * @param outcomes cases per outcome
     * @param byDamage cases per file kind and damage
     * @param seriesChecked series read back and compared
     * @param readsRefused reads refused naming the damaged file or key
     * @param seriesMissing stored series answered absent
     * @param repairs stores repaired and checked
     * @param seriesLostToRepair series the repairs reported lost
     */
    public CorruptionReport {
        outcomes = Map.copyOf(outcomes);
        byDamage = Map.copyOf(byDamage);
    }

    /**
     * How many cases ended in {@code outcome}.
     *
     * @param outcome an outcome
     * @return the count, 0 if none
     */
    public int count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }

    /**
     * One line per count.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CorruptionCampaign ").append(location).append(" seed=").append(seed)
                .append(": ").append(cases).append(" damaged stores, ")
                .append(violations == 0 ? "no violation" : violations + " violations").append("\n  outcomes:");
        for (Outcome o : Outcome.values()) {
            s.append(' ').append(o).append('=').append(count(o));
        }
        s.append("\n  damage:");
        new TreeMap<>(byDamage).forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        return s.append("\n  ").append(seriesChecked).append(" series checked, ").append(readsRefused)
                .append(" reads refused naming the damaged file or key, ").append(seriesMissing)
                .append(" stored series answered absent\n  ").append(repairs).append(" stores repaired and checked, ")
                .append(seriesLostToRepair).append(" series reported lost by repair()").toString();
    }
}
