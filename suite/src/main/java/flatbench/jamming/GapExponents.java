package flatbench.jamming;

import java.util.Arrays;

import flatbench.measure.LogLogFit;

/**
 * The small-gap ends of the distribution of Δ at jamming. Geiger et al. find P(Δ) ~ Δ^θ for the
 * unsatisfied patterns (Δ &gt; 0) and P(Δ) ~ |Δ|^(−γ) for the satisfied ones (Δ &lt; 0) as Δ → 0.
 * A density x^a near 0 has the cumulative distribution F(x) ∝ x^(1+a), so both exponents come from
 * the log–log slope of the empirical cumulative distribution over the smallest values: θ = slope − 1
 * on the positive gaps, γ = 1 − slope on |Δ| of the negative ones. The cumulative distribution needs
 * no binning, and every value is one point of it.
 *
 * <p>Values carry weights (a bootstrap draws whole nets, so a value's weight is how often its net was
 * drawn); F at the k-th smallest value is the weight up to it less half its own, over the total (the
 * mid-point rule, unbiased for a uniform sample).
 */
public final class GapExponents {
    private GapExponents() {}

    /** The slope of log F on log x over the values whose cumulative weight is at most {@code fraction} of the total. */
    public static LogLogFit cdfFit(double[] values, double[] weights, double fraction) {
        if (values.length != weights.length) throw new IllegalArgumentException(values.length + " values, " + weights.length + " weights");
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double total = 0;
        for (double w : weights) total += w;
        double[] x = new double[values.length], f = new double[values.length];
        int n = 0;
        double cum = 0;
        for (int idx : order) {
            double w = weights[idx];
            if (w <= 0) continue;
            cum += w;
            double fk = (cum - w / 2) / total;
            if (cum / total > fraction) break;
            x[n] = values[idx];
            f[n] = fk;
            n++;
        }
        return LogLogFit.fit(Arrays.copyOf(x, n), Arrays.copyOf(f, n));
    }

    /** θ of P(Δ) ~ Δ^θ from positive gaps. */
    public static double theta(double[] positive, double[] weights, double fraction) {
        return cdfFit(positive, weights, fraction).slope() - 1;
    }

    /** γ of P(Δ) ~ |Δ|^(−γ) from the magnitudes |Δ| of negative gaps. */
    public static double gamma(double[] magnitudes, double[] weights, double fraction) {
        return 1 - cdfFit(magnitudes, weights, fraction).slope();
    }
}
