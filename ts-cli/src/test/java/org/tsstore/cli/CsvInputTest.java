package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * put, append and import of real CSV files (the synthetic files in the test resources): dates, delimiters,
 * quoted fields, several columns, duplicates, and every refusal with its message and exit code. Expected
 * times are computed here with java.time, independently of the command's own date reader.
 */
class CsvInputTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final HeldStore held = new HeldStore("csv-input");

    private Cli.Result run(String... args) {
        return held.run(args);
    }

    /** A test resource copied to the temporary directory, so that messages show a short path. */
    private String resource(String name) throws IOException {
        Path p = tmp.resolve(name);
        try (InputStream in = CsvInputTest.class.getResourceAsStream("csv/" + name)) {
            Files.copy(in, p);
        }
        return p.toString();
    }

    private String file(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text).toString();
    }

    private static double utc(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toEpochSecond(ZoneOffset.UTC);
    }

    private void assertSeries(String id, double[] times, double[] values) {
        SizedContainerTimeSeries s = held.manager().get(id);
        double[] t = new double[s.size()];
        double[] v = new double[s.size()];
        s.copyTimes(0, t, 0, t.length);
        s.copyValues(0, v, 0, v.length);
        assertArrayEquals(times, t, id + " times");
        assertArrayEquals(values, v, id + " values");
    }

    private static void assertRefused(int code, String message, Cli.Result r) {
        assertEquals(code, r.exitCode(), r.toString());
        assertEquals(message + "\n", r.err(), r.toString());
    }

    @Test
    void nabFormDatesAreUtcAndMissingWordsAreNaN() throws IOException {
        Cli.Result r = run("put", "nab", "--csv", resource("nab-form.csv"));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("stored \"nab\": 4 points, time 2014-04-10T00:00:00Z .. 2014-04-10T00:15:00Z\n", r.out());
        double t0 = utc("2014-04-10T00:00:00");
        assertSeries("nab", new double[] {t0, t0 + 300, t0 + 600, t0 + 900}, new double[] {1.5, Double.NaN, Double.NaN, -2000});
    }

    @Test
    void semicolonsIsoOffsetsFractionsAndSeveralColumns() throws IOException {
        Cli.Result r = run("put", "room", "--csv", resource("semicolon-iso.csv"));
        assertEquals(0, r.exitCode(), r.toString());
        double[] t = {
            OffsetDateTime.parse("2024-02-29T12:00:00+01:00").toEpochSecond(),
            utc("2024-02-29T12:00:00") + 0.25,
            utc("2024-02-29T13:30:00")
        };
        assertEquals(Set.of("room/temp", "room/humidity"), held.manager().ids());
        assertSeries("room/temp", t, new double[] {21.5, 22, Double.NaN});
        assertSeries("room/humidity", t, new double[] {40, Double.NaN, 41.5});
    }

    @Test
    void tabsMillisecondsAndColumnsByNameAndNumber() throws IOException {
        String f = resource("tab-millis.csv");
        Cli.Result r = run("put", "lvl", "--csv", f, "--time-column", "ts_ms", "--value-column", "3", "--time-unit", "ms");
        assertEquals(0, r.exitCode(), r.toString());
        assertSeries("lvl", new double[] {1_700_000_000.0, 1_700_000_000.001, 1_700_000_000.0025}, new double[] {1, 2, 3});
        assertRefused(1, "tsstore put: " + f + ": line 2, column 1 (\"id\"): time \"A\" is neither a number nor a date "
                + "in a known form (ISO-8601, or YYYY-MM-DD HH:MM:SS read as UTC); give --time-format PATTERN, such as "
                + "--time-format 'dd/MM/yyyy HH:mm'", run("put", "x", "--csv", f));
        assertRefused(1, "tsstore put: " + f + ": line 1: --value-column \"level2\": no such column in the header "
                + "(\"id\", \"ts_ms\", \"level\"); give a name from it or a number from 1",
                run("put", "x", "--csv", f, "--time-column", "2", "--value-column", "level2"));
        assertRefused(1, "tsstore put: " + f + ": --time-column 4: the file has 3 columns (numbered from 1)",
                run("put", "x", "--csv", f, "--time-column", "4"));
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineEnds() throws IOException {
        String f = resource("quoted.csv");
        Cli.Result r = run("put", "q", "--csv", f, "--value-column", "value");
        assertEquals(0, r.exitCode(), r.toString());
        assertSeries("q", new double[] {1, 2, 3}, new double[] {10, 20, 30});
        // the line numbers count the line end inside the quoted field
        assertRefused(1, "tsstore put: " + f + ": line 2, column 2 (\"note, with comma\"): value \"a \\\"quoted\\\" word\""
                + " is not a number (blank, NA, NaN and null are missing values; --value-column chooses the columns to"
                + " read)", run("put", "q", "--csv", f));
        String open = file("open.csv", "time,value\n1,\"2\n");
        assertRefused(1, "tsstore put: " + open + ": line 2: a quoted field is not closed before the end of the input",
                run("put", "q", "--csv", open));
    }

    @Test
    void timePatternsForOtherForms() throws IOException {
        String f = resource("pattern.csv");
        Cli.Result r = run("put", "p", "--csv", f, "--time-format", "dd/MM/yyyy HH:mm", "--value-column", "y");
        assertEquals(0, r.exitCode(), r.toString());
        assertSeries("p", new double[] {utc("2020-02-01T10:00:00"), utc("2020-02-02T10:00:00")}, new double[] {2, 5});
        assertRefused(2, "tsstore put: --time-format \"qqqqqq\" is not a date pattern (java.time letters such as "
                + "yyyy-MM-dd HH:mm:ss): Too many pattern letters: q (see 'tsstore put --help')",
                run("put", "p", "--csv", f, "--time-format", "qqqqqq"));
    }

    @Test
    void duplicatesAreRefusedUnlessAPolicyChoosesARow() throws IOException {
        String f = resource("duplicate.csv");
        assertRefused(1, "tsstore put: " + f + ": line 4, column 1 (\"time\"): time 2 repeats the time on line 3; "
                + "--on-duplicate first or --on-duplicate last would keep one row of each time", run("put", "d", "--csv", f));
        assertEquals(Set.of(), held.manager().ids(), "nothing stored");
        assertEquals(0, run("put", "first", "--csv", f, "--on-duplicate", "first").exitCode());
        assertSeries("first", new double[] {1, 2, 3}, new double[] {10, 20, 30});
        assertEquals(0, run("put", "last", "--csv", f, "--on-duplicate", "last").exitCode());
        assertSeries("last", new double[] {1, 2, 3}, new double[] {10, 21, 30});
        assertRefused(2, "tsstore put: --on-duplicate \"middle\" is not one of error, first, last (see 'tsstore put "
                + "--help')", run("put", "d", "--csv", f, "--on-duplicate", "middle"));
    }

    @Test
    void unorderedRowsAreRefusedUnlessSorted() throws IOException {
        String f = resource("unordered.csv");
        assertRefused(1, "tsstore put: " + f + ": line 3, column 1 (\"time\"): time 1 is earlier than the time 3 on "
                + "line 2; --on-unordered sort would sort the rows by time", run("put", "u", "--csv", f));
        // sorted, the two rows of time 1 (lines 3 and 5) are a duplicate: the later line is named
        assertRefused(1, "tsstore put: " + f + ": line 5, column 1 (\"time\"): time 1 repeats the time on line 3; "
                + "--on-duplicate first or --on-duplicate last would keep one row of each time",
                run("put", "u", "--csv", f, "--on-unordered", "sort"));
        assertEquals(0, run("put", "u", "--csv", f, "--on-unordered", "sort", "--on-duplicate", "last").exitCode());
        assertSeries("u", new double[] {1, 2, 3}, new double[] {11, 20, 30});
        assertEquals(0, run("put", "v", "--csv", f, "--on-unordered", "sort", "--on-duplicate", "first").exitCode());
        assertSeries("v", new double[] {1, 2, 3}, new double[] {10, 20, 30});
    }

    @Test
    void numbersBeyondFloat64AreRefusedWithTheirLine() throws IOException {
        String big = file("big.csv", "time,value\n1,1e308\n2,1e309\n");
        assertRefused(1, "tsstore put: " + big + ": line 3, column 2 (\"value\"): value \"1e309\" is beyond float64's "
                + "range (about ±1.8e308) and would be stored as infinity; write inf or -inf if an infinity is meant",
                run("put", "b", "--csv", big));
        String ns = file("ns.csv", "time,value\n1700000000123456789,1\n");
        assertRefused(1, "tsstore put: " + ns + ": line 2, column 1 (\"time\"): time \"1700000000123456789\" is an "
                + "integer that float64 cannot hold exactly (beyond 2^53 = 9007199254740992), so it would be stored "
                + "rounded; times are stored as float64 seconds: give them in a coarser --time-unit, or as decimal "
                + "seconds", run("put", "n", "--csv", ns, "--time-unit", "ns"));
        String exact = file("exact.csv", "time,value\n1700000000123456,1\n");
        assertEquals(0, run("put", "us", "--csv", exact, "--time-unit", "us").exitCode());
        assertSeries("us", new double[] {1_700_000_000.123456}, new double[] {1});
        assertEquals(Set.of("us"), held.manager().ids());
    }

    @Test
    void rowsMustHaveTheHeadersColumnsAndATime() throws IOException {
        String ragged = file("ragged.csv", "time,value\n1,2\n3\n");
        assertRefused(1, "tsstore put: " + ragged + ": line 3: 1 field, but the header has 2 (a field that holds ','"
                + " must be in double quotes)", run("put", "r", "--csv", ragged));
        String noTime = file("notime.csv", "time,value\n,2\n");
        assertRefused(1, "tsstore put: " + noTime + ": line 2, column 1 (\"time\"): the time is missing; every row "
                + "needs one", run("put", "r", "--csv", noTime));
        String one = file("one.csv", "time|value\n1|2\n");
        assertRefused(1, "tsstore put: " + one + ": line 1: the header \"time|value\" has one column, but a time and a "
                + "value column are needed; give --delimiter if the fields are separated by something other than ','",
                run("put", "r", "--csv", one));
        assertEquals(0, run("put", "r", "--csv", one, "--delimiter", "|").exitCode());
        assertSeries("r", new double[] {1}, new double[] {2});
        String mixed = file("mixed.csv", "time,value\n2020-01-01,1\n5,2\n");
        assertRefused(1, "tsstore put: " + mixed + ": line 3, column 1 (\"time\"): time \"5\" is a number, but the times "
                + "are dates (read from the first row); one column must hold one kind", run("put", "r", "--csv", mixed));
    }

    @Test
    void importChecksEveryFileFirstAndKeepGoingStoresTheGoodOnes() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("in"));
        Files.writeString(dir.resolve("a.csv"), "time,value\n1,1\n2,2\n");
        Files.writeString(dir.resolve("b.csv"), "time,value\n1,1\n1,2\n");
        Files.writeString(dir.resolve("c.csv"), "time,x,y\n1,1,2\n");
        Cli.Result strict = run("import", dir.toString());
        assertEquals(1, strict.exitCode(), strict.toString());
        assertEquals("tsstore import: " + dir.resolve("b.csv") + ": line 3, column 1 (\"time\"): time 1 repeats the time on "
                + "line 2; --on-duplicate first or --on-duplicate last would keep one row of each time\n"
                + "tsstore import: 1 of 3 files refused; nothing was imported (--keep-going imports the others)\n", strict.err());
        assertEquals(Set.of(), held.manager().ids(), "nothing half-stored");
        Cli.Result going = run("import", dir.toString(), "--keep-going");
        assertEquals(1, going.exitCode(), going.toString());
        assertEquals("imported 3 series (4 points) from " + dir + "; refused 1 of 3 files: " + dir.resolve("b.csv")
                + "\n", going.out());
        assertEquals(Set.of("a", "c/x", "c/y"), held.manager().ids());
        assertSeries("c/y", new double[] {1}, new double[] {2});
        Cli.Result fixed = run("import", dir.toString(), "--on-duplicate", "last");
        assertEquals(0, fixed.exitCode(), fixed.toString());
        assertSeries("b", new double[] {1}, new double[] {2});
    }

    @Test
    void jsonAndIsoDatesGoBackAndForth() throws IOException {
        assertEquals(0, run("put", "nab", "--csv", resource("nab-form.csv")).exitCode());
        Cli.Result csv = run("get", "nab", "--time-format", "iso", "--to", "2014-04-10 00:10:00");
        assertEquals("time,value\n2014-04-10T00:00:00Z,1.5\n2014-04-10T00:05:00Z,NaN\n", csv.out(), csv.toString());
        Cli.Result json = run("get", "nab", "--format", "json", "--from", "2014-04-10T00:10:00Z");
        assertEquals("{\n  \"id\": \"nab\",\n  \"size\": 2,\n  \"time\": [1397088600, 1397088900],\n"
                + "  \"value\": [null, -2000]\n}\n", json.out(), json.toString());
        String jsonFile = file("back.json", json.out());
        assertEquals(0, run("put", "back", "--json", jsonFile).exitCode());
        assertSeries("back", new double[] {1397088600, 1397088900}, new double[] {Double.NaN, -2000});
        String isoJson = file("iso.json", run("get", "nab", "--format", "json", "--time-format", "iso").out());
        assertTrue(Files.readString(Path.of(isoJson)).contains("\"2014-04-10T00:15:00Z\""));
        assertEquals(0, run("put", "iso", "--json", isoJson).exitCode());
        assertEquals(held.manager().get("nab").size(), held.manager().get("iso").size());
        assertRefused(2, "tsstore get: --from \"yesterday\" is neither a number nor a date like 2014-04-10, 2014-04-10 "
                + "12:00:00 or 2014-04-10T12:00:00+02:00 (see 'tsstore get --help')",
                run("get", "nab", "--from", "yesterday"));
    }

    @Test
    void lsAndStatsShowEpochTimesAsDates() throws IOException {
        assertEquals(0, run("put", "nab", "--csv", resource("nab-form.csv")).exitCode());
        assertEquals(0, run("put", "small", "--csv", file("s.csv", "time,value\n0.1,0.30000000000000004\n2,1\n")).exitCode());
        Cli.Result ls = run("ls");
        assertEquals(java.util.List.of("ID     POINTS                 FIRST                  LAST",
                "nab         4  2014-04-10T00:00:00Z  2014-04-10T00:15:00Z",
                "small       2                   0.1                     2"), ls.out().lines().toList(), ls.toString());
        Cli.Result stats = run("stats", "small");
        assertTrue(stats.out().contains("first   0.1\n") && stats.out().contains("min     0.30000000000000004\n"),
                stats.out());
        assertTrue(run("stats", "nab").out().contains("last    2014-04-10T00:15:00Z\n"));
    }
}
