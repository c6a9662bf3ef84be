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
        return cdfFit(values, weights, new double[values.length], fraction);
    }

    /**
     * The same with values at or below their floor left-censored: x ≤ floor (a gap below its net's end
     * resolution) says only that the value is at most the floor. F is then the product-limit
     * (Kaplan–Meier) estimate for left-censored data, going down from the largest value:
     * F(x_k) = Π_{j above k} (1 − w_j/n_j) with n_j the weight of all values, censored ones by their
     * floor, at or below x_j, so a censored value counts in F from its floor up and in the total but is
     * no point of the fit; only values above their floor are fitted. With one floor for all (or none
     * censored) this is exactly the cumulative weight over the total, mid-point rule included.
     */
    public static LogLogFit cdfFit(double[] values, double[] weights, double[] floors, double fraction) {
        if (values.length != weights.length || values.length != floors.length) {
            throw new IllegalArgumentException(values.length + " values, " + weights.length + " weights, " + floors.length + " floors");
        }
        double[] key = new double[values.length];
        for (int i = 0; i < key.length; i++) key[i] = Math.max(values[i], floors[i]);
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        // At equal keys the censored values come first: they lie at or below the floor their key stands for.
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(key[a], key[b]);
            return c != 0 ? c : Boolean.compare(censored(values, floors, b), censored(values, floors, a));
        });
        double[] atRisk = new double[order.length];  // n_k: the weight at or below the k-th key
        double cum = 0;
        for (int k = 0; k < order.length; k++) {
            cum += Math.max(0, weights[order[k]]);
            atRisk[k] = cum;
        }
        double[] x = new double[values.length], f = new double[values.length];
        int n = 0;
        double above = 1;  // F just above the k-th value
        for (int k = order.length - 1; k >= 0 && above > 0; k--) {
            int idx = order[k];
            double w = weights[idx];
            if (w <= 0 || censored(values, floors, idx)) continue;
            if (above <= fraction + 1e-12) {  // the product carries rounding; a cumulative fraction exactly at the cut is in
                x[n] = values[idx];
                f[n] = above * (1 - w / (2 * atRisk[k]));
                n++;
            }
            above *= 1 - w / atRisk[k];
        }
        return LogLogFit.fit(Arrays.copyOf(x, n), Arrays.copyOf(f, n));
    }

    private static boolean censored(double[] values, double[] floors, int i) { return values[i] <= floors[i]; }

    /** How many values are left-censored: at or below their floor. */
    public static int censored(double[] values, double[] floors) {
        int n = 0;
        for (int i = 0; i < values.length; i++) if (censored(values, floors, i)) n++;
        return n;
    }

    /** θ of P(Δ) ~ Δ^θ from positive gaps, those at or below their floor left-censored. */
    public static double theta(double[] positive, double[] weights, double[] floors, double fraction) {
        return cdfFit(positive, weights, floors, fraction).slope() - 1;
    }

    /** γ of P(Δ) ~ |Δ|^(−γ) from the magnitudes |Δ| of negative gaps, those at or below their floor left-censored. */
    public static double gamma(double[] magnitudes, double[] weights, double[] floors, double fraction) {
        return 1 - cdfFit(magnitudes, weights, floors, fraction).slope();
    }

    /** θ with nothing censored. */
    public static double theta(double[] positive, double[] weights, double fraction) {
        return theta(positive, weights, new double[positive.length], fraction);
    }

    /** γ with nothing censored. */
    public static double gamma(double[] magnitudes, double[] weights, double fraction) {
        return gamma(magnitudes, weights, new double[magnitudes.length], fraction);
    }
}
