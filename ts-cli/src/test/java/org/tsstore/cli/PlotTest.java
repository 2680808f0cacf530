package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** plot: the image read back, the SVG parsed; the line drawn where the data is and broken where it is not. */
class PlotTest {

    private static final int W = 800;
    private static final int H = 400;
    // the plot area, from the chart's documented margins
    private static final int LEFT = Chart.MARGIN_LEFT;
    private static final int TOP = Chart.MARGIN_TOP;
    private static final int PW = W - Chart.MARGIN_LEFT - Chart.MARGIN_RIGHT;
    private static final int PH = H - Chart.MARGIN_TOP - Chart.MARGIN_BOTTOM;

    @TempDir
    Path tmp;

    private final String store = Cli.newStore();

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** sin(t) for t in [0, 10] every 0.01, missing (NaN) for 4 <= t < 6. */
    private void putSineWithGap() {
        int n = 1001;
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i / 100.0;
            v[i] = t[i] >= 4 && t[i] < 6 ? Double.NaN : Math.sin(t[i]);
        }
        contents().put("wave", ArrayTimeSeries.of(t, v));
    }

    private Map<String, SizedContainerTimeSeries> contents() {
        return ScratchStorageProvider.contents(store.substring("scratch:".length()));
    }

    private Cli.Result plot(String... args) {
        List<String> all = new ArrayList<>(List.of("--store", store, "plot"));
        all.addAll(List.of(args));
        return Cli.exec(all.toArray(new String[0]));
    }

    /** x pixel of time t for a series spanning [0, 10], as the chart maps it. */
    private static double px(double t) {
        return LEFT + t / 10 * PW;
    }

    private static boolean isLineColour(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        // #1f77b4 with a little anti-aliasing slack; grid grey and text black are far from it
        return Math.abs(r - 0x1f) < 40 && Math.abs(g - 0x77) < 40 && Math.abs(b - 0xb4) < 40 && b - r > 80;
    }

    @Test
    void pngShowsTheLineAcrossTheSeriesAndAGapForTheMissingValues() throws IOException {
        putSineWithGap();
        Path png = tmp.resolve("wave.png");
        Cli.Result r = plot("wave", "-o", png.toString(), "--width", "" + W, "--height", "" + H);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("plotted \"wave\" (1001 points) to " + png + "\n", r.out());

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(W, image.getWidth());
        assertEquals(H, image.getHeight());
        int nonWhite = 0;
        boolean[] columnHasLine = new boolean[W];
        int topmost = H;
        int bottommost = -1;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                if (rgb != 0xffffff) {
                    nonWhite++;
                }
                if (isLineColour(rgb)) {
                    columnHasLine[x] = true;
                    topmost = Math.min(topmost, y);
                    bottommost = Math.max(bottommost, y);
                }
            }
        }
        assertTrue(nonWhite > W * H / 100, "the image has content: " + nonWhite);
        // the line covers the data's time extent, column by column, except the gap
        for (int x = (int) px(0) + 2; x <= (int) px(10) - 2; x++) {
            boolean inGap = x > px(4) + 3 && x < px(6) - 3;
            boolean nearGap = x >= px(4) - 3 && x <= px(6) + 3;
            if (inGap) {
                assertFalse(columnHasLine[x], "line drawn inside the gap at x=" + x);
            } else if (!nearGap) {
                assertTrue(columnHasLine[x], "no line at x=" + x);
            }
        }
        for (int x = 0; x < LEFT - 2; x++) {
            assertFalse(columnHasLine[x], "line left of the plot area at x=" + x);
        }
        // and its value extent: the axis is the data's range (max 1 at t=pi/2, min sin(4) just before the
        // gap) padded by 5% of it on either side
        double max = 1;
        double min = Math.sin(3.99);
        double pad = 0.05 * (max - min);
        double yOfMax = TOP + PH * (pad / (max - min + 2 * pad));
        double yOfMin = TOP + PH * ((max - min + pad) / (max - min + 2 * pad));
        assertEquals(yOfMax, topmost, 3.0);
        assertEquals(yOfMin, bottommost, 3.0);
    }

    @Test
    void svgHasOnePolylinePerUnbrokenRunAxesTicksAndTitle() throws Exception {
        putSineWithGap();
        Path svg = tmp.resolve("wave.svg");
        Cli.Result r = plot("wave", "-o", svg.toString(), "--width", "" + W, "--height", "" + H, "--title",
                "Wave <1> & \"2\"");
        assertEquals(0, r.exitCode(), r.toString());
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals("" + W, root.getAttribute("width"));
        NodeList lines = doc.getElementsByTagNameNS("*", "polyline");
        assertEquals(2, lines.getLength(), "the gap splits the line in two");
        double[] first = points((Element) lines.item(0));
        double[] second = points((Element) lines.item(1));
        assertEquals(px(0), first[0], 0.01);
        assertEquals(px(3.99), first[first.length - 2], 0.6);
        assertEquals(px(6), second[0], 0.01);
        assertEquals(px(10), second[second.length - 2], 0.01);
        for (double[] line : List.of(first, second)) {
            for (int i = 0; i < line.length; i += 2) {
                assertTrue(line[i] >= LEFT - 0.01 && line[i] <= LEFT + PW + 0.01, "x " + line[i]);
                assertTrue(line[i + 1] >= TOP && line[i + 1] <= TOP + PH, "y " + line[i + 1]);
            }
        }
        String text = root.getTextContent();
        assertTrue(text.contains("Wave <1> & \"2\""), "title, escaped and parsed back");
        assertTrue(text.contains("1001 points, 200 missing (NaN or infinite) shown as gaps"), text);
        List<String> labels = new ArrayList<>();
        NodeList texts = doc.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < texts.getLength(); i++) {
            labels.add(texts.item(i).getTextContent());
        }
        assertTrue(labels.containsAll(List.of("0", "2", "4", "6", "8", "10", "time", "value", "-0.5", "0.5", "1")), labels.toString());
    }

    @Test
    void aPointAloneBetweenGapsIsADotAndFewPointsGetMarkers() throws Exception {
        contents().put("dots", ArrayTimeSeries.of(new double[] {0, 1, 2, 3, 4},
                new double[] {1, Double.NaN, 2, Double.NaN, 3}));
        Path svg = tmp.resolve("dots.svg");
        assertEquals(0, plot("dots", "-o", svg.toString()).exitCode());
        Document doc = parse(svg);
        assertEquals(0, doc.getElementsByTagNameNS("*", "polyline").getLength());
        assertEquals(3, doc.getElementsByTagNameNS("*", "circle").getLength());
    }

    @Test
    void emptyAndAllMissingSeriesStillDrawAxes() throws Exception {
        contents().put("empty", ArrayTimeSeries.empty());
        contents().put("nan", ArrayTimeSeries.of(new double[] {1, 2}, new double[] {Double.NaN, Double.NaN}));
        for (String id : List.of("empty", "nan")) {
            Path svg = tmp.resolve(id + ".svg");
            Cli.Result r = plot(id, "-o", svg.toString());
            assertEquals(0, r.exitCode(), r.toString());
            Document doc = parse(svg);
            assertEquals(0, doc.getElementsByTagNameNS("*", "polyline").getLength());
            assertTrue(doc.getElementsByTagNameNS("*", "line").getLength() > 4, "grid and ticks");
            Path png = tmp.resolve(id + ".png");
            assertEquals(0, plot(id, "-o", png.toString()).exitCode());
            assertEquals(900, ImageIO.read(png.toFile()).getWidth());
        }
        assertTrue(Files.readString(tmp.resolve("nan.svg")).contains("2 points, 2 missing (NaN or infinite) shown as"
                + " gaps, no finite values"));
    }

    @Test
    void manyPointsAreReducedPerPixelColumn() {
        int n = 200_000;
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
            v[i] = (i % 2 == 0 ? 1 : -1) * (i / (double) n);
        }
        Chart chart = new Chart(ArrayTimeSeries.of(t, v), "zigzag", W, H);
        assertEquals(1, chart.polylines.size());
        double[] line = chart.polylines.get(0);
        assertTrue(line.length / 2 <= 4 * (PW + 1), "reduced to at most four points per column: " + line.length / 2);
        // the envelope survives: the last column still reaches the extremes +-(n-1)/n
        double yTop = chart.py((n - 2) / (double) n);
        double yBottom = chart.py(-(n - 1) / (double) n);
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 1; i < line.length; i += 2) {
            minY = Math.min(minY, line[i]);
            maxY = Math.max(maxY, line[i]);
        }
        assertEquals(yTop, minY, 0.5);
        assertEquals(yBottom, maxY, 0.5);
    }

    @Test
    void plotErrors() {
        putSineWithGap();
        assertEquals("tsstore plot: -o " + tmp.resolve("x.jpg") + ": the file must end with .png or .svg"
                + " (see 'tsstore plot --help')\n", plot("wave", "-o", tmp.resolve("x.jpg").toString()).err());
        Cli.Result small = plot("wave", "-o", tmp.resolve("x.png").toString(), "--width", "10");
        assertEquals(2, small.exitCode());
        assertEquals("tsstore plot: --width 10 --height 450: the size must be 200 to 10000 by 150 to 10000 pixels"
                + " (see 'tsstore plot --help')\n", small.err());
        Cli.Result missing = plot("nope", "-o", tmp.resolve("x.png").toString());
        assertEquals(1, missing.exitCode());
        assertEquals("tsstore plot: no series with id \"nope\"\n", missing.err());
        assertFalse(Files.exists(tmp.resolve("x.png")));
    }

    private static Document parse(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(svg.toFile());
    }

    private static double[] points(Element polyline) {
        String[] pairs = polyline.getAttribute("points").trim().split("\\s+");
        double[] xy = new double[pairs.length * 2];
        for (int i = 0; i < pairs.length; i++) {
            String[] p = pairs[i].split(",");
            xy[2 * i] = Double.parseDouble(p[0]);
            xy[2 * i + 1] = Double.parseDouble(p[1]);
        }
        return xy;
    }
}
