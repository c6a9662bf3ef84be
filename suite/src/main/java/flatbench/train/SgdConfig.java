package flatbench.train;

/**
 * Plain SGD with optional heavy-ball momentum: v ← μv + ∇L, θ ← θ − ηv.
 *
 * @param learningRate     η
 * @param batchSize        B
 * @param momentum         μ (0 for plain SGD)
 * @param sampling         how batches are drawn
 * @param seed             seeds the batch order; a run is deterministic for a given seed
 * @param divergenceFactor training stops as diverged at a step whose loss is not finite or exceeds this many times the first step's loss
 */
public record SgdConfig(double learningRate, int batchSize, double momentum, Sampling sampling, long seed, double divergenceFactor) {
    public SgdConfig {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("learning rate must be a positive number, not " + learningRate);
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1), not " + momentum);
        if (!(divergenceFactor > 1)) throw new IllegalArgumentException("the divergence factor must be above 1, not " + divergenceFactor);
    }
}
