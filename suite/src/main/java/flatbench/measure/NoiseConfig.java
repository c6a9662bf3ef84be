package flatbench.measure;

import flatbench.train.Sampling;

/**
 * How the per-step noise of SGD relates to the per-sample covariance C: a step of B samples
 * drawn from a data set of N has noise C/B with replacement, times (N−B)/(N−1) without.
 *
 * @param stepBatchSize    B, the mini-batch size of the optimiser step
 * @param sampling         how mini-batches are drawn
 * @param datasetSize      N, the training samples the mini-batches and the noise batch (without
 *                         replacement) are drawn from; 0 means the noise batch itself is the data set
 * @param exactTrHCMaxSamples tr(HC) is also computed exactly as (1/n) Σ g̃ᵢᵀ H g̃ᵢ (n operator
 *                         products) when the noise batch has at most this many samples; 0 disables
 * @param exactTrHCMaxParameters ... and the model has at most this many parameters (small models only)
 * @param denseGramMax     up to this n the n × n Gram matrix is diagonalised densely (all n
 *                         eigenvalues); above it, dense O(n³) work takes minutes, so Lanczos finds the top ones
 * @param gramEigenvalues  how many top Gram eigenvalues Lanczos finds above denseGramMax
 * @param exactTrHCMaxWork ... and n × curvature samples × P, the work of the n products, is at most this
 * @param bootstrapResamples resamples of the noise samples behind every 95% interval
 * @param seed             seeds the bootstrap resampling
 */
public record NoiseConfig(int stepBatchSize, Sampling sampling, long datasetSize, int exactTrHCMaxSamples, long exactTrHCMaxParameters,
                          int denseGramMax, int gramEigenvalues, double exactTrHCMaxWork, int bootstrapResamples, long seed) {

    public NoiseConfig {
        if (stepBatchSize < 1) throw new IllegalArgumentException("step batch size must be at least 1, not " + stepBatchSize);
        if (sampling == null) throw new IllegalArgumentException("choose a sampling scheme (with or without replacement)");
        if (datasetSize < 0) throw new IllegalArgumentException("data set size must not be negative");
        if (datasetSize > 0 && datasetSize < stepBatchSize) {
            throw new IllegalArgumentException("step batch size " + stepBatchSize + " exceeds the data set size " + datasetSize);
        }
        if (exactTrHCMaxParameters < 0) throw new IllegalArgumentException("exactTrHCMaxParameters must not be negative");
        if (exactTrHCMaxSamples < 0) throw new IllegalArgumentException("exactTrHCMaxSamples must not be negative");
        if (denseGramMax < 0 || gramEigenvalues < 1) throw new IllegalArgumentException("denseGramMax must be ≥ 0 and gramEigenvalues ≥ 1");
        if (!(exactTrHCMaxWork >= 0)) throw new IllegalArgumentException("exactTrHCMaxWork must not be negative");
        // 40 resamples is the least for which the 2.5% and 97.5% quantiles are distinct order statistics.
        if (bootstrapResamples < 40) throw new IllegalArgumentException("the bootstrap needs at least 40 resamples, not " + bootstrapResamples);
    }

    public static NoiseConfig defaults() {
        // Exact tr(HC) costs n Hessian products over the curvature data: worth it for the small models
        // (MLP, small CNN) on a few hundred curvature samples (512 × 128 × 42,310 = 2.8e9), not over a
        // whole training set (1.7e11 for the MLP on 8,000 digits, some 10 minutes on 2 cores) nor for LeNet or ResNet.
        // 1,000 resamples make the 2.5% and 97.5% quantiles stable to a few per cent of the interval's width.
        return new NoiseConfig(1, Sampling.WITH_REPLACEMENT, 0, 512, 100_000L, 768, 100, 5e9, 1000, 1L);
    }

    public NoiseConfig withStep(int batchSize, Sampling scheme, long dataset) {
        return new NoiseConfig(batchSize, scheme, dataset, exactTrHCMaxSamples, exactTrHCMaxParameters, denseGramMax, gramEigenvalues,
                exactTrHCMaxWork, bootstrapResamples, seed);
    }

    public NoiseConfig withGramSpectrum(int denseMax, int topEigenvalues) {
        return new NoiseConfig(stepBatchSize, sampling, datasetSize, exactTrHCMaxSamples, exactTrHCMaxParameters, denseMax, topEigenvalues,
                exactTrHCMaxWork, bootstrapResamples, seed);
    }

    public NoiseConfig withExactTrHCMaxSamples(int max) {
        return new NoiseConfig(stepBatchSize, sampling, datasetSize, max, exactTrHCMaxParameters, denseGramMax, gramEigenvalues,
                exactTrHCMaxWork, bootstrapResamples, seed);
    }

    public NoiseConfig withBootstrap(int resamples, long bootstrapSeed) {
        return new NoiseConfig(stepBatchSize, sampling, datasetSize, exactTrHCMaxSamples, exactTrHCMaxParameters, denseGramMax, gramEigenvalues,
                exactTrHCMaxWork, resamples, bootstrapSeed);
    }

    /** Whether tr(HC) is also computed exactly for this noise batch, curvature data and model size. */
    public boolean exactTrHC(int noiseSamples, int curvatureSamples, long parameters) {
        return noiseSamples <= exactTrHCMaxSamples && parameters <= exactTrHCMaxParameters
                && (double) noiseSamples * curvatureSamples * parameters <= exactTrHCMaxWork;
    }

    /** The factor f with per-step noise covariance f·C, given n noise samples when no data set size is set. */
    public double stepFactor(int noiseSamples) {
        long n = datasetSize > 0 ? datasetSize : noiseSamples;
        return sampling.finitePopulationFactor(n, stepBatchSize) / stepBatchSize;
    }
}
