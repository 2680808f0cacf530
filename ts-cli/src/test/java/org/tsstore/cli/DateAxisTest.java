package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The date axis of plot: ticks inside the range, labels that are the ticks' UTC dates (checked with
 * java.time), and labels that never overlap, measured with the font the PNG renderer draws them in.
 */
class DateAxisTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static final double START = 1_397_088_000; // 2014-04-10T00:00:00Z

    @Test
    void labelsFitWithoutOverlapAtEveryScale() {
        FontMetrics fm;
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        for (double span : new double[] {20, 90, 3600, 5 * 3600, 86_400, 3 * 86_400, 30 * 86_400, 400 * 86_400,
            15 * 365 * 86_400.0}) {
            for (int pixels : new int[] {90, 300, 790, 4000}) {
                DateTicks.Axis axis = DateTicks.of(START, START + span, pixels);
                assertEquals(axis.ticks().size(), axis.labels().size());
                for (int i = 0; i < axis.ticks().size(); i++) {
                    double t = axis.ticks().get(i);
                    assertTrue(t >= START && t <= START + span, span + " " + t);
                    String date = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                            Instant.ofEpochSecond((long) t).atOffset(ZoneOffset.UTC).toLocalDateTime());
                    String label = axis.labels().get(i);
                    // each label is a piece of the tick's own date and time
                    assertTrue(date.contains(label.replace(' ', 'T')) || date.startsWith(label), label + " for " + date);
                    if (i > 0) {
                        double apart = (t - axis.ticks().get(i - 1)) / span * pixels;
                        double needed = (fm.stringWidth(label) + fm.stringWidth(axis.labels().get(i - 1))) / 2.0 + 4;
                        assertTrue(apart >= needed, span + "s on " + pixels + "px: " + axis.labels());
                    }
                }
                if (pixels >= 300) {
                    assertTrue(axis.ticks().size() >= 2, span + "s on " + pixels + "px: " + axis.labels());
                }
            }
        }
    }

    @Test
    void plotDrawsDatesAndAxisTitles() throws IOException {
        String store = Cli.newStore();
        double[] t = new double[48];
        double[] v = new double[48];
        for (int i = 0; i < t.length; i++) {
            t[i] = START + i * 1800;
            v[i] = Math.sin(i / 5.0);
        }
        Path csv = tmp.resolve("day.csv");
        StringBuilder text = new StringBuilder("time,value\n");
        for (int i = 0; i < t.length; i++) {
            text.append(Decimals.of(t[i])).append(',').append(Decimals.of(v[i])).append('\n');
        }
        Files.writeString(csv, text);
        assertEquals(0, Cli.exec("--store", store, "put", "day", "--csv", csv.toString()).exitCode());
        Path svg = tmp.resolve("day.svg");
        Cli.Result r = Cli.exec("--store", store, "plot", "day", "-o", svg.toString(), "--y-label", "level (m)",
                "--title", "One day");
        assertEquals(0, r.exitCode(), r.toString());
        String s = Files.readString(svg);
        assertTrue(s.contains(">04-10 06:00<") || s.contains(">04-10 04:00<") || s.contains(">04-10 03:00<"), s);
        assertTrue(s.contains(">time (UTC)<") && s.contains(">level (m)<") && s.contains(">One day<"), s);
        Chart numeric = new Chart(ArrayTimeSeries.of(new double[] {0, 10}, new double[] {1, 2}), "n", "x", null, 900, 450);
        assertEquals("x", numeric.xLabel);
        assertTrue(!numeric.dateAxis && numeric.xTickLabels.contains("10"), numeric.xTickLabels.toString());
        Path png = tmp.resolve("day.png");
        assertEquals(0, Cli.exec("--store", store, "plot", "day", "-o", png.toString(), "--x-label", "t").exitCode());
        assertTrue(Files.size(png) > 0);
    }
}
