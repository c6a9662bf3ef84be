package flatbench.train;

/**
 * Everything a {@link Trainer} carries from one step to the next, as host values: enough to
 * continue a run bit-identically in another process ({@link Trainer#restore}).
 *
 * @param steps        steps done (a diverged step counts: it drew its batch)
 * @param batchesDrawn batches the sampler has drawn; its RNG is replayed to this position
 * @param firstLoss    the first step's loss, the divergence reference (NaN before the first step)
 * @param losses       the loss of every finished step
 * @param seconds      wall time of training so far (a measurement, not state the steps depend on)
 * @param divergence   why training stopped, or null
 * @param parameters   the trainer's parameters θ (flat layout), which the engine may hold rounded to its precision
 * @param optimizer    the update rule's buffers
 */
public record TrainingState(int steps, long batchesDrawn, double firstLoss, double[] losses, double seconds, Divergence divergence,
                            double[] parameters, OptimizerState optimizer) {
    public TrainingState {
        if (steps < 0 || batchesDrawn < 0) throw new IllegalArgumentException("steps and batches drawn must not be negative");
        if (losses.length > steps) throw new IllegalArgumentException(losses.length + " losses for " + steps + " steps");
    }
}
