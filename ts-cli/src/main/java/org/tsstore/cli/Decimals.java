package org.tsstore.cli;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The one text form of a double in every output of the command (CSV, JSON, {@code ls}, {@code stats}, messages):
 * the shortest decimal that reads back to the same double, in plain notation where that is short
 * ({@code 1700000000.001}, {@code 0.25}, {@code 3}), with an exponent only for magnitudes from 1e21 up or below
 * 1e-6 ({@code 1e300}, {@code 5e-324}), the rule JavaScript's {@code Number.toString} follows. NaN is
 * {@code NaN}, the infinities {@code Infinity} and {@code -Infinity}; -0 is {@code -0}.
 *
 * <p>The digits are those of {@link Double#toString}, shortened where JDK 17's version (before JDK-4511638 was
 * fixed in JDK 19) gives a digit more than needed, and where the newer one keeps two digits that one would do
 * ({@code 4.9E-324} for {@code 5e-324}), so the text is the same on every JDK.
 */
final class Decimals {

    /** Whether this JDK's Double.toString gives the shortest digits (JDK 19 and later, JDK-4511638). */
    private static final boolean SHORTEST_TO_STRING = Runtime.version().feature() >= 19;

    private Decimals() {}

    /**
     * JDK 17's digits made shorter while one digit fewer, rounded, still reads back to d (its toString
     * sometimes gives a digit more than needed, as 4.9E-324 for 5e-324); null when they are already shortest.
     */
    private static BigDecimal rounded(double d, String digits, int exponent) {
        BigDecimal best = null;
        BigDecimal current = new BigDecimal(new java.math.BigInteger(digits), digits.length() - 1 - exponent);
        for (int p = digits.length() - 1; p >= 1; p--) {
            BigDecimal candidate = current.round(new MathContext(p, java.math.RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() != d) {
                break;
            }
            best = candidate.stripTrailingZeros();
        }
        return best;
    }

    /** The shortest round-trip text of a double. */
    static String of(double d) {
        return append(new StringBuilder(24), d).toString();
    }

    /** Appends the shortest round-trip text of a double and returns the builder. */
    static StringBuilder append(StringBuilder sb, double d) {
        if (d == 0) {
            return sb.append(Double.doubleToRawLongBits(d) < 0 ? "-0" : "0");
        }
        if (!Double.isFinite(d)) {
            return sb.append(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return sb.append((long) d);
        }
        String java = Double.toString(Math.abs(d));
        // java is D.DDDD or D.DDDDE[-]X: gather the significant digits and the decimal exponent
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int point = mantissa.indexOf('.');
        String digits = mantissa.substring(0, point) + mantissa.substring(point + 1);
        exponent += point - 1;
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
            exponent--;
        }
        digits = digits.substring(lead);
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        // JDK 19+ writes at least two digits (4.9E-324 for 5e-324): a two-digit form may have a one-digit one
        if ((!SHORTEST_TO_STRING && digits.length() > 1) || digits.length() == 2) {
            BigDecimal r = rounded(Math.abs(d), digits, exponent);
            if (r != null) {
                digits = r.unscaledValue().toString();
                exponent = r.precision() - r.scale() - 1;
            }
        }
        if (!SHORTEST_TO_STRING && digits.length() >= 16) {
            BigDecimal r = shortest(Math.abs(d), digits.length());
            if (r != null) {
                digits = r.unscaledValue().toString();
                exponent = r.precision() - r.scale() - 1;
            }
        }
        if (d < 0) {
            sb.append('-');
        }
        return layout(sb, digits, exponent);
    }

    /** The decimal of fewer than {@code digits} significant digits nearest d that reads back to d, or null. */
    private static BigDecimal shortest(double d, int digits) {
        BigDecimal exact = new BigDecimal(d);
        for (int p = 1; p < digits; p++) {
            BigDecimal r = exact.round(new MathContext(p));
            if (r.doubleValue() == d) {
                return r.stripTrailingZeros();
            }
        }
        return null;
    }

    /** digits d1 d2 ... with the point after d1 times 10^exponent, plain for 1e-6 <= |x| < 1e21. */
    private static StringBuilder layout(StringBuilder sb, String digits, int exponent) {
        int n = digits.length();
        if (exponent >= 21 || exponent < -6) {
            sb.append(digits.charAt(0));
            if (n > 1) {
                sb.append('.').append(digits, 1, n);
            }
            return sb.append('e').append(exponent);
        }
        if (exponent < 0) {
            sb.append("0.");
            for (int k = -1; k > exponent; k--) {
                sb.append('0');
            }
            return sb.append(digits);
        }
        if (n <= exponent + 1) {
            sb.append(digits);
            for (int k = n; k <= exponent; k++) {
                sb.append('0');
            }
            return sb;
        }
        return sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, n);
    }
}
