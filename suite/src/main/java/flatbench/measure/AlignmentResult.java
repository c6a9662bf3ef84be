package flatbench.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import flatbench.record.Estimate;
import flatbench.record.Metric;

/**
 * How the gradient noise covariance C lines up with the curvature H (Hessian or Gauss–Newton,
 * as measured), along H's converged top eigenvectors vₖ with eigenvalues λₖ; every statistic with
 * its 95% bootstrap interval over the noise samples and, where the curvature data are a sample,
 * its values on two disjoint halves of them.
 *
 * @param requested    eigenpairs asked for
 * @param lambda       λ of the converged pairs (the others are excluded from everything below)
 * @param values       measured values by metric key (scalars as one-element arrays)
 * @param intervals    bootstrap intervals by metric key
 * @param splitHalf    the split-half check, or null when the curvature data are the whole training set
 * @param overlapK     k of the subspace overlap
 * @param gradientOverlapByK ‖P_k ∇L‖²/‖∇L‖² over the converged pairs, ∇L the training set's gradient
 * @param gradientK    K of the headline gradient overlap (the number of classes, or fewer pairs)
 * @param diagonal     the diagonal power-law fit
 * @param resamples    bootstrap resamples
 * @param seed         bootstrap seed
 */
public record AlignmentResult(int requested, double[] lambda, Map<String, double[]> values, Bootstrap.Intervals intervals,
                              SplitHalf splitHalf, int overlapK, double[] gradientOverlapByK, int gradientK,
                              DiagonalPowerLaw diagonal, int resamples, long seed) {

    /** Converged pairs used. */
    public int k() { return lambda.length; }

    public int excluded() { return requested - lambda.length; }

    public double[] sigma2() { return array(Metric.ALIGNMENT_SIGMA2); }

    public double[] sigma2OverLambda() { return array(Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA); }

    public double[] noiseFractionByK() { return array(Metric.ALIGNMENT_NOISE_FRACTION_BY_K); }

    public double[] eigenvectorCosines() { return array(Metric.ALIGNMENT_COSINES); }

    /** The log–log fit of σ²ₖ on λₖ over positive pairs. */
    public LogLogFit sigma2VsLambda() { return LogLogFit.fit(lambda, sigma2()); }

    /** A scalar statistic's measured value (NaN when not measured). */
    public double value(Metric m) {
        double[] v = values.get(m.key());
        return v == null ? Double.NaN : v[0];
    }

    public double[] array(Metric m) {
        double[] v = values.get(m.key());
        return v == null ? new double[0] : v.clone();
    }

    public double gradientTopKOverlap() { return gradientK > 0 ? gradientOverlapByK[gradientK - 1] : Double.NaN; }

    /** A statistic with its interval and split halves, as result.json holds it. */
    public Estimate estimate(Metric m) {
        String key = m.key();
        double[] v = values.get(key);
        Estimate e = isArray(m) ? intervals.estimate(key, v) : intervals.estimate(key, v[0]);
        if (splitHalf != null && splitHalf.has(key, v.length)) e = e.withHalves(splitHalf.half(0, key), splitHalf.half(1, key));
        return e;
    }

    /** Summary for metrics.alignment, with names, units and meanings from the metric catalogue. */
    public Map<String, Object> toMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        Metric.ALIGNMENT_K.put(m, requested);
        Metric.ALIGNMENT_CONVERGED.put(m, k());
        Metric.ALIGNMENT_EXCLUDED.put(m, excluded());
        Estimate lam = Estimate.of(lambda);
        if (splitHalf != null && splitHalf.has(Metric.ALIGNMENT_LAMBDA.key(), lambda.length)) {
            lam = lam.withHalves(splitHalf.half(0, Metric.ALIGNMENT_LAMBDA.key()), splitHalf.half(1, Metric.ALIGNMENT_LAMBDA.key()));
        }
        Metric.ALIGNMENT_LAMBDA.put(m, lam);
        for (Metric metric : List.of(Metric.ALIGNMENT_SIGMA2, Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA, Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5,
                Metric.ALIGNMENT_SLOPE, Metric.ALIGNMENT_INTERCEPT, Metric.ALIGNMENT_R2, Metric.ALIGNMENT_TRHC_TOPK,
                Metric.ALIGNMENT_TRHC_TOPK_ISOTROPIC, Metric.ALIGNMENT_TRHC_TOPK_RATIO, Metric.ALIGNMENT_TRHC_EXACT,
                Metric.ALIGNMENT_TRHC_ISOTROPIC, Metric.ALIGNMENT_TRHC_EXACT_RATIO, Metric.ALIGNMENT_NOISE_FRACTION,
                Metric.ALIGNMENT_NOISE_FRACTION_BY_K, Metric.ALIGNMENT_SUBSPACE_OVERLAP, Metric.ALIGNMENT_COSINES)) {
            double[] v = values.get(metric.key());
            if (v == null || v.length == 0) continue;
            if (v.length == 1 && !isArray(metric)) {
                if (Double.isFinite(v[0])) metric.put(m, estimate(metric));
            } else if (allFinite(v)) {
                metric.put(m, estimate(metric));
            }
        }
        Metric.ALIGNMENT_POINTS.put(m, sigma2VsLambda().points());
        Metric.ALIGNMENT_OVERLAP_K.put(m, overlapK);
        Metric.ALIGNMENT_GRADIENT_OVERLAP_K.put(m, gradientK);
        if (gradientK > 0 && Double.isFinite(gradientTopKOverlap())) {
            Estimate g = Estimate.of(gradientTopKOverlap());
            if (splitHalf != null) g = g.withHalves(splitHalf.gradientOverlap(0, gradientK), splitHalf.gradientOverlap(1, gradientK));
            Metric.ALIGNMENT_GRADIENT_OVERLAP.put(m, g);
        }
        if (gradientOverlapByK.length > 0 && allFinite(gradientOverlapByK)) {
            Estimate g = Estimate.of(gradientOverlapByK);
            if (splitHalf != null && splitHalf.has(Metric.ALIGNMENT_GRADIENT_OVERLAP_BY_K.key(), gradientOverlapByK.length)) {
                g = g.withHalves(splitHalf.half(0, Metric.ALIGNMENT_GRADIENT_OVERLAP_BY_K.key()), splitHalf.half(1, Metric.ALIGNMENT_GRADIENT_OVERLAP_BY_K.key()));
            }
            Metric.ALIGNMENT_GRADIENT_OVERLAP_BY_K.put(m, g);
        }
        if (Double.isFinite(diagonal.gamma())) {
            Metric.ALIGNMENT_DIAGONAL_POWER_LAW.put(m, Estimate.of(diagonal.gamma()).withInterval(diagonal.lower(), diagonal.upper()));
            Metric.ALIGNMENT_DIAGONAL_INTERCEPT.put(m, diagonal.intercept());
        }
        Metric.ALIGNMENT_DIAGONAL_POINTS.put(m, diagonal.entries());
        Metric.ALIGNMENT_DIAGONAL_DROPPED.put(m, diagonal.droppedEntries());
        Map<String, Object> u = new LinkedHashMap<>();
        Metric.ALIGNMENT_BOOTSTRAP_RESAMPLES.put(u, resamples);
        Metric.ALIGNMENT_BOOTSTRAP_SEED.put(u, seed);
        m.put("uncertainty", u);
        if (splitHalf != null) m.put("splitHalf", splitHalf.toMetrics());
        return m;
    }

    private static boolean isArray(Metric m) {
        return m == Metric.ALIGNMENT_SIGMA2 || m == Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA || m == Metric.ALIGNMENT_NOISE_FRACTION_BY_K
                || m == Metric.ALIGNMENT_COSINES;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }
}
