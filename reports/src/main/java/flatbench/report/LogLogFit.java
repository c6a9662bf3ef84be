package flatbench.report;

import java.util.OptionalDouble;

/**
 * A power law y = exp(intercept) · x^slope on log–log axes. The report draws the slope the run
 * measured; when the run recorded none it is fitted here by least squares on (ln x, ln y).
 */
record LogLogFit(double slope, double intercept, double r2, int points, boolean fittedHere) {

    double predict(double x) { return Math.exp(intercept + slope * Math.log(x)); }

    /** Fits over the pairs where both values are positive; null when fewer than two remain. */
    static LogLogFit of(double[] x, double[] y, OptionalDouble givenSlope, OptionalDouble givenR2) {
        int n = Math.min(x.length, y.length);
        double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!(x[i] > 0 && y[i] > 0) || Double.isInfinite(x[i]) || Double.isInfinite(y[i])) continue;
            double lx = Math.log(x[i]), ly = Math.log(y[i]);
            sx += lx; sy += ly; sxx += lx * lx; sxy += lx * ly; syy += ly * ly;
            k++;
        }
        if (k < 2) return null;
        double mx = sx / k, my = sy / k;
        double vxx = sxx / k - mx * mx, vxy = sxy / k - mx * my, vyy = syy / k - my * my;
        boolean fitted = givenSlope.isEmpty();
        double slope = fitted ? (vxx > 0 ? vxy / vxx : Double.NaN) : givenSlope.getAsDouble();
        double r2 = givenR2.isPresent() && !fitted ? givenR2.getAsDouble()
                : vxx > 0 && vyy > 0 ? vxy * vxy / (vxx * vyy) : Double.NaN;
        // With a given slope, the intercept that minimises the squared log residuals is the mean offset.
        return new LogLogFit(slope, my - slope * mx, r2, k, fitted);
    }
}
