package flatbench.measure;

/**
 * Least-squares line log y = intercept + slope · log x over the pairs with both values positive.
 * Slope and R² are NaN with fewer than two usable pairs (or when all x coincide); R² is NaN when
 * all y coincide, since a flat line explains no variance because there is none (0/0).
 */
public record LogLogFit(double slope, double intercept, double r2, int points) {

    public static LogLogFit fit(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("fit needs pairs: " + x.length + " x values, " + y.length + " y values");
        int n = 0;
        double sx = 0, sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0 && y[i] > 0) {
                n++;
                sx += Math.log(x[i]);
                sy += Math.log(y[i]);
            }
        }
        if (n < 2) return new LogLogFit(Double.NaN, Double.NaN, Double.NaN, n);
        double mx = sx / n, my = sy / n, sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0 && y[i] > 0) {
                double dx = Math.log(x[i]) - mx, dy = Math.log(y[i]) - my;
                sxx += dx * dx;
                sxy += dx * dy;
                syy += dy * dy;
            }
        }
        if (!(sxx > 0)) return new LogLogFit(Double.NaN, Double.NaN, Double.NaN, n);
        double slope = sxy / sxx;
        double r2 = syy > 0 ? sxy * sxy / (sxx * syy) : Double.NaN;
        return new LogLogFit(slope, my - slope * mx, r2, n);
    }

    /**
     * The reduced-major-axis slope sign(r)·s_y/s_x = slope/|r|: symmetric in x and y, between the
     * least-squares slope of y on x and the reciprocal of that of x on y. When both coordinates
     * scatter about a line (neither is a noise-free regressor) least squares flattens the slope by
     * R²-like attenuation and the reverse regression steepens it; RMA sits between (NaN when R² is).
     */
    public double reducedMajorAxisSlope() {
        return r2 > 0 ? slope / Math.sqrt(r2) : Double.NaN;
    }

    /** The least-squares slope with its 95% bootstrap interval over the pairs (see {@link #statisticWithInterval}). */
    public static flatbench.record.Estimate slopeWithInterval(double[] x, double[] y, int resamples, long seed) {
        return statisticWithInterval(x, y, LogLogFit::slope, resamples, seed);
    }

    /**
     * A statistic of the fit (its slope, its reduced-major-axis slope) with a 95% percentile
     * bootstrap interval over the pairs: the fit repeated on
     * {@code resamples} draws of the pairs with replacement (draws where the statistic is not
     * finite, e.g. fewer than two distinct x, are skipped). The pairs are the resampling unit, so the interval measures how the
     * scatter of the points about the line moves the slope, not the noise within each point.
     */
    public static flatbench.record.Estimate statisticWithInterval(double[] x, double[] y, java.util.function.ToDoubleFunction<LogLogFit> statistic,
                                                                 int resamples, long seed) {
        LogLogFit all = fit(x, y);
        double value = statistic.applyAsDouble(all);
        flatbench.record.Estimate e = flatbench.record.Estimate.of(value);
        if (!Double.isFinite(value) || resamples < 2) return e;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        int n = x.length;
        double[] slopes = new double[resamples];
        int kept = 0;
        double[] bx = new double[n], by = new double[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int j = rng.nextInt(n);
                bx[i] = x[j];
                by[i] = y[j];
            }
            double s = statistic.applyAsDouble(fit(bx, by));
            if (Double.isFinite(s)) slopes[kept++] = s;
        }
        if (kept < 2) return e;
        double[] sorted = java.util.Arrays.copyOf(slopes, kept);
        java.util.Arrays.sort(sorted);
        return e.withInterval(Bootstrap.quantile(sorted, Bootstrap.LOWER_QUANTILE), Bootstrap.quantile(sorted, Bootstrap.UPPER_QUANTILE));
    }
}
