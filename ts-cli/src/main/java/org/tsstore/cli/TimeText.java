package org.tsstore.cli;

/**
 * Times for people to read in {@code put}, {@code ls} and {@code stats}: ISO-8601 dates (UTC) when the first and
 * last time both fall in 1980..2100 read as epoch seconds ({@link EpochDates#lookLikeEpochSeconds}), else the
 * numbers as {@link Decimals} writes them.
 */
final class TimeText {

    private TimeText() {}

    /** "first .. last", both dates or both numbers by the rule above. */
    static String of(double first, double last) {
        return one(first, first, last) + " .. " + one(last, first, last);
    }

    /** One time of a series whose times run from first to last, shown by the rule above. */
    static String one(double t, double first, double last) {
        return EpochDates.lookLikeEpochSeconds(first, last) ? EpochDates.format(t) : Decimals.of(t);
    }
}
