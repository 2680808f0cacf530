package org.tsstore.cli;

import java.util.Arrays;

/**
 * The {@code --on-unordered} and {@code --on-duplicate} policies: which rows of a CSV file, in which order,
 * make the series. A series' times are strictly increasing; a file's need not be.
 */
final class RowOrder {

    private RowOrder() {}

    /**
     * The indices of the rows to keep, in time order.
     *
     * @param times the rows' times, in file order
     * @param n the number of rows
     * @param lines each row's line in the file, for messages
     * @param settings the policies
     * @param source the file, for messages
     * @param where the time column, for messages ("column 1 (timestamp)")
     * @param dates whether to show times in messages as dates
     * @throws InvalidDataException naming the first offending line when the policy is error
     */
    static int[] keep(double[] times, int n, int[] lines, CsvSettings settings, String source, String where,
            boolean dates) {
        int[] order = null;
        for (int i = 1; i < n; i++) {
            double before = times[i - 1];
            double t = times[i];
            if (t < before && settings.unordered() == CsvSettings.Unordered.ERROR) {
                throw new InvalidDataException(source + ": line " + lines[i] + ", " + where + ": time " + shown(t, dates)
                        + " is earlier than the time " + shown(before, dates) + " on line " + lines[i - 1]
                        + "; --on-unordered sort would sort the rows by time");
            }
            if (t == before && settings.duplicate() == CsvSettings.Duplicate.ERROR
                    && settings.unordered() == CsvSettings.Unordered.ERROR) {
                throw duplicate(source, where, lines[i], lines[i - 1], shown(t, dates));
            }
            if (t < before) {
                order = sorted(times, n);
                break;
            }
        }
        if (order == null) {
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
        }
        return dropRepeats(order, times, lines, settings, source, where, dates);
    }

    private static int[] dropRepeats(int[] order, double[] times, int[] lines, CsvSettings settings, String source,
            String where, boolean dates) {
        int n = order.length;
        int[] kept = new int[n];
        int size = 0;
        int firstLine = Integer.MAX_VALUE;
        int otherLine = 0;
        double repeated = 0;
        for (int k = 0; k < n; k++) {
            int row = order[k];
            if (size > 0 && times[kept[size - 1]] == times[row]) {
                if (settings.duplicate() == CsvSettings.Duplicate.ERROR) {
                    int a = lines[kept[size - 1]];
                    int b = lines[row];
                    if (Math.max(a, b) < firstLine) {
                        firstLine = Math.max(a, b);
                        otherLine = Math.min(a, b);
                        repeated = times[row];
                    }
                } else if (settings.duplicate() == CsvSettings.Duplicate.LAST) {
                    kept[size - 1] = row;
                }
                continue;
            }
            kept[size++] = row;
        }
        if (firstLine != Integer.MAX_VALUE) {
            throw duplicate(source, where, firstLine, otherLine, shown(repeated, dates));
        }
        return size == n ? kept : Arrays.copyOf(kept, size);
    }

    private static String shown(double t, boolean dates) {
        return dates ? EpochDates.format(t) : Decimals.of(t);
    }

    private static InvalidDataException duplicate(String source, String where, int line, int other, String t) {
        return new InvalidDataException(source + ": line " + line + ", " + where + ": time " + t
                + " repeats the time on line " + other + "; --on-duplicate first or --on-duplicate last would keep"
                + " one row of each time");
    }

    /** A stable sort of the row indices by time (merge sort: rows with one time keep their file order). */
    private static int[] sorted(double[] times, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    b[k++] = times[a[j]] < times[a[i]] ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] swap = a;
            a = b;
            b = swap;
        }
        return a;
    }
}
