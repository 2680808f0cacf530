package org.tsstore.cli;

/**
 * Decimal numbers read straight from a character buffer, without a String per field.
 *
 * <p>The grammar is the plain decimal one, {@code [+-]digits[.digits][(e|E)[+-]digits]} (also {@code .5} and
 * {@code 5.}); hexadecimal, {@code 1.5d} and the like are refused. A number with at most 15 significant
 * digits and a small power of ten is computed as one correctly rounded multiplication or division of two
 * exact doubles (Clinger's fast path); any other goes to {@link Double#parseDouble}, so every result is the
 * double nearest the decimal, as Java and numpy read it.
 */
final class NumberParser {

    /** Exact powers of ten as doubles: 10^0 .. 10^22 are all exact. */
    private static final double[] POWERS = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private NumberParser() {}

    /**
     * Whether a slice holds a decimal number, and its value in {@code result[0]}. Leading and trailing
     * spaces are not allowed here (the caller trims). Returns false for anything else, words included.
     */
    static boolean parse(char[] s, int from, int to, double[] result) {
        int i = from;
        if (i >= to) {
            return false;
        }
        boolean negative = false;
        char c = s[i];
        if (c == '+' || c == '-') {
            negative = c == '-';
            i++;
        }
        long significand = 0;
        int digits = 0;
        int dropped = 0;
        int scale = 0;
        boolean any = false;
        while (i < to && (c = s[i]) >= '0' && c <= '9') {
            any = true;
            if (digits < 18) {
                significand = significand * 10 + (c - '0');
                if (significand != 0) {
                    digits++;
                }
            } else {
                dropped++;
            }
            i++;
        }
        if (i < to && s[i] == '.') {
            i++;
            while (i < to && (c = s[i]) >= '0' && c <= '9') {
                any = true;
                if (digits < 18) {
                    significand = significand * 10 + (c - '0');
                    if (significand != 0) {
                        digits++;
                    }
                    scale--;
                } else {
                    dropped++;
                }
                i++;
            }
        }
        if (!any) {
            return false;
        }
        int exponent = 0;
        if (i < to && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (s[i] == '+' || s[i] == '-')) {
                negativeExponent = s[i] == '-';
                i++;
            }
            int exponentStart = i;
            while (i < to && (c = s[i]) >= '0' && c <= '9') {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (c - '0');
                }
                i++;
            }
            if (i == exponentStart) {
                return false;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != to) {
            return false;
        }
        int power = exponent + scale;
        double value;
        if (dropped == 0 && digits <= 15) {
            if (significand == 0) {
                value = 0;
            } else if (power >= 0 && power <= 22) {
                value = significand * POWERS[power];
            } else if (power < 0 && power >= -22) {
                value = significand / POWERS[-power];
            } else {
                value = Double.parseDouble(new String(s, from, to - from));
                result[0] = value;
                return true;
            }
        } else {
            value = Double.parseDouble(new String(s, from, to - from));
            result[0] = value;
            return true;
        }
        result[0] = negative ? -value : value;
        return true;
    }

    /** Whether the slice is one of the words for a missing value: NA, NaN, null, any case. */
    static boolean isMissingWord(char[] s, int from, int to) {
        int n = to - from;
        if (n == 2) {
            return lower(s[from]) == 'n' && lower(s[from + 1]) == 'a';
        }
        if (n == 3) {
            return lower(s[from]) == 'n' && lower(s[from + 1]) == 'a' && lower(s[from + 2]) == 'n';
        }
        return n == 4 && lower(s[from]) == 'n' && lower(s[from + 1]) == 'u' && lower(s[from + 2]) == 'l'
                && lower(s[from + 3]) == 'l';
    }

    /** +1 or -1 when the slice is an infinity word ({@code inf}, {@code Infinity}, signed, any case), else 0. */
    static int infinitySign(char[] s, int from, int to) {
        int sign = 1;
        if (from < to && (s[from] == '+' || s[from] == '-')) {
            sign = s[from] == '-' ? -1 : 1;
            from++;
        }
        String word = "infinity";
        int n = to - from;
        if (n != 3 && n != 8) {
            return 0;
        }
        for (int k = 0; k < n; k++) {
            if (lower(s[from + k]) != word.charAt(k)) {
                return 0;
            }
        }
        return sign;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
