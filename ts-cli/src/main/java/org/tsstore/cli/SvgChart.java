package org.tsstore.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** Renders a {@link Chart} as a standalone SVG document, written by hand (no XML library needed). */
final class SvgChart {

    private SvgChart() {}

    static void write(Chart c, Writer out) throws IOException {
        StringBuilder s = new StringBuilder(8192);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(c.width).append("\" height=\"")
                .append(c.height).append("\" viewBox=\"0 0 ").append(c.width).append(' ').append(c.height)
                .append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        s.append("<title>").append(escape(c.title)).append("</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        int left = c.plotLeft();
        int top = c.plotTop();
        int right = left + c.plotWidth();
        int bottom = top + c.plotHeight();
        s.append("<g class=\"grid\" stroke=\"#e6e6e6\" stroke-width=\"1\">\n");
        for (double t : c.xTicks) {
            line(s, c.px(t), top, c.px(t), bottom);
        }
        for (double v : c.yTicks) {
            line(s, left, c.py(v), right, c.py(v));
        }
        s.append("</g>\n<g class=\"ticks\" stroke=\"#333333\" stroke-width=\"1\">\n");
        for (double t : c.xTicks) {
            line(s, c.px(t), bottom, c.px(t), bottom + 5);
        }
        for (double v : c.yTicks) {
            line(s, left - 5, c.py(v), left, c.py(v));
        }
        s.append("</g>\n<g class=\"tick-labels\" fill=\"#222222\">\n");
        for (int i = 0; i < c.xTicks.size(); i++) {
            text(s, c.px(c.xTicks.get(i)), bottom + 20, "middle", c.xTickLabels.get(i));
        }
        for (double v : c.yTicks) {
            text(s, left - 8, c.py(v) + 4, "end", NumberText.of(v));
        }
        if (c.xLabel != null) {
            text(s, left + c.plotWidth() / 2.0, bottom + 40, "middle", c.xLabel);
        }
        if (c.yLabel != null) {
            double y = top + c.plotHeight() / 2.0;
            s.append("<g transform=\"rotate(-90 18 ").append(coord(y)).append(")\">\n");
            text(s, 18, y, "middle", c.yLabel);
            s.append("</g>\n");
        }
        s.append("</g>\n");
        s.append("<clipPath id=\"plot-area\"><rect x=\"").append(left).append("\" y=\"").append(top)
                .append("\" width=\"").append(c.plotWidth()).append("\" height=\"").append(c.plotHeight())
                .append("\"/></clipPath>\n");
        s.append("<g class=\"series\" clip-path=\"url(#plot-area)\" fill=\"none\" stroke=\"")
                .append(String.format(Locale.ROOT, "#%06x", Chart.LINE_RGB))
                .append("\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\">\n");
        for (double[] line : c.polylines) {
            s.append("<polyline points=\"");
            for (int i = 0; i < line.length; i += 2) {
                if (i > 0) {
                    s.append(' ');
                }
                s.append(coord(line[i])).append(',').append(coord(line[i + 1]));
            }
            s.append("\"/>\n");
            out.append(s);
            s.setLength(0);
            if (c.markers) {
                for (int i = 0; i < line.length; i += 2) {
                    circle(s, line[i], line[i + 1], 2.5);
                }
            }
        }
        for (double[] dot : c.dots) {
            circle(s, dot[0], dot[1], 3);
        }
        s.append("</g>\n");
        s.append("<rect class=\"frame\" x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"")
                .append(c.plotWidth()).append("\" height=\"").append(c.plotHeight())
                .append("\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n");
        s.append("<text class=\"title\" x=\"").append(coord(c.width / 2.0))
                .append("\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#222222\">")
                .append(escape(c.title)).append("</text>\n");
        s.append("<text class=\"subtitle\" x=\"").append(coord(c.width / 2.0))
                .append("\" y=\"40\" text-anchor=\"middle\" fill=\"#222222\">").append(escape(c.subtitle))
                .append("</text>\n");
        text(s, left + c.plotWidth() / 2.0, c.height - 14, "middle", "time");
        double yMid = top + c.plotHeight() / 2.0;
        s.append("<text x=\"18\" y=\"").append(coord(yMid)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 18 ")
                .append(coord(yMid)).append(")\" fill=\"#222222\">value</text>\n");
        s.append("</svg>\n");
        out.append(s);
        out.flush();
    }

    private static void line(StringBuilder s, double x1, double y1, double x2, double y2) {
        s.append("<line x1=\"").append(coord(x1)).append("\" y1=\"").append(coord(y1)).append("\" x2=\"")
                .append(coord(x2)).append("\" y2=\"").append(coord(y2)).append("\"/>\n");
    }

    private static void circle(StringBuilder s, double x, double y, double r) {
        s.append("<circle cx=\"").append(coord(x)).append("\" cy=\"").append(coord(y)).append("\" r=\"")
                .append(coord(r)).append("\" fill=\"").append(String.format(Locale.ROOT, "#%06x", Chart.LINE_RGB))
                .append("\" stroke=\"none\"/>\n");
    }

    private static void text(StringBuilder s, double x, double y, String anchor, String text) {
        s.append("<text x=\"").append(coord(x)).append("\" y=\"").append(coord(y)).append("\" text-anchor=\"")
                .append(anchor).append("\">").append(escape(text)).append("</text>\n");
    }

    private static String coord(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    /**
     * Text for XML content and attributes: markup characters escaped, and the few characters an id may hold
     * that XML 1.0 forbids even as references (U+FFFE, U+FFFF) replaced by U+FFFD.
     */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\uFFFE', '\uFFFF' -> sb.append('\uFFFD');
                default -> {
                    if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
