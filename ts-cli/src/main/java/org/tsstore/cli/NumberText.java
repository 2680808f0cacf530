package org.tsstore.cli;

import java.math.BigDecimal;

/**
 * Numbers for people to read (tables, stats, chart ticks): whole numbers without a fraction, others with
 * up to six significant digits, exponents only for very large or small magnitudes. Files use the exact
 * round-trip form instead (see {@link CsvSeries}).
 */
final class NumberText {

    private NumberText() {}

    /** A number with up to six significant digits. */
    static String of(double d) {
        return of(d, 6);
    }

    /** A number with up to the given number of significant digits. */
    static String of(double d, int significant) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        double magnitude = Math.abs(d);
        if (d == Math.rint(d) && magnitude < 1e15) {
            return Long.toString((long) d);
        }
        if (magnitude >= 1e-4 && magnitude < 1e15) {
            BigDecimal rounded = new BigDecimal(d).round(new java.math.MathContext(significant));
            String plain = rounded.stripTrailingZeros().toPlainString();
            return plain;
        }
        String sci = String.format(java.util.Locale.ROOT, "%." + (significant - 1) + "e", d);
        int e = sci.indexOf('e');
        String mantissa = sci.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        int exponent = Integer.parseInt(sci.substring(e + 1));
        return mantissa + "e" + exponent;
    }
}
