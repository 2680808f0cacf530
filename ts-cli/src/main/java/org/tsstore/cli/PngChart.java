package org.tsstore.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/** Renders a {@link Chart} as a PNG image with Java2D, headless. */
final class PngChart {

    static final Color BACKGROUND = Color.WHITE;
    static final Color GRID = new Color(0xe6e6e6);
    static final Color AXIS = new Color(0x333333);
    static final Color TEXT = new Color(0x222222);
    static final Color LINE = new Color(Chart.LINE_RGB);

    private PngChart() {}

    static void write(Chart chart, OutputStream out) throws IOException {
        BufferedImage image = render(chart);
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
    }

    static BufferedImage render(Chart chart) {
        BufferedImage image = new BufferedImage(chart.width, chart.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, chart.width, chart.height);
            drawGridAndTicks(g, chart);
            drawSeries(g, chart);
            drawFrameAndText(g, chart);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw e;
        } catch (Error e) {
            // A headless JDK without fonts fails in text layout with an Error deep inside AWT.
            throw new IllegalStateException("cannot draw the PNG (" + e + "); the Java runtime needs fonts "
                    + "(install fontconfig and a font such as fonts-dejavu), or plot to an .svg file", e);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawGridAndTicks(Graphics2D g, Chart c) {
        int left = c.plotLeft();
        int top = c.plotTop();
        int right = left + c.plotWidth();
        int bottom = top + c.plotHeight();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i < c.xTicks.size(); i++) {
            double t = c.xTicks.get(i);
            double x = c.px(t);
            g.setColor(GRID);
            g.draw(new Line2D.Double(x, top, x, bottom));
            g.setColor(AXIS);
            g.draw(new Line2D.Double(x, bottom, x, bottom + 5));
            String label = c.xTickLabels.get(i);
            g.setColor(TEXT);
            g.drawString(label, (float) (x - fm.stringWidth(label) / 2.0), bottom + 8 + fm.getAscent());
        }
        for (double v : c.yTicks) {
            double y = c.py(v);
            g.setColor(GRID);
            g.draw(new Line2D.Double(left, y, right, y));
            g.setColor(AXIS);
            g.draw(new Line2D.Double(left - 5, y, left, y));
            String label = NumberText.of(v);
            g.setColor(TEXT);
            g.drawString(label, (float) (left - 8 - fm.stringWidth(label)), (float) (y + fm.getAscent() / 2.0 - 1));
        }
        if (c.xLabel != null) {
            g.drawString(c.xLabel, (float) (left + c.plotWidth() / 2.0 - fm.stringWidth(c.xLabel) / 2.0),
                    bottom + 26 + fm.getAscent());
        }
        if (c.yLabel != null) {
            java.awt.geom.AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(c.yLabel, (float) (-(top + c.plotHeight() / 2.0) - fm.stringWidth(c.yLabel) / 2.0),
                    (float) (14 + fm.getAscent() / 2.0));
            g.setTransform(saved);
        }
    }

    private static void drawSeries(Graphics2D g, Chart c) {
        g.setClip(new Rectangle2D.Double(c.plotLeft(), c.plotTop(), c.plotWidth(), c.plotHeight()));
        g.setColor(LINE);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (double[] line : c.polylines) {
            Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO, line.length / 2);
            path.moveTo(line[0], line[1]);
            for (int i = 2; i < line.length; i += 2) {
                path.lineTo(line[i], line[i + 1]);
            }
            g.draw(path);
            if (c.markers) {
                for (int i = 0; i < line.length; i += 2) {
                    g.fill(new Ellipse2D.Double(line[i] - 2.5, line[i + 1] - 2.5, 5, 5));
                }
            }
        }
        for (double[] dot : c.dots) {
            g.fill(new Ellipse2D.Double(dot[0] - 3, dot[1] - 3, 6, 6));
        }
        g.setClip(null);
    }

    private static void drawFrameAndText(Graphics2D g, Chart c) {
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(c.plotLeft(), c.plotTop(), c.plotWidth(), c.plotHeight()));
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        FontMetrics title = g.getFontMetrics();
        g.drawString(c.title, (float) ((c.width - title.stringWidth(c.title)) / 2.0), 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(c.subtitle, (float) ((c.width - fm.stringWidth(c.subtitle)) / 2.0), 40);
        String xLabel = "time";
        g.drawString(xLabel, (float) (c.plotLeft() + (c.plotWidth() - fm.stringWidth(xLabel)) / 2.0),
                c.height - 14);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        String yLabel = "value";
        g.drawString(yLabel, (float) (-(c.plotTop() + (c.plotHeight() + fm.stringWidth(yLabel)) / 2.0)), 18);
        g.setTransform(saved);
    }
}
