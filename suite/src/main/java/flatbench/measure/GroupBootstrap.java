package flatbench.measure;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap of statistics of several independent groups of runs (one group per
 * setting of a sweep, e.g. per learning rate): each resample redraws every group's runs with
 * replacement, separately, and the statistic (typically a fit across the groups) sees per-run
 * weights (times drawn), group by group. Resample r's draws come from the seed and r alone.
 */
public final class GroupBootstrap {
    private GroupBootstrap() {}

    /**
     * The statistic's value on every run at weight one, and its 95% interval over the resamples
     * (null when unresolved). The interval is over the finite replicates
     * ({@link Bootstrap#percentileInterval}); how many were NaN (undefined on that resample, e.g. a
     * crossing never reached) or infinite (e.g. no escape in the resample, τ = ∞) is counted so a
     * report can say so rather than drop them silently.
     */
    public record Result(double value, double[] ci95, int undefined, int infinite, int resamples) {
        /** "" when every replicate was finite, else e.g. " (12 of 500 replicates undefined, 3 infinite)". */
        public String nonFiniteNote() {
            if (undefined == 0 && infinite == 0) return "";
            return " (" + (undefined > 0 ? undefined + " of " + resamples + " replicates undefined" : "")
                    + (undefined > 0 && infinite > 0 ? ", " : "") + (infinite > 0 ? infinite + " of " + resamples + " infinite" : "") + ")";
        }
    }

    /** Every run of every group at weight one: the weights of the point estimate. */
    public static double[][] ones(int... groupSizes) {
        double[][] w = new double[groupSizes.length][];
        for (int g = 0; g < w.length; g++) {
            w[g] = new double[groupSizes[g]];
            Arrays.fill(w[g], 1);
        }
        return w;
    }

    public static Result of(int[] groupSizes, int resamples, long seed, ToDoubleFunction<double[][]> statistic) {
        return ofAll(groupSizes, resamples, seed, w -> new double[] {statistic.applyAsDouble(w)})[0];
    }

    /** Several statistics computed together on each resample (when they share expensive work). */
    public static Result[] ofAll(int[] groupSizes, int resamples, long seed, Function<double[][], double[]> statistics) {
        double[] value = statistics.apply(ones(groupSizes));
        long[] seeds = new SplittableRandom(seed).longs(resamples).toArray();
        double[][] reps = new double[value.length][resamples];
        for (int r = 0; r < resamples; r++) {
            SplittableRandom rng = new SplittableRandom(seeds[r]);
            double[][] w = new double[groupSizes.length][];
            for (int g = 0; g < w.length; g++) {
                int n = groupSizes[g];
                w[g] = new double[n];
                for (int i = 0; i < n; i++) w[g][rng.nextInt(n)] += 1;
            }
            double[] v = statistics.apply(w);
            for (int s = 0; s < value.length; s++) reps[s][r] = v[s];
        }
        Result[] out = new Result[value.length];
        for (int s = 0; s < value.length; s++) {
            int nan = 0, inf = 0;
            for (double v : reps[s]) {
                if (Double.isNaN(v)) nan++;
                else if (Double.isInfinite(v)) inf++;
            }
            out[s] = new Result(value[s], Bootstrap.percentileInterval(reps[s]), nan, inf, resamples);
        }
        return out;
    }
}
