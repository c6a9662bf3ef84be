package flatbench.measure;

import flatbench.train.Sampling;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-sample gradient covariance C = (1/n) Σ (gᵢ − ḡ)(gᵢ − ḡ)ᵀ over n samples, seen through
 * the centred Gram matrix K̃ = G̃G̃ᵀ (its eigenvalues are n × those of C) and diag(C).
 *
 * @param samples                n
 * @param meanGradient           ḡ (length P, host)
 * @param diagonal               diag(C) (length P, host)
 * @param gradientNorms          ‖gᵢ‖ for each sample
 * @param rowSeconds             wall time of the one streamed pass over the per-sample gradients
 *                               (the engine's work plus the mean/variance accumulation)
 * @param trace                  tr C = Σ diag(C), from the streamed rows
 * @param traceFromGram          tr K̃ / n, from the engine's Gram path (a consistency check)
 * @param meanGradientNormSquared ‖ḡ‖²
 * @param gramEigenvalues        eigenvalues of K̃, largest first: all n (dense method) or the top ones (Lanczos)
 * @param gramEigenvectors       unit eigenvectors uⱼ of K̃ for the largest few (each length n)
 * @param gramMethod             "dense" or "lanczos-top-m"
 * @param gramConverged          false when Lanczos left some wanted Gram eigenpairs above its tolerance
 * @param sampling               how a step's mini-batch is drawn
 * @param stepBatchSize          B of a step
 * @param datasetSize            N the mini-batches are drawn from (n when not set)
 * @param stepFactor             per-step noise covariance = stepFactor · C
 */
public record NoiseResult(int samples, double[] meanGradient, double[] diagonal, double[] gradientNorms, double rowSeconds, double trace, double traceFromGram,
                          double meanGradientNormSquared, double[] gramEigenvalues, double[][] gramEigenvectors,
                          String gramMethod, boolean gramConverged,
                          Sampling sampling, int stepBatchSize, long datasetSize, double stepFactor) {

    /** Eigenvalues of C itself, largest first: those of K̃ over n. */
    public double[] covarianceEigenvalues() {
        double[] c = gramEigenvalues.clone();
        for (int i = 0; i < c.length; i++) c[i] /= samples;
        return c;
    }

    /**
     * Unbiased estimate of |G|², the squared norm of the true mean gradient. ‖ḡ‖² is biased
     * upward: E‖ḡ‖² = |G|² + tr Σ/n with Σ = n/(n−1)·C, so near a minimum ‖ḡ‖² is mostly noise.
     */
    public double trueGradientNormSquared() { return meanGradientNormSquared - trace / (samples - 1); }

    /**
     * McCandlish et al.'s simple noise scale B = tr Σ / |G|², the batch size where noise and signal
     * balance, from unbiased estimates of both (their appendix A). NaN when the n samples do not
     * resolve |G|² (its estimate is not positive).
     */
    public double gradientNoiseScale() {
        double g2 = trueGradientNormSquared();
        return g2 > 0 ? trace * samples / (samples - 1) / g2 : Double.NaN;
    }

    /** tr(C)/‖ḡ‖² with the biased plug-in ‖ḡ‖²: it levels off near n when the true gradient is small. */
    public double naiveGradientNoiseScale() { return trace / meanGradientNormSquared; }

    /** tr of the per-step noise covariance. */
    public double stepTrace() { return trace * stepFactor; }

    /** Summary for metrics.noise in result.json; P-length vectors stay out (write them as arrays). */
    public Map<String, Object> toMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("perSampleGradientSeconds", rowSeconds);
        m.put("trace", trace);
        m.put("traceFromGram", traceFromGram);
        m.put("meanGradientNormSquared", meanGradientNormSquared);
        m.put("trueGradientNormSquared", trueGradientNormSquared());
        Metrics.putFinite(m, "gradientNoiseScale", gradientNoiseScale());
        Metrics.putFinite(m, "naiveGradientNoiseScale", naiveGradientNoiseScale());
        m.put("gramEigenvalues", gramEigenvalues);
        m.put("gramMethod", gramMethod);
        m.put("gramConverged", gramConverged);
        double[] c = covarianceEigenvalues();
        m.put("topEigenvalues", java.util.Arrays.copyOf(c, gramEigenvectors.length));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("scheme", sampling.label());
        s.put("stepBatchSize", stepBatchSize);
        s.put("datasetSize", datasetSize);
        s.put("stepFactor", stepFactor);
        m.put("sampling", s);
        m.put("stepTrace", stepTrace());
        return m;
    }
}
