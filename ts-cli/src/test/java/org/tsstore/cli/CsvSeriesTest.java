package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.tsstore.core.ArrayTimeSeries;

class CsvSeriesTest {

    private static ArrayTimeSeries read(String text) throws IOException {
        return CsvSeries.read(new BufferedReader(new StringReader(text)), "in.csv");
    }

    private static String problem(String text) {
        return assertThrows(InvalidDataException.class, () -> read(text)).getMessage();
    }

    @Test
    void readsPointsInOrder() throws IOException {
        ArrayTimeSeries s = read("time,value\n0,1.5\n0.5,-2e3\n2,NaN\n3,inf\n4,-Infinity\n5,\n");
        assertArrayEquals(new double[] {0, 0.5, 2, 3, 4, 5}, s.times());
        double[] expected = {1.5, -2000, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        assertArrayEquals(expected, s.values());
    }

    @Test
    void acceptsCrlfBomBlankLinesSpacesAndQuotedHeader() throws IOException {
        ArrayTimeSeries s = read("\uFEFF\"Time\", \"VALUE\"\r\n\r\n 1 , 2 \r\n3,4\r\n\r\n");
        assertArrayEquals(new double[] {1, 3}, s.times());
        assertArrayEquals(new double[] {2, 4}, s.values());
    }

    @Test
    void headerOnlyIsTheEmptySeries() throws IOException {
        assertEquals(0, read("time,value\n").size());
    }

    @Test
    void reportsEachProblemWithItsLineAndColumn() {
        assertEquals("in.csv: empty input; expected a header line such as time,value", problem(""));
        assertEquals("in.csv: line 3: 1 field, but the header has 2 (a field that holds ',' must be in double quotes)",
                problem("time,value\n1,1\n2\n"));
        assertEquals("in.csv: line 2: 3 fields, but the header has 2 (a field that holds ',' must be in double quotes)",
                problem("time,value\n1,2,3\n"));
        String notANumber = " is not a number (blank, NA, NaN and null are missing values; --value-column chooses the"
                + " columns to read)";
        assertEquals("in.csv: line 4, column 2 (\"value\"): value \"abc\"" + notANumber,
                problem("time,value\n1,1\n2,2\n3,abc\n"));
        assertEquals("in.csv: line 2, column 2 (\"value\"): value \"1.5d\"" + notANumber, problem("time,value\n1,1.5d\n"));
        assertEquals("in.csv: line 2, column 2 (\"value\"): value \"0x10\"" + notANumber, problem("time,value\n1,0x10\n"));
        assertEquals("in.csv: line 3, column 1 (\"time\"): time \"1.5d\" is not a number",
                problem("time,value\n1,1\n1.5d,1\n"));
        assertEquals("in.csv: line 2, column 1 (\"time\"): the time is missing; every row needs one",
                problem("time,value\n,1\n"));
        assertEquals("in.csv: line 3, column 1 (\"time\"): time \"inf\" is not a number", problem("time,value\n1,1\ninf,1\n"));
        assertEquals("in.csv: line 5, column 1 (\"time\"): time 2 is earlier than the time 3 on line 3;"
                + " --on-unordered sort would sort the rows by time", problem("time,value\n1,1\n3,1\n\n2,1\n"));
        assertEquals("in.csv: line 3, column 1 (\"time\"): time 1 repeats the time on line 2; --on-duplicate first or"
                + " --on-duplicate last would keep one row of each time", problem("time,value\n1,1\n1.0,2\n"));
    }

    @Property(tries = 200)
    void writeThenReadGivesTheSameDoubles(@ForAll("series") double[][] tv) throws IOException {
        StringWriter out = new StringWriter();
        CsvSeries.write(ArrayTimeSeries.of(tv[0], tv[1]), out);
        String text = out.toString();
        assertEquals(tv[0].length + 1, text.split("\n", -1).length - 1, "one line per point plus the header");
        ArrayTimeSeries back = read(text);
        assertArrayEquals(tv[0], back.times());
        // bit for bit: -0.0 stays -0.0, NaN stays NaN
        assertEquals(Arrays.toString(bits(tv[1])), Arrays.toString(bits(back.values())));
    }

    private static long[] bits(double[] d) {
        return Arrays.stream(d).mapToLong(Double::doubleToLongBits).toArray();
    }

    @Provide
    Arbitrary<double[][]> series() {
        Arbitrary<Double> value = Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
                        Double.MAX_VALUE, 0.1, 1e-300));
        Arbitrary<Double> step = Arbitraries.oneOf(
                Arbitraries.doubles().between(1e-9, 1e6).ofScale(12), Arbitraries.of(0.1, 1.0));
        return Arbitraries.integers().between(0, 40).flatMap(n -> Combinators.combine(
                Arbitraries.doubles().between(-1e9, 1e9),
                step.list().ofSize(n),
                value.list().ofSize(n)).as((start, steps, values) -> {
                    double[] t = new double[n];
                    double[] v = new double[n];
                    double now = start;
                    for (int i = 0; i < n; i++) {
                        t[i] = now;
                        now = Math.max(Math.nextUp(now), now + steps.get(i));
                        v[i] = values.get(i);
                    }
                    return new double[][] {t, v};
                }));
    }
}
