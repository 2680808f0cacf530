package org.tsstore.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tsstore demo}: the README's one command. Stores three generated series, reads them back, runs
 * interpolation, arithmetic, mean and standard deviation on them and draws each as a sparkline. The data
 * is generated from fixed seeds, so the output is the same on every run.
 */
@Command(
        name = "demo",
        header = "Store three generated series, read them back, compute with them, and draw them.",
        description = "The series are demo/sine, demo/walk and demo/sensor; they stay in the store for ls, "
                + "stats, get and plot to look at (tsstore rm removes them). The data is the same on every run.")
final class DemoCommand extends StoreCommand {

    static final String SINE = "demo/sine";
    static final String WALK = "demo/walk";
    static final String SENSOR = "demo/sensor";

    private static final int SPARK_WIDTH = 60;

    @Option(names = "--width", paramLabel = "COLUMNS", defaultValue = "60",
            description = "Width of the sparklines. Default: ${DEFAULT-VALUE}.")
    private int sparkWidth = SPARK_WIDTH;

    @Override
    int run(StorageManager store) {
        if (sparkWidth < 8 || sparkWidth > 400) {
            throw new UsageException("--width " + sparkWidth + " must be 8 to 400 columns");
        }
        PrintWriter out = session().out();
        Map<String, SizedContainerTimeSeries> made = generate();
        Map<String, String> about = Map.of(
                SINE, "sin(t), t every 0.1",
                WALK, "random walk, steps N(0, 0.3^2), seed 42",
                SENSOR, "temperature every 30 min for 48 h; offline 20-26 h (NaN)");
        out.println("tsstore demo in the store " + root.storeShown());
        StoreLocations.backend(root.storeUri())
                .ifPresent(b -> out.println("backend " + b.scheme() + ": " + b.description()));
        out.println();

        out.println("1. Store three generated series (replacing earlier demo series)");
        for (Map.Entry<String, SizedContainerTimeSeries> e : made.entrySet()) {
            store.store(e.getKey(), e.getValue());
            SizedContainerTimeSeries s = e.getValue();
            out.printf(Locale.ROOT, "   %-12s %3d points, t %s .. %-5s  %s%n", e.getKey(), s.size(),
                    Decimals.of(s.time(0)), Decimals.of(s.time(s.size() - 1)), about.get(e.getKey()));
        }
        store.flush();
        out.println();

        out.println("2. Read them back");
        Map<String, SizedContainerTimeSeries> read = new LinkedHashMap<>();
        boolean allEqual = true;
        for (String id : made.keySet()) {
            SizedContainerTimeSeries s = store.get(id);
            read.put(id, s);
            boolean equal = s.equals(made.get(id));
            allEqual &= equal;
            out.printf(Locale.ROOT, "   %-12s %s, as %s%n", id,
                    equal ? "equal to what was stored" : "DIFFERS from what was stored", s.getClass().getSimpleName());
        }
        out.println();

        SizedContainerTimeSeries sine = read.get(SINE);
        SizedContainerTimeSeries walk = read.get(WALK);
        SizedContainerTimeSeries sensor = read.get(SENSOR);

        out.println("3. Interpolate demo/sensor (linear, constant beyond the ends)");
        double[] at = {6, 12.25, 23, 30.1, 60};
        SizedContainerTimeSeries hourly = sensor.interpolate(at);
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < at.length; i++) {
            line.append(String.format(Locale.ROOT, " t=%s: %s", Decimals.of(at[i]), fixed(hourly.value(i), 2)));
            if (i < at.length - 1) {
                line.append(',');
            }
        }
        out.println(line);
        out.println("   (t=23 falls in the gap, so NaN; t=60 is past the end, so the last value)");
        out.println();

        out.println("4. Arithmetic (lazy views computed on access; nothing more is stored)");
        SizedContainerTimeSeries sum = sine.plus(walk);
        SizedContainerTimeSeries scaled = walk.multipliedBy(2).minus(1);
        SizedContainerTimeSeries distance = sine.minus(walk).abs();
        printOperation(out, "sine + walk", sum);
        printOperation(out, "2 * walk - 1", scaled);
        printOperation(out, "|sine - walk|", distance);
        printOperation(out, "sine, 5 <= t < 10", sine.slice(5, 10));
        out.println();

        out.println("5. Mean and standard deviation (population, as numpy)");
        for (Map.Entry<String, SizedContainerTimeSeries> e : read.entrySet()) {
            SizedContainerTimeSeries s = e.getValue();
            SeriesSummary summary = SeriesSummary.of(s);
            String note = summary.nanCount() == 0 ? "" : String.format(Locale.ROOT,
                    "  (%d NaN; without them: mean %s, std %s)", summary.nanCount(), fixed(summary.mean(), 4),
                    fixed(summary.std(), 4));
            out.printf(Locale.ROOT, "   %-12s mean %9s  std %8s%s%n", e.getKey(), fixed(s.mean(), 4),
                    fixed(s.std(), 4), note);
        }
        out.println();

        out.println("6. Sparklines (blank: missing values)");
        for (Map.Entry<String, SizedContainerTimeSeries> e : read.entrySet()) {
            out.printf(Locale.ROOT, "   %-12s %s%n", e.getKey(), Sparkline.of(e.getValue(), sparkWidth));
        }
        out.println();
        out.println("Next: ./tsstore ls --long   ./tsstore stats demo/sensor   ./tsstore plot demo/sensor -o sensor.png");
        return allEqual ? ExitCodes.OK : ExitCodes.DATA;
    }

    private static void printOperation(PrintWriter out, String what, SizedContainerTimeSeries s) {
        out.printf(Locale.ROOT, "   %-18s %3d points, mean %8s, std %7s, min %8s, max %7s%n", what, s.size(),
                fixed(s.mean(), 4), fixed(s.std(), 4), fixed(s.min(), 4), fixed(s.max(), 4));
    }

    private static String fixed(double d, int decimals) {
        return Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, "%." + decimals + "f", d);
    }

    /** The three demo series, generated from fixed seeds. */
    static Map<String, SizedContainerTimeSeries> generate() {
        Map<String, SizedContainerTimeSeries> series = new LinkedHashMap<>();
        int n = 200;
        double[] t = new double[n];
        double[] sine = new double[n];
        double[] walk = new double[n];
        Random random = new Random(42);
        double position = 0;
        for (int i = 0; i < n; i++) {
            t[i] = i / 10.0;
            sine[i] = Math.sin(t[i]);
            walk[i] = position;
            position += 0.3 * random.nextGaussian();
        }
        series.put(SINE, ArrayTimeSeries.of(t, sine));
        series.put(WALK, ArrayTimeSeries.of(t, walk));

        int m = 96;
        double[] hours = new double[m];
        double[] celsius = new double[m];
        Random noise = new Random(7);
        for (int i = 0; i < m; i++) {
            hours[i] = i * 0.5;
            double daily = 4 * Math.sin(2 * Math.PI * (hours[i] - 9) / 24);
            celsius[i] = hours[i] >= 20 && hours[i] < 26 ? Double.NaN : 18 + daily + 0.3 * noise.nextGaussian();
        }
        series.put(SENSOR, ArrayTimeSeries.of(hours, celsius));
        return series;
    }
}
