package flatbench.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import flatbench.record.Metric;

/**
 * The split-half check of the curvature data: the top eigenpairs measured again on each of two
 * disjoint halves, and every λ-dependent statistic recomputed with them (same noise samples). When
 * the halves disagree by more than the bootstrap interval is wide, the curvature data, not the
 * noise samples, limit the numbers. Each half has half the data, so the spread between halves
 * overstates the full data's own spread (for a √N-consistent statistic the full data's standard
 * deviation is about |a − b|/2).
 *
 * @param samples        sizes of the two halves
 * @param values         per half, the statistics by metric key (as {@link AlignmentStatistics} names them), plus λ and the gradient overlaps
 * @param moved          scalar metrics whose halves differ by more than their interval's width
 */
public record SplitHalf(int[] samples, List<Map<String, double[]>> values, List<String> moved) {

    boolean has(String key, int length) {
        return values.get(0).containsKey(key) && values.get(1).containsKey(key)
                && values.get(0).get(key).length == length && values.get(1).get(key).length == length;
    }

    double[] half(int h, String key) { return values.get(h).get(key).clone(); }

    /** Gradient overlap at K on a half (NaN when that half converged fewer pairs). */
    double gradientOverlap(int h, int k) {
        double[] g = values.get(h).get(Metric.ALIGNMENT_GRADIENT_OVERLAP_BY_K.key());
        return g != null && g.length >= k ? g[k - 1] : Double.NaN;
    }

    public boolean sufficient() { return moved.isEmpty(); }

    /** The scalar metrics the check compares: the bootstrap ones that depend on λ or the eigenvectors. */
    static final List<Metric> COMPARED = List.of(Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5, Metric.ALIGNMENT_SLOPE,
            Metric.ALIGNMENT_TRHC_TOPK, Metric.ALIGNMENT_TRHC_TOPK_RATIO, Metric.ALIGNMENT_NOISE_FRACTION, Metric.ALIGNMENT_SUBSPACE_OVERLAP);

    /** Finds which compared metrics moved by more than the width of their full-data interval. */
    static SplitHalf of(int[] samples, List<Map<String, double[]>> values, Bootstrap.Intervals intervals) {
        List<String> moved = new ArrayList<>();
        for (Metric m : COMPARED) {
            String key = m.key();
            if (!intervals.has(key) || !values.get(0).containsKey(key) || !values.get(1).containsKey(key)) continue;
            double a = values.get(0).get(key)[0], b = values.get(1).get(key)[0];
            double width = intervals.upper(key)[0] - intervals.lower(key)[0];
            // Not comparable counts as moved: a half that cannot produce the number does not suffice either.
            if (!Double.isFinite(a) || !Double.isFinite(b) || Math.abs(a - b) > width) moved.add(key);
        }
        return new SplitHalf(samples.clone(), List.copyOf(values), List.copyOf(moved));
    }

    Map<String, Object> toMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        Metric.SPLIT_HALF_SAMPLES.put(m, samples.clone());
        Metric.SPLIT_HALF_MOVED.put(m, moved);
        Metric.SPLIT_HALF_SUFFICIENT.put(m, sufficient());
        return m;
    }
}
