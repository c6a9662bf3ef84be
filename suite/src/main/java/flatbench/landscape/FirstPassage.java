package flatbench.landscape;

import java.util.Arrays;

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
}
