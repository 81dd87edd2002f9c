package org.specverify.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One chart of a report: an XChart chart with an id (its PNG file is {@code id.png}), a title and a caption. The page
 * inlines the SVG; the PNG is written beside it for READMEs.
 */
public final class ReportChart {
    /** Series colours, distinguishable in print and for the common colour-vision deficiencies (Okabe–Ito). */
    static final Color[] COLORS = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233), new Color(120, 120, 120),
        new Color(240, 228, 66), new Color(0, 0, 0)};

    private final String id;
    private final String title;
    private final String caption;
    private final Chart<?, ?> chart;

    ReportChart(String id, String title, String caption, Chart<?, ?> chart) {
        this.id = id;
        this.title = title;
        this.caption = caption;
        this.chart = chart;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String caption() {
        return caption;
    }

    /** The chart's width in pixels. */
    public int width() {
        return chart.getWidth();
    }

    /** The PNG file name. */
    public String pngName() {
        return id + ".png";
    }

    /** Writes the PNG into {@code dir}. */
    public void writePng(Path dir) {
        try {
            AtomicFile.write(dir.resolve(pngName()), BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir.resolve(pngName()), e);
        }
    }

    /**
     * The SVG, ready to inline: without the XML prologue, its ids prefixed by the chart id so that several charts on
     * one page do not share clip paths.
     */
    public String svg() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String s = out.toString(StandardCharsets.UTF_8);
        int start = s.indexOf("<svg");
        s = start >= 0 ? s.substring(start) : s;
        String prefix = id + "-";
        s = s.replace("id=\"", "id=\"" + prefix).replace("url(#", "url(#" + prefix)
            .replace("href=\"#", "href=\"#" + prefix);
        // scale with the page: keep the drawing's size as the view box
        return s.replaceFirst("<svg ", "<svg role=\"img\" aria-label=\"" + Html.escape(title) + "\" ");
    }

    // ------------------------------------------------------------------------------------------------ builders

    static XYChart lines(String title, String xTitle, String yTitle, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
            .yAxisTitle(yTitle).build();
        style(c);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        c.getStyler().setYAxisDecimalPattern("0.00");
        return c;
    }

    static void style(XYChart c) {
        Styler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(200, 200, 200));
        s.setLegendBorderColor(new Color(220, 220, 220));
        s.setSeriesColors(COLORS);
        s.setChartTitleBoxBackgroundColor(Color.WHITE);
        s.setChartTitleBoxBorderColor(Color.WHITE);
        s.setBaseFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        c.getStyler().setPlotGridLinesColor(new Color(235, 235, 235));
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    }

    /** A line series with markers; dashed for optima. */
    static XYSeries addLine(XYChart c, String name, double[] x, double[] y, int colour, boolean dashed) {
        XYSeries s = c.addSeries(name, x, y);
        s.setLineColor(COLORS[colour % COLORS.length]);
        s.setMarkerColor(COLORS[colour % COLORS.length]);
        s.setMarker(dashed ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        s.setLineStyle(dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f) : SeriesLines.SOLID);
        return s;
    }

    /** Bands of a simplex chart: [1], then lower edges. */
    static final double[] BAND_EDGES = {0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.0};
    static final Color[] BAND_COLORS = {new Color(0, 90, 50), new Color(35, 139, 69), new Color(65, 171, 93),
        new Color(116, 196, 118), new Color(161, 217, 155), new Color(254, 224, 139), new Color(253, 174, 97),
        new Color(244, 109, 67), new Color(180, 30, 40)};

    /** The band of a value: 0 for exactly one (within 1e-12), then by {@link #BAND_EDGES}. */
    static int band(double v) {
        if (v >= 1 - 1e-12) {
            return 0;
        }
        for (int b = 0; b < BAND_EDGES.length; b++) {
            if (v >= BAND_EDGES[b]) {
                return b + 1;
            }
        }
        return BAND_EDGES.length;
    }

    static String bandLabel(int b) {
        if (b == 0) {
            return "= 1";
        }
        double lo = BAND_EDGES[b - 1];
        double hi = b == 1 ? 1 : BAND_EDGES[b - 2];
        return String.format(Locale.ROOT, "[%.2f, %.2f)", lo, hi);
    }

    /**
     * A simplex chart: each point (q1, q2, q3) drawn at barycentric position x = q2 + q3/2, y = q3·√3/2, coloured by
     * the band of its value.
     */
    static XYChart simplex(String title, List<double[]> points, double[] values) {
        XYChart c = new XYChartBuilder().width(520).height(380).title(title).build();
        style(c);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setAxisTicksVisible(false);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setPlotBorderVisible(false);
        c.getStyler().setMarkerSize(9);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setXAxisMin(-0.08);
        c.getStyler().setXAxisMax(1.08);
        c.getStyler().setYAxisMin(-0.1);
        c.getStyler().setYAxisMax(0.95);
        int bands = BAND_EDGES.length + 1;
        for (int b = 0; b < bands; b++) {
            int n = 0;
            for (double v : values) {
                if (band(v) == b) {
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            double[] xs = new double[n];
            double[] ys = new double[n];
            int i = 0;
            for (int j = 0; j < values.length; j++) {
                if (band(values[j]) == b) {
                    double[] q = points.get(j);
                    xs[i] = q[1] + q[2] / 2;
                    ys[i] = q[2] * Math.sqrt(3) / 2;
                    i++;
                }
            }
            XYSeries s = c.addSeries(bandLabel(b), xs, ys);
            s.setMarker(SeriesMarkers.SQUARE);
            s.setMarkerColor(BAND_COLORS[b]);
        }
        XYSeries edge = c.addSeries("simplex", new double[] {0, 1, 0.5, 0}, new double[] {0, 0, Math.sqrt(3) / 2, 0});
        edge.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        edge.setMarker(SeriesMarkers.NONE);
        edge.setLineColor(Color.DARK_GRAY);
        edge.setShowInLegend(false);
        c.addAnnotation(new AnnotationText("q1 = 1", -0.02, -0.06, false));
        c.addAnnotation(new AnnotationText("q2 = 1", 1.02, -0.06, false));
        c.addAnnotation(new AnnotationText("q3 = 1", 0.5, 0.91, false));
        return c;
    }
}
