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
}
