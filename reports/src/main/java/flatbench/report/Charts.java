package flatbench.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** XChart charts rendered to PNG bytes, headless. */
final class Charts {
    static {
        // Must be set before the first AWT class loads; a report is rendered on servers without a display.
        System.setProperty("java.awt.headless", "true");
    }

    static final int WIDTH = 720;
    static final int HEIGHT = 420;

    private Charts() {}

    /** Values against their 1-based index; log y when all are positive. */
    static byte[] spectrum(String title, String yTitle, double[] values) {
        double[] index = new double[values.length];
        for (int i = 0; i < index.length; i++) index[i] = i + 1;
        double[][] xy = finite(index, values);
        XYChart c = xy(title, "index k", yTitle);
        boolean log = Arrays.stream(xy[1]).allMatch(v -> v > 0);
        c.getStyler().setYAxisLogarithmic(log);
        XYSeries s = c.addSeries(yTitle, xy[0], xy[1]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendVisible(false);
        return encode(c);
    }

    /** A curve; with {@code logY} values below {@code max * 1e-8} are raised to it so zeros do not break the axis. */
    static byte[] curve(String title, String xTitle, String yTitle, double[] x, double[] y, boolean logY) {
        XYChart c = xy(title, xTitle, yTitle);
        c.getStyler().setXAxisDecimalPattern("0.###");  // grid points otherwise print with 16 digits
        double[][] pts = finite(x, y);
        x = pts[0];
        y = pts[1];
        double max = Arrays.stream(y).max().orElse(0);
        double[] yy = y;
        if (logY && max > 0) {
            double floor = max * 1e-8;
            yy = Arrays.stream(y).map(v -> Math.max(v, floor)).toArray();
            c.getStyler().setYAxisLogarithmic(true);
        }
        XYSeries s = c.addSeries(yTitle, x, yy);
        s.setMarker(SeriesMarkers.NONE);
        c.getStyler().setLegendVisible(false);
        return encode(c);
    }

    /**
     * Points on log–log axes with the power law y = exp(intercept)·x^slope that the run fitted
     * drawn across their range (no line when the run recorded no fit).
     */
    static byte[] logLog(String title, String xTitle, String yTitle, double[] x, double[] y, OptionalDouble slope, OptionalDouble intercept) {
        return logLog(title, xTitle, yTitle, x, y, null, null, slope, intercept);
    }

    /** The same with a vertical 95% interval [yLow, yHigh] through each point (null: none). */
    static byte[] logLog(String title, String xTitle, String yTitle, double[] x, double[] y, double[] yLow, double[] yHigh,
                         OptionalDouble slope, OptionalDouble intercept) {
        return logLog(title, xTitle, yTitle, "σ²_k against λ_k", x, y, yLow, yHigh, slope, intercept);
    }

    /** The same with the points' legend entry named. */
    static byte[] logLog(String title, String xTitle, String yTitle, String series, double[] x, double[] y, double[] yLow, double[] yHigh,
                         OptionalDouble slope, OptionalDouble intercept) {
        return logLog(title, xTitle, yTitle, series, x, y, yLow, yHigh, slope, intercept,
                Arrays.stream(x).min().orElse(1), Arrays.stream(x).max().orElse(1));
    }

    /** The same with the fit line drawn over [lineFrom, lineTo] only: the x range of the points the fit used. */
    static byte[] logLog(String title, String xTitle, String yTitle, String series, double[] x, double[] y, double[] yLow, double[] yHigh,
                         OptionalDouble slope, OptionalDouble intercept, double lineFrom, double lineTo) {
        XYChart c = xy(title, xTitle, yTitle);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        XYSeries pts = c.addSeries(series, x, y);
        pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        if (yLow != null && yHigh != null) {
            for (int i = 0; i < x.length; i++) {
                if (!(yLow[i] > 0 && yHigh[i] > 0 && Double.isFinite(yHigh[i]))) continue;
                XYSeries bar = c.addSeries("95% interval " + i, new double[] {x[i], x[i]}, new double[] {yLow[i], yHigh[i]});
                bar.setMarker(SeriesMarkers.NONE);
                bar.setLineColor(new Color(120, 120, 120));
                bar.setShowInLegend(false);
            }
        }
        double lo = lineFrom, hi = lineTo;
        if (slope.isPresent() && intercept.isPresent()) {
            double k = slope.getAsDouble(), a = intercept.getAsDouble();
            XYSeries line = c.addSeries(String.format(java.util.Locale.ROOT, "fit: slope %.3f", k),
                    new double[]{lo, hi}, new double[]{Math.exp(a + k * Math.log(lo)), Math.exp(a + k * Math.log(hi))});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(new Color(200, 60, 40));
        }
        return encode(c);
    }

    /** One bar per name. */
    static byte[] bars(String title, String yTitle, List<String> names, List<Double> values) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(names.size() > 6 ? 45 : 0);
        c.addSeries(yTitle, names, values);
        return encode(c);
    }

