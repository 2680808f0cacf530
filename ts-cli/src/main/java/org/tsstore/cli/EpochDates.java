package org.tsstore.cli;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Dates as epoch seconds (float64 seconds since 1970-01-01T00:00:00Z), the way the command stores them.
 *
 * <p>Reading takes ISO-8601 as people and programs write it: {@code YYYY-MM-DD}, then optionally {@code T} or a
 * space and {@code HH:MM}, {@code :SS}, a fraction of up to nine digits, and an offset ({@code Z}, {@code +HH:MM},
 * {@code +HHMM} or {@code +HH}). A date without an offset is UTC: {@code 2014-04-10 00:00:00}, the form of the NAB
 * files, is read as {@code 2014-04-10T00:00:00Z}. The parser works on a character slice without allocating, as
 * it runs once per line of a large file.
 *
 * <p>Writing gives {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}, with the fewest fraction digits that read back to
 * the same double.
 */
final class EpochDates {

    /** Times from 1980-01-01 to 2100-01-01 look like epoch seconds (the rule {@code ls} and {@code stats} use). */
    static final double LOOKS_LIKE_EPOCH_FROM = 315_532_800;

    /** The end of the range of {@link #LOOKS_LIKE_EPOCH_FROM}. */
    static final double LOOKS_LIKE_EPOCH_TO = 4_102_444_800.0;

    private static final double YEAR_10000 = 253_402_300_800.0;

    private EpochDates() {}

    /** Whether both times fall in 1980..2100 when read as epoch seconds, so that dates say more than numbers. */
    static boolean lookLikeEpochSeconds(double first, double last) {
        return first >= LOOKS_LIKE_EPOCH_FROM && last < LOOKS_LIKE_EPOCH_TO;
    }

    /**
     * The epoch seconds of an ISO-8601 date in the slice, or NaN when it is not one (or not a valid date).
     */
    static double parse(char[] s, int from, int to) {
        int n = to - from;
        if (n < 10 || s[from + 4] != '-' || s[from + 7] != '-') {
            return Double.NaN;
        }
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            return Double.NaN;
        }
        long seconds = epochDay(year, month, day) * 86_400L;
        int i = from + 10;
        int fractionFrom = -1;
        int fractionTo = -1;
        if (i < to && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
            if (to - i < 6 || s[i + 3] != ':') {
                return Double.NaN;
            }
            int hour = digits(s, i + 1, 2);
            int minute = digits(s, i + 4, 2);
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
                return Double.NaN;
            }
            seconds += hour * 3600L + minute * 60L;
            i += 6;
            if (i < to && s[i] == ':') {
                int second = to - i >= 3 ? digits(s, i + 1, 2) : -1;
                if (second < 0 || second > 59) {
                    return Double.NaN;
                }
                seconds += second;
                i += 3;
                if (i < to && (s[i] == '.' || s[i] == ',')) {
                    fractionFrom = ++i;
                    while (i < to && s[i] >= '0' && s[i] <= '9') {
                        i++;
                    }
                    fractionTo = i;
                    if (fractionTo == fractionFrom || fractionTo - fractionFrom > 9) {
                        return Double.NaN;
                    }
                }
            }
            if (i < to) {
                int offset = offsetSeconds(s, i, to);
                if (offset == Integer.MIN_VALUE) {
                    return Double.NaN;
                }
                seconds -= offset;
                i = to;
            }
        }
        if (i != to) {
            return Double.NaN;
        }
        if (fractionFrom < 0 || allZero(s, fractionFrom, fractionTo)) {
            return seconds;
        }
        return withFraction(seconds, new String(s, fractionFrom, fractionTo - fractionFrom));
    }

    /** Whole seconds plus a decimal fraction, rounded once to the nearest double. */
    static double withFraction(long seconds, String fractionDigits) {
        if (seconds >= 0) {
            return Double.parseDouble(seconds + "." + fractionDigits);
        }
        // -5 + .25 is -4.75: subtract the fraction from 1 in decimal
        java.math.BigDecimal exact = java.math.BigDecimal.valueOf(seconds).add(new java.math.BigDecimal("0." + fractionDigits));
        return exact.doubleValue();
    }

    private static boolean allZero(char[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s[i] != '0') {
                return false;
            }
        }
        return true;
    }

    /** Z, +HH:MM, +HHMM or +HH in seconds east of UTC; Integer.MIN_VALUE when it is none of these. */
    private static int offsetSeconds(char[] s, int i, int to) {
        int n = to - i;
        if (n == 1 && (s[i] == 'Z' || s[i] == 'z')) {
            return 0;
        }
        if (s[i] != '+' && s[i] != '-') {
            return Integer.MIN_VALUE;
        }
        int sign = s[i] == '-' ? -1 : 1;
        int hours = n >= 3 ? digits(s, i + 1, 2) : -1;
        int minutes;
        if (n == 3) {
            minutes = 0;
        } else if (n == 5) {
            minutes = digits(s, i + 3, 2);
        } else if (n == 6 && s[i + 3] == ':') {
            minutes = digits(s, i + 4, 2);
        } else {
            return Integer.MIN_VALUE;
        }
        if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        return sign * (hours * 3600 + minutes * 60);
    }

    private static int digits(char[] s, int from, int count) {
        int v = 0;
        for (int k = 0; k < count; k++) {
            char c = s[from + k];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean leap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int daysInMonth(int year, int month) {
        return month == 2 ? (leap(year) ? 29 : 28) : (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** Whether {@link #format} can write the time as a date (years 0 to 9999). */
    static boolean formattable(double t) {
        return t >= -62_167_219_200.0 && t < YEAR_10000;
    }

    /**
     * The time as {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}, the fraction as short as reads back to the same double
     * (at most nine digits, nanoseconds); a time outside years 0 to 9999 as its number.
     */
    static String format(double t) {
        if (!formattable(t)) {
            return Decimals.of(t);
        }
        long whole = (long) Math.floor(t);
        LocalDateTime at = LocalDateTime.ofEpochSecond(whole, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(30);
        pad(sb, at.getYear(), 4).append('-');
        pad(sb, at.getMonthValue(), 2).append('-');
        pad(sb, at.getDayOfMonth(), 2).append('T');
        pad(sb, at.getHour(), 2).append(':');
        pad(sb, at.getMinute(), 2).append(':');
        pad(sb, at.getSecond(), 2);
        if (t != whole) {
            sb.append('.').append(fraction(t, whole));
        }
        return sb.append('Z').toString();
    }

    /** The fewest digits d such that whole + 0.d reads back as t (nine at most). */
    private static String fraction(double t, long whole) {
        java.math.BigDecimal exactFraction = new java.math.BigDecimal(t).subtract(java.math.BigDecimal.valueOf(whole));
        String digits = "";
        for (int k = 1; k <= 9; k++) {
            java.math.BigDecimal rounded = exactFraction.setScale(k, java.math.RoundingMode.HALF_EVEN);
            if (rounded.compareTo(java.math.BigDecimal.ONE) >= 0) {
                continue;
            }
            digits = rounded.toPlainString().substring(2);
            if (withFraction(whole, digits) == t) {
                return digits;
            }
        }
        return digits.isEmpty() ? "0" : digits;
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int k = s.length(); k < width; k++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
