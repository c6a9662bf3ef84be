package flatbench.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import flatbench.record.Estimate;

/**
 * Percentile bootstrap over the n noise samples. A resample draws n of them with replacement;
 * statistics see it as weights wᵢ = (times drawn)/n, so a statistic computed from per-sample
 * rows (projections, the centred Gram matrix) costs no engine call. Each resample's weights come
 * from the seed and its index alone, so results do not depend on the order of work.
 */
public final class Bootstrap {
    private Bootstrap() {}

    static final double LOWER_QUANTILE = 0.025, UPPER_QUANTILE = 0.975;

    /** The lower and upper ends of each named statistic's 95% interval (per entry for arrays). */
    public record Intervals(Map<String, double[]> lower, Map<String, double[]> upper) {
        public static final Intervals NONE = new Intervals(Map.of(), Map.of());
        public double[] lower(String name) { return lower.get(name); }
        public double[] upper(String name) { return upper.get(name); }
        public boolean has(String name) { return lower.containsKey(name); }

        /** A scalar with its interval when one was computed. */
        public Estimate estimate(String name, double value) {
            Estimate e = Estimate.of(value);
            return has(name) ? e.withInterval(lower.get(name)[0], upper.get(name)[0]) : e;
        }

        /** An array with its intervals when they were computed. */
        public Estimate estimate(String name, double[] values) {
            Estimate e = Estimate.of(values);
            return has(name) && lower.get(name).length == values.length ? e.withInterval(lower.get(name), upper.get(name)) : e;
        }
    }

    /**
     * Multinomial weights of resample r: counts over n draws with replacement, divided by n. Each
     * resample's generator is seeded from the r-th output of one generator seeded by seed (seeds
     * such as seed + r·γ would give shifted copies of one stream: SplittableRandom steps by γ).
     */
    static double[] weights(int n, long seed, int r) {
        return weights(n, resampleSeeds(seed, r + 1)[r]);
    }

    private static long[] resampleSeeds(long seed, int count) {
        return new SplittableRandom(seed).longs(count).toArray();
    }

    private static double[] weights(int n, long resampleSeed) {
        SplittableRandom rng = new SplittableRandom(resampleSeed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[rng.nextInt(n)] += 1.0 / n;
        return w;
    }

    /**
     * Replicates a statistic over resamples and returns percentile intervals. The statistic maps
     * weights to named arrays of fixed lengths; non-finite replicate values are skipped per entry
     * (an interval with fewer than half its replicates finite is left out).
     */
    public static Intervals intervals(int n, int resamples, long seed, Function<double[], Map<String, double[]>> statistic) {
        Map<String, List<double[]>> reps = new LinkedHashMap<>();
        long[] seeds = resampleSeeds(seed, resamples);
        for (int r = 0; r < resamples; r++) {
            statistic.apply(weights(n, seeds[r])).forEach((k, v) -> reps.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        Map<String, double[]> lo = new LinkedHashMap<>(), hi = new LinkedHashMap<>();
        reps.forEach((name, list) -> {
            int len = list.get(0).length;
            double[] l = new double[len], h = new double[len];
            boolean ok = true;
            for (int j = 0; j < len; j++) {
                double[] col = new double[list.size()];
                int m = 0;
                for (double[] v : list) if (j < v.length && !Double.isNaN(v[j])) col[m++] = v[j];
                if (m < resamples / 2 || m == 0) {
                    ok = false;
                    break;
                }
                col = Arrays.copyOf(col, m);
                Arrays.sort(col);
                l[j] = quantile(col, LOWER_QUANTILE);
                h[j] = quantile(col, UPPER_QUANTILE);
            }
            if (ok) {
                lo.put(name, l);
                hi.put(name, h);
            }
        });
        return new Intervals(lo, hi);
    }

    /**
     * The 95% percentile interval {lo, hi} of bootstrap replicates computed by the caller (the
     * non-finite ones skipped); null when fewer than half of them are finite.
     */
    public static double[] percentileInterval(double[] replicates) {
        double[] finite = Arrays.stream(replicates).filter(Double::isFinite).sorted().toArray();
        if (finite.length < 2 || finite.length < replicates.length / 2) return null;
        return new double[] {quantile(finite, LOWER_QUANTILE), quantile(finite, UPPER_QUANTILE)};
    }

    /** Linear interpolation between order statistics (type 7). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) return sorted[sorted.length - 1];
        double f = pos - i;
        double a = sorted[i], b = sorted[i + 1];
        if (f == 0 || a == b) return a;
        return a + f * (b - a);
    }
}
