package flatbench.measure;

import flatbench.train.Sampling;

/**
 * How the per-step noise of SGD relates to the per-sample covariance C: a step of B samples
 * drawn from a data set of N has noise C/B with replacement, times (N−B)/(N−1) without.
 *
 * @param stepBatchSize    B, the mini-batch size of the optimiser step
 * @param sampling         how mini-batches are drawn
 * @param datasetSize      N; 0 means the noise batch itself is the data set
 * @param exactTrHCMaxSamples tr(HC) is also computed exactly as (1/n) Σ g̃ᵢᵀ H g̃ᵢ (n operator
 *                         products) when the noise batch has at most this many samples; 0 disables
 * @param exactTrHCMaxParameters ... and the model has at most this many parameters (small models only)
 * @param denseGramMax     up to this n the n × n Gram matrix is diagonalised densely (all n
 *                         eigenvalues); above it, dense O(n³) work takes minutes, so Lanczos finds the top ones
 * @param gramEigenvalues  how many top Gram eigenvalues Lanczos finds above denseGramMax
 */
public record NoiseConfig(int stepBatchSize, Sampling sampling, long datasetSize, int exactTrHCMaxSamples, long exactTrHCMaxParameters,
                          int denseGramMax, int gramEigenvalues) {

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
    }

    public static NoiseConfig defaults() {
        // Exact tr(HC) costs n Hessian products: worth it for the small models (MLP, small CNN), not for LeNet or ResNet.
        return new NoiseConfig(1, Sampling.WITH_REPLACEMENT, 0, 512, 100_000L, 768, 100);
    }

    public NoiseConfig withStep(int batchSize, Sampling scheme, long dataset) {
        return new NoiseConfig(batchSize, scheme, dataset, exactTrHCMaxSamples, exactTrHCMaxParameters, denseGramMax, gramEigenvalues);
    }

    public NoiseConfig withGramSpectrum(int denseMax, int topEigenvalues) {
        return new NoiseConfig(stepBatchSize, sampling, datasetSize, exactTrHCMaxSamples, exactTrHCMaxParameters, denseMax, topEigenvalues);
    }

    public NoiseConfig withExactTrHCMaxSamples(int max) {
        return new NoiseConfig(stepBatchSize, sampling, datasetSize, max, exactTrHCMaxParameters, denseGramMax, gramEigenvalues);
    }

    /** Whether tr(HC) is also computed exactly for this noise batch size and model size. */
    public boolean exactTrHC(int noiseSamples, long parameters) {
        return noiseSamples <= exactTrHCMaxSamples && parameters <= exactTrHCMaxParameters;
    }

    /** The factor f with per-step noise covariance f·C, given n noise samples when no data set size is set. */
    public double stepFactor(int noiseSamples) {
        long n = datasetSize > 0 ? datasetSize : noiseSamples;
        return sampling.finitePopulationFactor(n, stepBatchSize) / stepBatchSize;
    }
}
