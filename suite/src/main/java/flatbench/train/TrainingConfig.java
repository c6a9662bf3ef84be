package flatbench.train;

/**
 * How a {@link Trainer} trains: step size, mini-batch, update rule, batch order and when to stop.
 *
 * @param learningRate     η: the step of SGD and Adam, the outer step of Entropy-SGD
 * @param batchSize        B
 * @param rule             the update rule (SGD with optional momentum, Adam, Entropy-SGD)
 * @param sampling         how batches are drawn
 * @param seed             seeds the batch order and any noise the rule draws; a run is deterministic for a given seed
 * @param divergenceFactor training stops as diverged at a step whose loss is not finite or exceeds this many times the first step's loss
 */
public record TrainingConfig(double learningRate, int batchSize, UpdateRule rule, Sampling sampling, long seed, double divergenceFactor) {
    public TrainingConfig {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("learning rate must be a positive number, not " + learningRate);
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
        if (rule == null) throw new IllegalArgumentException("an update rule is required");
        if (!(divergenceFactor > 1)) throw new IllegalArgumentException("the divergence factor must be above 1, not " + divergenceFactor);
    }

    /** Plain SGD (μ = 0) or heavy-ball momentum. */
    public static TrainingConfig sgd(double learningRate, int batchSize, double momentum, Sampling sampling, long seed, double divergenceFactor) {
        return new TrainingConfig(learningRate, batchSize, new UpdateRule.Sgd(momentum), sampling, seed, divergenceFactor);
    }
}
