package flatbench.train;

/**
 * Plain SGD with optional heavy-ball momentum: v ← μv + ∇L, θ ← θ − ηv.
 *
 * @param learningRate η
 * @param batchSize    B
 * @param momentum     μ (0 for plain SGD)
 * @param sampling     how batches are drawn
 * @param seed         seeds the batch order; a run is deterministic for a given seed
 */
public record SgdConfig(double learningRate, int batchSize, double momentum, Sampling sampling, long seed) {
    public SgdConfig {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("learning rate must be a positive number, not " + learningRate);
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1), not " + momentum);
    }
}
