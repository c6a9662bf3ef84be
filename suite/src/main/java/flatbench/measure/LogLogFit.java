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
     * The slope with a 95% percentile bootstrap interval over the pairs: the fit repeated on
     * {@code resamples} draws of the pairs with replacement (draws that leave fewer than two
     * distinct x are skipped). The pairs are the resampling unit, so the interval measures how the
     * scatter of the points about the line moves the slope, not the noise within each point.
     */
    public static flatbench.record.Estimate slopeWithInterval(double[] x, double[] y, int resamples, long seed) {
        LogLogFit all = fit(x, y);
        flatbench.record.Estimate e = flatbench.record.Estimate.of(all.slope());
        if (!Double.isFinite(all.slope()) || resamples < 2) return e;
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
            double s = fit(bx, by).slope();
            if (Double.isFinite(s)) slopes[kept++] = s;
        }
        if (kept < 2) return e;
        double[] sorted = java.util.Arrays.copyOf(slopes, kept);
        java.util.Arrays.sort(sorted);
        return e.withInterval(Bootstrap.quantile(sorted, Bootstrap.LOWER_QUANTILE), Bootstrap.quantile(sorted, Bootstrap.UPPER_QUANTILE));
    }
}
