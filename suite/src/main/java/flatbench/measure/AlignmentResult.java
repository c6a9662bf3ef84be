package flatbench.measure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the gradient noise covariance C lines up with the curvature H (Hessian or Gauss–Newton,
 * as measured), along H's top-k eigenvectors vₖ with eigenvalues λₖ.
 *
 * @param lambda              λₖ
 * @param sigma2              σ²ₖ = vₖᵀCvₖ
 * @param sigma2VsLambda      log–log fit of σ²ₖ against λₖ over positive pairs
 * @param trHC                Σₖ λₖσ²ₖ, tr(HC) restricted to the top-k subspace
 * @param trHCExact           (1/n) Σᵢ g̃ᵢᵀHg̃ᵢ = tr(HC) for the sample C; NaN when not computed
 * @param trHCIsotropic       tr(H)tr(C)/P, the value for noise of the same power spread evenly
 * @param noiseFractionByK    Σ_{j≤k} σ²ⱼ / tr C for k = 1..K; the last is topKNoiseFraction
 * @param overlapK            k used for the subspace overlap (K, or fewer when C has lower rank)
 * @param subspaceOverlap     ‖U_Cᵀ V_H‖²_F / k over the top-k eigenvectors of C and H
 * @param eigenvectorCosines  |cos| between the j-th eigenvectors of C and of H
 * @param gradientOverlapByK  ‖P_k ḡ‖²/‖ḡ‖² for k = 1..K; the last is gradientTopKOverlap
 * @param diagonalPowerLaw    fit of C_ii ∝ H_ii^γ over entries with both positive, H_ii from Hutchinson
 */
public record AlignmentResult(double[] lambda, double[] sigma2, LogLogFit sigma2VsLambda, double trHC, double trHCExact,
                              double trHCIsotropic, double[] noiseFractionByK, int overlapK, double subspaceOverlap,
                              double[] eigenvectorCosines, double[] gradientOverlapByK, LogLogFit diagonalPowerLaw) {

    public int k() { return lambda.length; }

    public double topKNoiseFraction() { return noiseFractionByK[noiseFractionByK.length - 1]; }

    public double gradientTopKOverlap() { return gradientOverlapByK[gradientOverlapByK.length - 1]; }

    /** σ²ₖ/λₖ (NaN where λₖ ≤ 0): ≈ 1 near a minimum of a well-specified cross-entropy model (Fisher = Hessian; per step C/B ≈ H/B). */
    public double[] sigma2OverLambda() {
        double[] r = new double[lambda.length];
        for (int i = 0; i < r.length; i++) r[i] = lambda[i] > 0 ? sigma2[i] / lambda[i] : Double.NaN;
        return r;
    }

    /** Summary for metrics.alignment, with the metric names the reports and comparisons use. */
    public Map<String, Object> toMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", k());
        m.put("lambda", lambda);
        m.put("sigma2", Metrics.array(sigma2));
        m.put("sigma2OverLambda", Metrics.array(sigma2OverLambda()));
        Metrics.putFinite(m, "sigma2VsLambdaSlope", sigma2VsLambda.slope());
        Metrics.putFinite(m, "sigma2VsLambdaIntercept", sigma2VsLambda.intercept());
        Metrics.putFinite(m, "sigma2VsLambdaR2", sigma2VsLambda.r2());
        m.put("sigma2VsLambdaPoints", sigma2VsLambda.points());
        Metrics.putFinite(m, "trHC", trHC);
        Metrics.putFinite(m, "trHCExact", trHCExact);
        Metrics.putFinite(m, "trHCIsotropic", trHCIsotropic);
        Metrics.putFinite(m, "trHCRatio", trHC / trHCIsotropic);
        Metrics.putFinite(m, "trHCExactRatio", trHCExact / trHCIsotropic);
        Metrics.putFinite(m, "topKNoiseFraction", topKNoiseFraction());
        m.put("noiseFractionByK", Metrics.array(noiseFractionByK));
        m.put("overlapK", overlapK);
        Metrics.putFinite(m, "subspaceOverlap", subspaceOverlap);
        m.put("eigenvectorCosines", Metrics.array(eigenvectorCosines));
        Metrics.putFinite(m, "gradientTopKOverlap", gradientTopKOverlap());
        m.put("gradientOverlapByK", Metrics.array(gradientOverlapByK));
        Metrics.putFinite(m, "diagonalPowerLaw", diagonalPowerLaw.slope());
        Metrics.putFinite(m, "diagonalPowerLawR2", diagonalPowerLaw.r2());
        m.put("diagonalPowerLawPoints", diagonalPowerLaw.points());
        return m;
    }

    /**
     * Combines a spectrum, a noise measurement and the noise batch's projections on the
     * spectrum's eigenvectors (from {@link NoiseCovariance#project}).
     */
    public static AlignmentResult compute(SpectrumResult h, NoiseResult c, NoiseCovariance.Projections proj, double trHCExact) {
        double[] lambda = h.topEigenvalues();
        int k = lambda.length;
        if (proj.variances().length != k) throw new IllegalArgumentException("projections are on " + proj.variances().length + " directions, the spectrum has " + k);
        double[] sigma2 = proj.variances().clone();
        double trHC = 0;
        double[] fraction = new double[k], gradient = new double[k];
        double cum = 0, gcum = 0;
        for (int j = 0; j < k; j++) {
            trHC += lambda[j] * sigma2[j];
            cum += sigma2[j];
            fraction[j] = cum / c.trace();
            gcum += proj.means()[j] * proj.means()[j];
            gradient[j] = gcum / c.meanGradientNormSquared();
        }
        long p = c.diagonal().length;
        double iso = h.trace().trace() * c.trace() / p;

        // wⱼᵀvₗ = uⱼᵀ(G̃vₗ)/√κⱼ: C's eigenvectors never need to exist in parameter space.
        double[] kappa = c.gramEigenvalues();
        double[][] u = c.gramEigenvectors();
        int ok = 0;
        while (ok < Math.min(k, u.length) && kappa[ok] > 1e-12 * kappa[0]) ok++;
        double[][] pc = proj.centred();
        double frob = 0;
        double[] cos = new double[ok];
        for (int j = 0; j < ok; j++) {
            double inv = 1 / Math.sqrt(kappa[j]);
            for (int l = 0; l < ok; l++) {
                double s = 0;
                for (int i = 0; i < pc.length; i++) s += u[j][i] * pc[i][l];
                s *= inv;
                frob += s * s;
                if (l == j) cos[j] = Math.abs(s);
            }
        }
        double overlap = ok > 0 ? frob / ok : Double.NaN;
        LogLogFit diag = LogLogFit.fit(h.trace().diagonal(), c.diagonal());
        return new AlignmentResult(lambda.clone(), sigma2, LogLogFit.fit(lambda, sigma2), trHC, trHCExact, iso,
                fraction, ok, overlap, cos, gradient, diag);
    }
}
