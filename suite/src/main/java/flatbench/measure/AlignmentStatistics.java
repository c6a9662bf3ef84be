package flatbench.measure;

import java.util.LinkedHashMap;
import java.util.Map;

import flatbench.record.Metric;

/**
 * Every alignment statistic that depends on the noise samples, as a function of weights wᵢ on
 * them (1/n each for the measurement itself; multinomial for a bootstrap resample), computed from
 * host arrays alone: the n × k projections gᵢᵀvₖ on the converged curvature eigenvectors, the
 * centred Gram matrix and, when measured, the per-sample terms of the exact tr(HC).
 */
final class AlignmentStatistics {
    /** σ²/λ is averaged over this many top pairs for the headline ratio. */
    static final int RATIO_TOP = 5;

    private final double[] lambda;
    private final double[][] raw;
    private final NoiseResult noise;
    private final double[] rowTrHC;
    private final double traceH;
    private final double[] traceProbes;
    private final long p;
    private final double[][] basisCosine;

    /**
     * @param lambda   λ of the converged pairs
     * @param raw      n × k projections gᵢᵀvₖ (uncentred) on their eigenvectors
     * @param rowTrHC  g̃ᵢᵀHg̃ᵢ per sample, or null when tr(HC) was not computed exactly
     * @param traceH   tr H
     * @param traceProbes zᵀHz of the Hutchinson probes tr H is the mean of, or empty when tr H is exact:
     *                 a resample also resamples them, so the intervals of the metrics that divide by
     *                 tr H carry its error beside the noise samples' (the two are independent)
     */
    AlignmentStatistics(double[] lambda, double[][] raw, NoiseResult noise, double[] rowTrHC, double traceH, double[] traceProbes, long p) {
        if (raw.length != noise.samples()) throw new IllegalArgumentException(raw.length + " projected rows for " + noise.samples() + " samples");
        for (double[] r : raw) if (r.length != lambda.length) throw new IllegalArgumentException("projections on " + r.length + " directions, " + lambda.length + " eigenvalues");
        this.lambda = lambda.clone();
        this.raw = raw;
        this.noise = noise;
        this.rowTrHC = rowTrHC;
        this.traceH = traceH;
        this.traceProbes = traceProbes.clone();
        this.p = p;
        int n = noise.samples();
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        this.basisCosine = cosines(centred(w, means(w)));
    }

    /** eₘᵀvₗ for the kept eigenvectors eₘ of C: uₘᵀ(G̃vₗ)/√κₘ. */
    private double[][] cosines(double[][] centred) {
        double[][] u = noise.gramEigenvectors();
        double[] kappa = noise.gramEigenvalues();
        double[][] out = new double[u.length][k()];
        for (int m = 0; m < u.length; m++) {
            if (!(kappa[m] > 0)) continue;
            double inv = 1 / Math.sqrt(kappa[m]);
            for (int l = 0; l < k(); l++) {
                double s = 0;
                for (int i = 0; i < centred.length; i++) s += u[m][i] * centred[i][l];
                out[m][l] = s * inv;
            }
        }
        return out;
    }

    int k() { return lambda.length; }

    /** The measured values: uniform weights, C's eigenvectors from the noise measurement. */
    Map<String, double[]> point() {
        int n = noise.samples();
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        double[][] centred = centred(w, means(w));
        return compute(w, noise.trace(), traceH, centred, pointOverlap());
    }

    /**
     * A bootstrap resample's values (the overlap from the resample's own noise eigenvectors), with
     * tr H the mean of the Hutchinson probes resampled with replacement (rng) when it is estimated.
     */
    Map<String, double[]> at(double[] w, java.util.SplittableRandom rng) {
        NoiseResult.Resample rs = noise.resample(w);
        double[][] centred = centred(w, means(w));
        return compute(w, rs.trace(), resampledTraceH(rng), centred, resampleOverlap(w));
    }

    private double resampledTraceH(java.util.SplittableRandom rng) {
        int m = traceProbes.length;
        if (m == 0) return traceH;
        double s = 0;
        for (int i = 0; i < m; i++) s += traceProbes[rng.nextInt(m)];
        return s / m;
    }

    /** k used by the subspace overlap: converged pairs, or fewer when C has lower rank. */
    int overlapK() {
        double[] kappa = noise.gramEigenvalues();
        int ok = 0;
        while (ok < Math.min(k(), noise.gramEigenvectors().length) && kappa[ok] > 1e-12 * kappa[0]) ok++;
        return ok;
    }

    private double[] means(double[] w) {
        double[] m = new double[k()];
        for (int i = 0; i < raw.length; i++) for (int j = 0; j < m.length; j++) m[j] += w[i] * raw[i][j];
        return m;
    }

    private double[][] centred(double[] w, double[] m) {
        double[][] c = new double[raw.length][k()];
        for (int i = 0; i < raw.length; i++) for (int j = 0; j < m.length; j++) c[i][j] = raw[i][j] - m[j];
        return c;
    }

    /** {cosines…, overlap} from C's eigenvectors uⱼ of K̃: wⱼᵀvₗ = uⱼᵀ(G̃vₗ)/√κⱼ. */
    private double[] pointOverlap() {
        int ok = overlapK();
        double[] out = new double[ok + 1];
        double frob = 0;
        for (int j = 0; j < ok; j++) {
            for (int l = 0; l < ok; l++) {
                double s = basisCosine[j][l];
                frob += s * s;
                if (l == j) out[j] = Math.abs(s);
            }
        }
        out[ok] = ok > 0 ? frob / ok : Double.NaN;
        return out;
    }

