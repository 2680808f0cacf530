package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The number and date text of the command, against independent models: {@link NumberParser} against
 * {@link Double#parseDouble}, {@link EpochDates} against java.time, {@link Decimals} against BigDecimal's
 * exact arithmetic (round trip and shortness) and a plain-notation rule checked by hand.
 */
class TextNumbersTest {

    private static double parse(String s) {
        double[] out = new double[1];
        assertTrue(NumberParser.parse(s.toCharArray(), 0, s.length(), out), s);
        return out[0];
    }

    private static boolean parses(String s) {
        return NumberParser.parse(s.toCharArray(), 0, s.length(), new double[1]);
    }

    @Property(tries = 2000)
    void numberParserGivesTheNearestDouble(@ForAll("decimals") String text) {
        assertEquals(Double.doubleToLongBits(Double.parseDouble(text)), Double.doubleToLongBits(parse(text)), text);
    }

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(22);
        Arbitrary<String> plain = Arbitraries.doubles().map(d -> new BigDecimal(d).toPlainString());
        Arbitrary<String> built = net.jqwik.api.Combinators.combine(Arbitraries.of("", "-", "+"), digits, digits,
                Arbitraries.integers().between(-330, 330), Arbitraries.of(true, false))
                .as((sign, a, b, e, exp) -> sign + a + "." + b + (exp ? "e" + e : ""));
        return Arbitraries.oneOf(built, plain, Arbitraries.doubles().map(d -> Double.toString(d)),
                Arbitraries.of("0", "-0", "0.1", "1e22", "1e23", "9007199254740993", "4.9e-324", "2.2250738585072014E-308",
                        "123456789012345.6", "1234567890123456.7", ".5", "5."));
    }

    @Test
    void numberParserRefusesWhatIsNotPlainDecimal() {
        for (String bad : new String[] {"", "-", ".", "e5", "1e", "1e+", "1.5d", "0x10", "1,5", "1 ", " 1", "NaN", "inf",
            "--1", "1..2", "1e5.5"}) {
            assertFalse(parses(bad), bad);
        }
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(parse("-0")));
    }

    @Test
    void missingAndInfinityWords() {
        for (String w : new String[] {"NA", "na", "NaN", "nan", "null", "NULL"}) {
            assertTrue(NumberParser.isMissingWord(w.toCharArray(), 0, w.length()), w);
        }
        assertFalse(NumberParser.isMissingWord("none".toCharArray(), 0, 4));
        assertEquals(-1, NumberParser.infinitySign("-Infinity".toCharArray(), 0, 9));
        assertEquals(1, NumberParser.infinitySign("inf".toCharArray(), 0, 3));
        assertEquals(0, NumberParser.infinitySign("infinit".toCharArray(), 0, 7));
    }

    @Property(tries = 1000)
    void isoDatesReadAsJavaTimeReadsThem(@ForAll("instants") long second, @ForAll("nanos") int nano,
            @ForAll("offsets") int offsetMinutes, @ForAll("forms") int form) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
        OffsetDateTime at = OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(second, nano), offset);
        String text;
        switch (form) {
            case 0:
                text = at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                break;
            case 1:
                text = at.toLocalDateTime().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
                at = at.toLocalDateTime().withNano(0).atOffset(ZoneOffset.UTC);
                break;
            default:
                text = at.toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
                at = at.toLocalDateTime().atOffset(ZoneOffset.UTC);
        }
        double expected = new BigDecimal(at.toEpochSecond()).add(BigDecimal.valueOf(at.getNano(), 9)).doubleValue();
        assertEquals(expected, EpochDates.parse(text.toCharArray(), 0, text.length()), text);
    }

    @Property(tries = 1000)
    void datesWrittenReadBackToTheSameDouble(@ForAll("instants") long second, @ForAll("nanos") int nano) {
        double t = new BigDecimal(second).add(BigDecimal.valueOf(nano, 9)).doubleValue();
        String text = EpochDates.format(t);
        assertEquals(t, EpochDates.parse(text.toCharArray(), 0, text.length()), text);
        LocalDateTime model = LocalDateTime.ofEpochSecond((long) Math.floor(t), 0, ZoneOffset.UTC);
        assertTrue(text.startsWith(model.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"))), text);
        assertTrue(text.endsWith("Z"), text);
    }

    @Provide
    Arbitrary<Long> instants() {
        return Arbitraries.longs().between(-2_208_988_800L, 4_102_444_800L);
    }

    @Provide
    Arbitrary<Integer> nanos() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.of(500_000_000, 1_000_000, 250_000_000),
                Arbitraries.integers().between(0, 999_999_999));
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(-18 * 60, 18 * 60));
    }

    @Provide
    Arbitrary<Integer> forms() {
        return Arbitraries.integers().between(0, 2);
    }

    @Test
    void datesThatAreNotDates() {
        for (String bad : new String[] {"2014-02-30", "2014-13-01", "2014-04-10 24:00:00", "2014-04-10 00:60",
            "2014-04-10T00:00:00+19:00", "2014-04-10T00:00:00 UTC", "2014-4-10", "20140410", "2014-04-10T", "1.5"}) {
            assertTrue(Double.isNaN(EpochDates.parse(bad.toCharArray(), 0, bad.length())), bad);
        }
        assertEquals(951_782_400, EpochDates.parse("2000-02-29".toCharArray(), 0, 10));
    }

    @Property(tries = 3000)
    void decimalsAreTheShortestRoundTripText(@ForAll("doubles") double d) {
        String text = Decimals.of(d);
        assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits(Double.parseDouble(text)), text);
        if (d != 0 && Double.isFinite(d)) {
            // the model: the fewest significant digits that BigDecimal's exact rounding needs
            BigDecimal exact = new BigDecimal(d);
            int fewest = 1;
            while (exact.round(new MathContext(fewest)).doubleValue() != d) {
                fewest++;
            }
            String digits = text.replaceFirst("e.*", "").replace("-", "").replace(".", "").replaceFirst("^0+", "");
            digits = text.contains("e") || text.contains(".") ? digits : digits.replaceFirst("0+$", "");
            assertEquals(fewest, Math.max(1, digits.length()), text);
            double magnitude = Math.abs(d);
            assertEquals(magnitude >= 1e21 || magnitude < 1e-6, text.contains("e"), text);
        }
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.doubles().between(1e8, 4e9).ofScale(6),
                Arbitraries.of(2e23, 1e23, 5e-324, Double.MAX_VALUE, 1e21, 1e-6, 9.999999999999999e20, 0.1 + 0.2));
    }

    @Test
    void decimalsLayout() {
        assertEquals("1700000000.001", Decimals.of(1_700_000_000.001));
        assertEquals("3", Decimals.of(3.0));
        assertEquals("-0", Decimals.of(-0.0));
        assertEquals("0.000001", Decimals.of(1e-6));
        assertEquals("1e-7", Decimals.of(1e-7));
        assertEquals("1e300", Decimals.of(1e300));
        assertEquals("1.5e21", Decimals.of(1.5e21));
        assertEquals("123456789012345680000", Decimals.of(1.2345678901234568e20));
        assertEquals("NaN Infinity -Infinity", Decimals.of(Double.NaN) + " " + Decimals.of(Double.POSITIVE_INFINITY)
                + " " + Decimals.of(Double.NEGATIVE_INFINITY));
        assertEquals("2e23", Decimals.of(2e23));
    }
}
