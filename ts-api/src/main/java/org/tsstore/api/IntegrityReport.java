package org.tsstore.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link StorageManager#verify()} found: how much it checked and every damaged record.
 *
 * @param seriesChecked how many series (or records) were checked
 * @param bytesChecked how many bytes of data were checked
 * @param damage the damaged records, in the order found; empty when the store is intact
 */
public record IntegrityReport(long seriesChecked, long bytesChecked, List<Damage> damage) {

    /**
     * Creates a report.
     *
     * @param seriesChecked how many series were checked
     * @param bytesChecked how many bytes were checked
     * @param damage the damaged records; copied
     */
    public IntegrityReport {
        if (seriesChecked < 0 || bytesChecked < 0) {
            throw new IllegalArgumentException("negative counts: " + seriesChecked + ", " + bytesChecked);
        }
        damage = List.copyOf(damage);
    }

    /**
     * Whether nothing damaged was found.
     *
     * @return {@code true} when {@link #damage()} is empty
     */
    public boolean isClean() {
        return damage.isEmpty();
    }

    /**
     * A new builder, for backends assembling a report.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One damaged record.
     *
     * @param id the id of the series, or the empty string when it cannot be read
     * @param location the file and offset (or key) of the record, or the empty string when not known
     * @param problem what is wrong
     */
    public record Damage(String id, String location, String problem) {
        /**
         * Creates a damage entry.
         *
         * @param id the id, or empty
         * @param location the location, or empty
         * @param problem what is wrong
         */
        public Damage {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(problem, "problem");
        }
    }

    /** Collects counts and damage while a backend checks its records. Not thread-safe. */
    public static final class Builder {
        private long series;
        private long bytes;
        private final List<Damage> damage = new ArrayList<>();

        private Builder() {}

        /**
         * Counts one checked series or record.
         *
         * @param bytes its size in bytes
         * @return this builder
         */
        public Builder checked(long bytes) {
            this.series++;
            this.bytes += bytes;
            return this;
        }

        /**
         * Adds a damaged record.
         *
         * @param damage what was found
         * @return this builder
         */
        public Builder damaged(Damage damage) {
            this.damage.add(Objects.requireNonNull(damage, "damage"));
            return this;
        }

        /**
         * The report so far.
         *
         * @return an immutable report
         */
        public IntegrityReport build() {
            return new IntegrityReport(series, bytes, damage);
        }
    }
}
