package org.tsstore.cli;

import java.util.ArrayList;
import java.util.List;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * A line chart of one series, laid out in pixels and ready for a renderer ({@link PngChart},
 * {@link SvgChart}): the plot area, axis ranges and ticks, title, and the line as polylines.
 *
 * <p>A NaN (or infinite) value breaks the line: the points on either side start separate polylines, so a
 * gap in the data is a gap in the chart; a point alone between gaps is drawn as a dot. Series with many
 * more points than the plot is wide are reduced per pixel column to the first, least, greatest and last
 * point of the column, which draws the same picture.
 */
final class Chart {

    /** The colour of the series line, also checked by the tests. */
    static final int LINE_RGB = 0x1f77b4;

    static final int MARGIN_LEFT = 80;
    static final int MARGIN_RIGHT = 30;
    static final int MARGIN_TOP = 50;
    static final int MARGIN_BOTTOM = 60;

    final int width;
    final int height;
    final String title;
    final String subtitle;
    final double xLo;
    final double xHi;
    final double yLo;
    final double yHi;
    final List<Double> xTicks;
    /** One label per x tick: dates (UTC) on a date axis, else numbers. */
    final List<String> xTickLabels;
    /** Whether the x axis shows dates: the times look like epoch seconds (see {@link EpochDates}). */
    final boolean dateAxis;
    /** The x axis title, or null for none. */
    final String xLabel;
    /** The y axis title, or null for none. */
    final String yLabel;
    final List<Double> yTicks;
    /** The line's pieces between gaps, in pixels: x0, y0, x1, y1, ... */
    final List<double[]> polylines = new ArrayList<>();
    /** Points alone between gaps, in pixels: x, y. */
    final List<double[]> dots = new ArrayList<>();
    /** Whether to mark every point (few points for the width). */
    final boolean markers;

    Chart(SizedContainerTimeSeries series, String title, int width, int height) {
        this(series, title, null, null, width, height);
    }

    /**
     * A chart with axis titles; on a date axis the x title defaults to "time (UTC)".
     *
     * @param xLabel the x axis title, or null
     * @param yLabel the y axis title, or null
     */
    Chart(SizedContainerTimeSeries series, String title, String xLabel, String yLabel, int width, int height) {
        this.width = width;
        this.height = height;
        this.title = title;
        int n = series.size();
        int nonFinite = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = series.value(i);
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            } else {
                nonFinite++;
            }
        }
        double[] x = n == 0 ? new double[] {0, 1} : padded(series.time(0), series.time(n - 1), 0);
        double[] y = lo > hi ? new double[] {-1, 1} : padded(lo, hi, 0.05);
        this.xLo = x[0];
        this.xHi = x[1];
        this.yLo = y[0];
        this.yHi = y[1];
        this.dateAxis = n > 0 && EpochDates.lookLikeEpochSeconds(series.time(0), series.time(n - 1))
                && xHi > xLo;
        if (dateAxis) {
            DateTicks.Axis axis = DateTicks.of(xLo, xHi, plotWidth());
            this.xTicks = axis.ticks();
            this.xTickLabels = axis.labels();
        } else {
            this.xTicks = AxisTicks.of(xLo, xHi, Math.max(2, plotWidth() / 110));
            this.xTickLabels = xTicks.stream().map(NumberText::of).toList();
        }
        this.xLabel = xLabel != null ? xLabel : dateAxis ? "time (UTC)" : null;
        this.yLabel = yLabel;
        this.yTicks = AxisTicks.of(yLo, yHi, Math.max(2, plotHeight() / 60));
        this.subtitle = n + (n == 1 ? " point" : " points")
                + (nonFinite == 0 ? "" : ", " + nonFinite + " missing (NaN or infinite) shown as gaps")
                + (lo > hi && n > 0 ? ", no finite values" : "");
        this.markers = n > 0 && n <= plotWidth() / 8;
        buildLines(series);
    }

    /** A range widened by a fraction of its span, or around a lone value, so the line is not on the frame. */
    private static double[] padded(double lo, double hi, double fraction) {
        if (lo == hi) {
            double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[] {lo - d, hi + d};
        }
        double pad = (hi - lo) * fraction;
        return new double[] {lo - pad, hi + pad};
    }

    int plotLeft() {
        return MARGIN_LEFT;
    }

    int plotTop() {
        return MARGIN_TOP;
    }

    int plotWidth() {
        return width - MARGIN_LEFT - MARGIN_RIGHT;
    }

    int plotHeight() {
        return height - MARGIN_TOP - MARGIN_BOTTOM;
    }

    double px(double t) {
        return plotLeft() + (t - xLo) / (xHi - xLo) * plotWidth();
    }

    double py(double v) {
        return plotTop() + plotHeight() - (v - yLo) / (yHi - yLo) * plotHeight();
    }

    private void buildLines(SizedContainerTimeSeries series) {
        int n = series.size();
        Polyline run = new Polyline();
        int column = Integer.MIN_VALUE;
        // per pixel column: first, min, max, last of the run's points in it
        double firstX = 0;
        double firstY = 0;
        double minX = 0;
        double minY = 0;
        double maxX = 0;
        double maxY = 0;
        double lastX = 0;
        double lastY = 0;
        for (int i = 0; i <= n; i++) {
            double v = i < n ? series.value(i) : Double.NaN;
            if (!Double.isFinite(v)) {
                if (column != Integer.MIN_VALUE) {
                    run.addColumn(firstX, firstY, minX, minY, maxX, maxY, lastX, lastY);
                    column = Integer.MIN_VALUE;
                }
                finish(run);
                run = new Polyline();
                continue;
            }
            double x = px(series.time(i));
            double y = py(v);
            int c = (int) Math.floor(x);
            if (c != column) {
                if (column != Integer.MIN_VALUE) {
                    run.addColumn(firstX, firstY, minX, minY, maxX, maxY, lastX, lastY);
                }
                column = c;
                firstX = minX = maxX = lastX = x;
                firstY = minY = maxY = lastY = y;
            } else {
                if (y < minY) {
                    minX = x;
                    minY = y;
                }
                if (y > maxY) {
                    maxX = x;
                    maxY = y;
                }
                lastX = x;
                lastY = y;
            }
        }
    }

    private void finish(Polyline run) {
        if (run.pointCount() == 1) {
            dots.add(run.toArray());
        } else if (run.pointCount() > 1) {
            polylines.add(run.toArray());
        }
    }

    /** The points of one polyline, without repeating a point. */
    private static final class Polyline {
        private final DoubleColumn coords = new DoubleColumn();

        void addColumn(double fx, double fy, double nx, double ny, double xx, double xy, double lx, double ly) {
            add(fx, fy);
            // the extremes in the order they occurred in time (x increases with time)
            if (nx <= xx) {
                add(nx, ny);
                add(xx, xy);
            } else {
                add(xx, xy);
                add(nx, ny);
            }
            add(lx, ly);
        }

        private void add(double x, double y) {
            int size = coords.size();
            if (size >= 2 && coords.get(size - 2) == x && coords.get(size - 1) == y) {
                return;
            }
            coords.add(x);
            coords.add(y);
        }

        int pointCount() {
            return coords.size() / 2;
        }

        double[] toArray() {
            return coords.toArray();
        }
    }
}