    /**
     * Eigenvectors of C kept for a resample's overlap: the top r = max(3k, k + 50) (at most n and P, C's largest possible rank). A
     * resample's C* is expressed in the basis of the measured C's top r eigenvectors eⱼ, where
     * sample i has coordinates √κⱼuⱼ(i); its top k eigenvectors lie in that basis up to the weight
     * of C's spectrum beyond r, and the cost per resample is n·r² instead of a Lanczos run on n × n.
     */
    static int basisSize(int k, int n, long parameters) { return (int) Math.min(Math.min(n, parameters), Math.max(3 * k, k + 50)); }

    /**
     * The overlap for a resample: C*'s coordinates A = D(Uᵀ W U − (Uᵀw)(Uᵀw)ᵀ)D with U the r kept
     * unit eigenvectors of K̃, D = diag(√κ/…), so C*'s eigenvectors are Y in the e-basis and
     * w*ⱼᵀvₗ = Σ_m Y_mj (eₘᵀvₗ), with eₘᵀvₗ = uₘᵀ(G̃vₗ)/√κₘ from the measurement.
     */
    private double[] resampleOverlap(double[] w) {
        int ok = overlapK();
        double[] out = new double[ok + 1];
        if (ok == 0) {
            out[0] = Double.NaN;
            return out;
        }
        double[][] u = noise.gramEigenvectors();
        double[] kappa = noise.gramEigenvalues();
        int r = 0;
        while (r < u.length && kappa[r] > 1e-12 * kappa[0]) r++;
        int n = w.length;
        double[] uw = new double[r];
        double[][] a = new double[r][r];
        for (int i = 0; i < n; i++) {
            if (w[i] == 0) continue;
            for (int j = 0; j < r; j++) {
                double x = w[i] * u[j][i];
                uw[j] += x;
                double[] aj = a[j];
                for (int l = 0; l <= j; l++) aj[l] += x * u[l][i];
            }
        }
        for (int j = 0; j < r; j++) {
            double sj = Math.sqrt(kappa[j]);
            for (int l = 0; l <= j; l++) {
                double v = (a[j][l] - uw[j] * uw[l]) * sj * Math.sqrt(kappa[l]);
                a[j][l] = v;
                a[l][j] = v;
            }
        }
        SymmetricEigen e = SymmetricEigen.of(a, true);
        double frob = 0;
        for (int j = 0; j < ok; j++) {
            double[] y = e.vectors()[j];
            for (int l = 0; l < ok; l++) {
                double s = 0;
                for (int m = 0; m < r; m++) s += y[m] * basisCosine[m][l];
                frob += s * s;
                if (l == j) out[j] = Math.abs(s);
            }
        }
        out[ok] = frob / ok;
        return out;
    }

    private Map<String, double[]> compute(double[] w, double traceC, double traceH, double[][] centred, double[] overlap) {
        int k = k();
        double[] sigma2 = new double[k], ratio = new double[k], fraction = new double[k];
        for (int i = 0; i < centred.length; i++) {
            for (int j = 0; j < k; j++) sigma2[j] += w[i] * centred[i][j] * centred[i][j];
        }
        double trHC = 0, sumLambda = 0, cum = 0, top = 0;
        int topCount = 0;
        for (int j = 0; j < k; j++) {
            ratio[j] = lambda[j] > 0 ? sigma2[j] / lambda[j] : Double.NaN;
            if (lambda[j] > 0 && topCount < RATIO_TOP) {
                top += ratio[j];
                topCount++;
            }
            trHC += lambda[j] * sigma2[j];
            sumLambda += lambda[j];
            cum += sigma2[j];
            fraction[j] = cum / traceC;
        }
        LogLogFit fit = LogLogFit.fit(lambda, sigma2);
        double topIso = sumLambda * traceC / p, iso = traceH * traceC / p;
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put(Metric.ALIGNMENT_SIGMA2.key(), sigma2);
        m.put(Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA.key(), ratio);
        m.put(Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5.key(), new double[] {topCount > 0 ? top / topCount : Double.NaN});
        m.put(Metric.ALIGNMENT_SLOPE.key(), new double[] {fit.slope()});
        m.put(Metric.ALIGNMENT_INTERCEPT.key(), new double[] {fit.intercept()});
        m.put(Metric.ALIGNMENT_R2.key(), new double[] {fit.r2()});
        m.put(Metric.ALIGNMENT_TRHC_TOPK.key(), new double[] {k > 0 ? trHC : Double.NaN});
        m.put(Metric.ALIGNMENT_TRHC_TOPK_ISOTROPIC.key(), new double[] {k > 0 ? topIso : Double.NaN});
        m.put(Metric.ALIGNMENT_TRHC_TOPK_RATIO.key(), new double[] {k > 0 ? trHC / topIso : Double.NaN});
        m.put(Metric.ALIGNMENT_NOISE_FRACTION_BY_K.key(), fraction);
        m.put(Metric.ALIGNMENT_NOISE_FRACTION.key(), new double[] {k > 0 ? fraction[k - 1] : Double.NaN});
        m.put(Metric.ALIGNMENT_TRHC_ISOTROPIC.key(), new double[] {iso});
        if (rowTrHC != null) {
            double exact = 0;
            // The resample's own re-centring changes each term by O(1/n) of tr(HC); it is left out.
            for (int i = 0; i < w.length; i++) exact += w[i] * rowTrHC[i];
            m.put(Metric.ALIGNMENT_TRHC_EXACT.key(), new double[] {exact});
            m.put(Metric.ALIGNMENT_TRHC_EXACT_RATIO.key(), new double[] {exact / iso});
        }
        int ok = overlap.length - 1;
        m.put(Metric.ALIGNMENT_COSINES.key(), java.util.Arrays.copyOf(overlap, ok));
        m.put(Metric.ALIGNMENT_SUBSPACE_OVERLAP.key(), new double[] {overlap[ok]});
        return m;
    }
}
