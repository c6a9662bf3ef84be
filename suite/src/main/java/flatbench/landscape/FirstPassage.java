package flatbench.landscape;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Mean first-passage (escape) time from an ensemble's exit steps with censoring at the step
 * budget. Escape over a barrier much higher than the noise is a Poisson process (Kramers), so
 * first-passage times are exponential and the maximum-likelihood mean with right-censoring is
 * (total time observed, escaped or not) / (number escaped). Diverged runs count as escaped at the
 * step they diverged (they left the basin too).
 */
public final class FirstPassage {
    private FirstPassage() {}

    /**
     * The censored exponential mean, in steps, over the runs weighted by w (all 1 for the point
     * estimate, bootstrap counts otherwise); infinite when nothing escaped.
     */
    public static double mean(long[] exitStep, long[] divergedStep, long budget, double[] w) {
        double total = 0, events = 0;
        for (int r = 0; r < exitStep.length; r++) {
            double weight = w == null ? 1 : w[r];
            if (weight == 0) continue;
            long t = exitStep[r] >= 0 ? exitStep[r] : divergedStep[r];
            if (t >= 0) {
                total += weight * t;
                events += weight;
            } else {
                total += weight * budget;
            }
        }
        return events > 0 ? total / events : Double.POSITIVE_INFINITY;
    }

    public static double mean(Ensemble.Result r) { return mean(r.exitStep(), r.divergedStep(), r.maxSteps(), null); }

    /** The fraction of runs still in the basin at the budget. */
    public static double censoredFraction(Ensemble.Result r) {
        long c = 0;
        for (int i = 0; i < r.runs(); i++) if (r.exitStep()[i] < 0 && r.divergedStep()[i] < 0) c++;
        return (double) c / r.runs();
    }

    /** Median exit step over runs (censored runs count as the budget): robust where passage is not exponential. */
    public static double median(Ensemble.Result r) {
        double[] t = new double[r.runs()];
        for (int i = 0; i < t.length; i++) {
            long s = r.exitStep()[i] >= 0 ? r.exitStep()[i] : r.divergedStep()[i];
            t[i] = s >= 0 ? s : r.maxSteps();
        }
        Arrays.sort(t);
        int n = t.length;
        return n % 2 == 1 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
    }

    /**
     * The exact mean first-passage time of 1-D overdamped Langevin dynamics dx = −V′(x) dt + √(2T) dW
     * from x0 to the barrier coordinate b &lt; x0, the far side reflecting at infinity:
     * τ = (1/T) ∫_b^x0 dy e^{V(y)/T} ∫_y^∞ e^{−V(z)/T} dz (Gardiner §5.2.7), in units of t (η per step),
     * by the trapezoidal rule on n intervals up to hi, where e^{−V/T} has died out.
     */
    public static double exactMean(DoubleUnaryOperator v, double temperature, double barrier, double x0, double hi, int n) {
        double dz = grid(barrier, x0, hi, n), v0 = v.applyAsDouble(x0);
        double[] phi = new double[n + 1], d = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            phi[i] = (v.applyAsDouble(barrier + i * dz) - v0) / temperature;
            d[i] = temperature;
        }
        return passage(phi, d, dz, (int) Math.round((x0 - barrier) / dz));
    }

    /**
     * The same with a state-dependent diffusion, the Itô equation dx = −L′(x) dt + √(2D(x)) dW (SGD's
     * continuous limit has D = ηC(x)/(2B)): τ = ∫_b^x0 dy e^{Φ(y)} ∫_y^∞ e^{−Φ(z)}/D(z) dz with Φ′ = L′/D.
     */
    public static double exactMean(DoubleUnaryOperator slope, DoubleUnaryOperator diffusion, double barrier, double x0, double hi, int n) {
        double dz = grid(barrier, x0, hi, n);
        double[] phi = new double[n + 1], d = new double[n + 1], f = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            double x = barrier + i * dz;
            d[i] = diffusion.applyAsDouble(x);
            f[i] = slope.applyAsDouble(x) / d[i];
        }
        for (int i = 1; i <= n; i++) phi[i] = phi[i - 1] + 0.5 * dz * (f[i - 1] + f[i]);
        int m = (int) Math.round((x0 - barrier) / dz);
        double at = phi[m];
        for (int i = 0; i <= n; i++) phi[i] -= at;  // Φ(x0) = 0 keeps the exponentials finite
        return passage(phi, d, dz, m);
    }

    private static double grid(double barrier, double x0, double hi, int n) {
        if (!(barrier < x0 && x0 < hi) || n < 2) throw new IllegalArgumentException("the exact passage time needs barrier < x0 < hi");
        return (hi - barrier) / n;
    }

    /** ∫_0^m dy e^{Φ(y)} ∫_y^n e^{−Φ(z)}/D(z) dz on the grid, by the trapezoidal rule. */
    private static double passage(double[] phi, double[] d, double dz, int m) {
        int n = phi.length - 1;
        double[] tail = new double[n + 1];
        for (int i = n - 1; i >= 0; i--) tail[i] = tail[i + 1] + 0.5 * dz * (Math.exp(-phi[i]) / d[i] + Math.exp(-phi[i + 1]) / d[i + 1]);
        double sum = 0;
        for (int i = 0; i < m; i++) sum += 0.5 * dz * (Math.exp(phi[i]) * tail[i] + Math.exp(phi[i + 1]) * tail[i + 1]);
        return sum;
    }
}
