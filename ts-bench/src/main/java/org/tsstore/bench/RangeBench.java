package org.tsstore.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Queries of stored growing series, loaded untimed: {@code range} is the count and mean of a 1% time window
 * in the middle of one {@link Scale#growPoints()}-point series; {@code lastHour} the mean of the last 3,600
 * points of each of {@link Scale#hourSeries()} series of {@link Scale#hourPoints()} points (one query per
 * series); {@code scan} the mean of the whole long series. Each answer goes to {@link Checks} once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RangeBench {

    /** The points of the last hour at one point a second. */
    static final int HOUR = 3_600;

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    /** {@code range}, {@code lastHour} or {@code scan}. */
    @Param({"range"})
    public String query;

    private GrowSubject subject;
    private String[] ids;
    private double from;
    private double to;

    /** Loads the data and records the answer, untimed. */
    @Setup(Level.Trial)
    public void load() {
        Path dir = Workspace.newDirectory("range-" + query + "-" + impl);
        boolean hour = query.equals("lastHour");
        subject = GrowSubjects.open(impl, dir, false, hour);
        if (hour) {
            ids = new String[Scale.hourSeries()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = SampleSeries.id(i);
            }
            subject.load(ids, Scale.hourPoints());
            double count = 0;
            double sum = 0;
            for (String id : ids) {
                double[] r = subject.lastMean(id, HOUR);
                count += r[0];
                sum += r[1];
            }
            Checks.record("last hour of " + ids.length + " series: points, mean of means",
                    new double[] {count, sum / ids.length});
        } else {
            ids = new String[] {"large"};
            subject.load(ids, Scale.growPoints());
            from = Scale.growPoints() / 2;
            to = from + Scale.growPoints() / 100;
            Checks.record(query, query.equals("range") ? subject.rangeMean("large", from, to) : subject.mean("large"));
        }
    }

    /**
     * The timed query or queries.
     *
     * @return the mean (the sum of the means for {@code lastHour}), so that nothing is optimised away
     */
    @Benchmark
    public double run() {
        switch (query) {
            case "range":
                return subject.rangeMean("large", from, to)[1];
            case "scan":
                return subject.mean("large")[1];
            case "lastHour": {
                double sum = 0;
                for (String id : ids) {
                    sum += subject.lastMean(id, HOUR)[1];
                }
                return sum;
            }
            default:
                throw new IllegalArgumentException("query " + query);
        }
    }

    /** Closes the subject. */
    @TearDown(Level.Trial)
    public void close() {
        subject.close();
    }
}