    /** One line per series: name → {x, y}. */
    static byte[] trend(String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        XYChart c = xy(title, xTitle, yTitle);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        series.forEach((name, xy) -> c.addSeries(name, xy[0], xy[1]));
        return encode(c);
    }

    /**
     * One line per series, name → {x, y, error}: points joined in x order with error bars of
     * half-length error; log x when the x values are positive and span a factor of ten or more.
     */
    static byte[] lines(String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        XYChart c = xy(title, xTitle, yTitle);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendVisible(series.size() > 1);
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (double[][] s : series.values()) {
            for (double x : s[0]) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        c.getStyler().setXAxisLogarithmic(lo > 0 && hi / lo >= 10);
        c.getStyler().setXAxisDecimalPattern("0.####");
        series.forEach((name, s) -> c.addSeries(name, s[0], s[1], s[2]));
        return encode(c);
    }

    /**
     * Points, one series per name (name → {x, y}), joined in the given order, on linear or
     * logarithmic axes; with a log axis, points whose value there is not positive are left out.
     */
    static byte[] series(String title, String xTitle, String yTitle, Map<String, double[][]> series, boolean logX, boolean logY) {
        XYChart c = xy(title, xTitle, yTitle);
        c.getStyler().setXAxisLogarithmic(logX);
        c.getStyler().setYAxisLogarithmic(logY);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendVisible(series.size() > 1);
        c.getStyler().setXAxisDecimalPattern("0.####");
        series.forEach((name, xy) -> {
            double[][] pts = finite(xy[0], xy[1]);
            int k = 0;
            double[] fx = new double[pts[0].length], fy = new double[pts[0].length];
            for (int i = 0; i < pts[0].length; i++) {
                if ((logX && !(pts[0][i] > 0)) || (logY && !(pts[1][i] > 0))) continue;
                fx[k] = pts[0][i];
                fy[k++] = pts[1][i];
            }
            if (k > 0) c.addSeries(name, Arrays.copyOf(fx, k), Arrays.copyOf(fy, k));
        });
        return encode(c);
    }

    /** Unjoined points, one series per name (name → {x, y}), on linear axes; pairs with a non-finite value are left out. */
    static byte[] scatter(String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        XYChart c = xy(title, xTitle, yTitle);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.forEach((name, xy) -> {
            int n = Math.min(xy[0].length, xy[1].length);
            if (java.util.stream.IntStream.range(0, n).anyMatch(i -> Double.isFinite(xy[0][i]) && Double.isFinite(xy[1][i]))) {
                double[][] pts = finite(xy[0], xy[1]);
                c.addSeries(name, pts[0], pts[1]);
            }
        });
        return encode(c);
    }

    /** The pairs where both values are finite; XChart cannot place NaN or infinity on an axis. */
    static double[][] finite(double[] x, double[] y) {
        int n = Math.min(x.length, y.length), k = 0;
        double[] fx = new double[n], fy = new double[n];
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                fx[k] = x[i];
                fy[k++] = y[i];
            }
        }
        if (k == 0) throw new IllegalArgumentException("there are no finite values to plot");
        return new double[][]{Arrays.copyOf(fx, k), Arrays.copyOf(fy, k)};
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(c.getStyler());
        return c;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setAntiAlias(true);
    }

    private static byte[] encode(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart '" + chart.getTitle() + "' as PNG: " + e.getMessage(), e);
        }
    }
}
