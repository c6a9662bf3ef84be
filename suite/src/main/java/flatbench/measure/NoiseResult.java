package flatbench.measure;

import flatbench.record.Estimate;
import flatbench.record.Metric;
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
 * @param datasetSize            N the mini-batches and the noise batch are drawn from (n when not set)
 * @param stepFactor             per-step noise covariance = stepFactor · C
 * @param centredGram            K̃ itself (n × n): bootstrap resamples are computed from it
 * @param meanDots               g̃ᵢᵀḡ per sample, for resampled ‖ḡ‖²
 * @param intervals              95% bootstrap intervals of the noise statistics, by metric key
 * @param resamples              bootstrap resamples behind them
 * @param bootstrapSeed          their seed
 */
public record NoiseResult(int samples, double[] meanGradient, double[] diagonal, double[] gradientNorms, double rowSeconds, double trace, double traceFromGram,
                          double meanGradientNormSquared, double[] gramEigenvalues, double[][] gramEigenvectors,
                          String gramMethod, boolean gramConverged,
                          Sampling sampling, int stepBatchSize, long datasetSize, double stepFactor,
                          double[][] centredGram, double[] meanDots, Bootstrap.Intervals intervals, int resamples, long bootstrapSeed) {

    /** Eigenvalues of C itself, largest first: those of K̃ over n. */
    public double[] covarianceEigenvalues() {
        double[] c = gramEigenvalues.clone();
        for (int i = 0; i < c.length; i++) c[i] /= samples;
        return c;
    }

    /**
     * Unbiased estimate of |G|², the squared norm of the mean gradient over the N samples the
     * noise batch was drawn from (without replacement). ‖ḡ‖² is biased upward:
     * E‖ḡ‖² = |G|² + (1 − n/N)·tr Σ/n with Σ estimated by n/(n−1)·C, so the estimate subtracts
     * (1 − n/N)·tr C/(n − 1); at n = N, ḡ is G itself and nothing is subtracted.
     */
    public double trueGradientNormSquared() { return trueGradientNormSquared(meanGradientNormSquared, trace, samples, datasetSize); }

    static double trueGradientNormSquared(double meanNormSquared, double traceC, int n, long population) {
        double unsampled = 1 - (double) n / Math.max(n, population);
        return meanNormSquared - unsampled * traceC / (n - 1);
    }

    /**
     * McCandlish et al.'s simple noise scale B = tr Σ / |G|², the batch size where noise and signal
     * balance, from unbiased estimates of both (their appendix A). NaN when the n samples do not
     * resolve |G|² (its estimate is not positive).
     */
    public double gradientNoiseScale() { return noiseScale(trace, trueGradientNormSquared(), samples); }

    private static double noiseScale(double traceC, double g2, int n) {
        return g2 > 0 ? traceC * n / (n - 1) / g2 : Double.NaN;
    }

    /** tr(C)/‖ḡ‖² with the biased plug-in ‖ḡ‖²: it levels off near n when the true gradient is small. */
    public double naiveGradientNoiseScale() { return trace / meanGradientNormSquared; }

    /** tr of the per-step noise covariance. */
    public double stepTrace() { return trace * stepFactor; }

    /**
     * tr C and ‖ḡ‖² of a resample given as weights wᵢ (summing to 1), from K̃ alone: with
     * δ = Σ wᵢg̃ᵢ the resample's mean shift, tr C* = Σ wᵢK̃ᵢᵢ − wᵀK̃w and ‖ḡ*‖² = ‖ḡ‖² + 2Σ wᵢg̃ᵢᵀḡ + wᵀK̃w.
     *
     * @param gramTimesW K̃w, reused by the alignment statistics
     */
    record Resample(double trace, double meanNormSquared, double[] gramTimesW, double wGw) {}

    Resample resample(double[] w) {
        int n = samples;
        double[] kw = new double[n];
        double wkw = 0, diag = 0, dots = 0;
        for (int i = 0; i < n; i++) {
            double[] row = centredGram[i];
            double s = 0;
            for (int j = 0; j < n; j++) s += row[j] * w[j];
            kw[i] = s;
            wkw += w[i] * s;
            diag += w[i] * row[i];
            dots += w[i] * meanDots[i];
        }
        return new Resample(diag - wkw, meanGradientNormSquared + 2 * dots + wkw, kw, wkw);
    }

    /** The noise statistics of a resample, by metric key (the bootstrap's statistic). */
    Map<String, double[]> statistics(Resample r) {
        Map<String, double[]> m = new LinkedHashMap<>();
        double g2 = trueGradientNormSquared(r.meanNormSquared(), r.trace(), samples, datasetSize);
        m.put(Metric.NOISE_TRACE.key(), new double[] {r.trace()});
        m.put(Metric.NOISE_MEAN_GRADIENT_NORM2.key(), new double[] {r.meanNormSquared()});
        m.put(Metric.NOISE_TRUE_GRADIENT_NORM2.key(), new double[] {g2});
        // A resample that does not resolve |G|² > 0 has an unbounded noise scale.
        m.put(Metric.NOISE_SCALE.key(), new double[] {g2 > 0 ? noiseScale(r.trace(), g2, samples) : Double.POSITIVE_INFINITY});
        m.put(Metric.NOISE_SCALE_NAIVE.key(), new double[] {r.trace() / r.meanNormSquared()});
        m.put(Metric.NOISE_STEP_TRACE.key(), new double[] {r.trace() * stepFactor});
        return m;
    }

    NoiseResult withIntervals(Bootstrap.Intervals iv) {
        return new NoiseResult(samples, meanGradient, diagonal, gradientNorms, rowSeconds, trace, traceFromGram, meanGradientNormSquared,
                gramEigenvalues, gramEigenvectors, gramMethod, gramConverged, sampling, stepBatchSize, datasetSize, stepFactor,
                centredGram, meanDots, iv, resamples, bootstrapSeed);
    }

    /** Summary for metrics.noise in result.json; P-length vectors stay out (write them as arrays). */
    public Map<String, Object> toMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        Metric.NOISE_SAMPLES.put(m, samples);
        Metric.NOISE_SECONDS.put(m, rowSeconds);
        Metric.NOISE_TRACE.put(m, intervals.estimate(Metric.NOISE_TRACE.key(), trace));
        Metric.NOISE_TRACE_FROM_GRAM.put(m, traceFromGram);
        Metric.NOISE_MEAN_GRADIENT_NORM2.put(m, intervals.estimate(Metric.NOISE_MEAN_GRADIENT_NORM2.key(), meanGradientNormSquared));
        Metric.NOISE_TRUE_GRADIENT_NORM2.put(m, intervals.estimate(Metric.NOISE_TRUE_GRADIENT_NORM2.key(), trueGradientNormSquared()));
        if (Double.isFinite(gradientNoiseScale())) Metric.NOISE_SCALE.put(m, intervals.estimate(Metric.NOISE_SCALE.key(), gradientNoiseScale()));
        if (Double.isFinite(naiveGradientNoiseScale())) {
            Metric.NOISE_SCALE_NAIVE.put(m, intervals.estimate(Metric.NOISE_SCALE_NAIVE.key(), naiveGradientNoiseScale()));
        }
        Metric.NOISE_GRAM_EIGENVALUES.put(m, gramEigenvalues);
        Metric.NOISE_GRAM_METHOD.put(m, gramMethod);
        Metric.NOISE_GRAM_CONVERGED.put(m, gramConverged);
        Metric.NOISE_TOP_EIGENVALUES.put(m, java.util.Arrays.copyOf(covarianceEigenvalues(), gramEigenvectors.length));
        Map<String, Object> s = new LinkedHashMap<>();
        Metric.NOISE_SAMPLING_SCHEME.put(s, sampling.label());
        Metric.NOISE_SAMPLING_BATCH.put(s, stepBatchSize);
        Metric.NOISE_SAMPLING_DATASET.put(s, datasetSize);
        Metric.NOISE_SAMPLING_FACTOR.put(s, stepFactor);
        m.put("sampling", s);
        Metric.NOISE_STEP_TRACE.put(m, intervals.estimate(Metric.NOISE_STEP_TRACE.key(), stepTrace()));
        Map<String, Object> u = new LinkedHashMap<>();
        Metric.NOISE_BOOTSTRAP_RESAMPLES.put(u, resamples);
        Metric.NOISE_BOOTSTRAP_SEED.put(u, bootstrapSeed);
        m.put("uncertainty", u);
        return m;
    }
}
