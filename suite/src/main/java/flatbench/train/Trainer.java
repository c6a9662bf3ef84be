package flatbench.train;

import java.util.Arrays;
import java.util.List;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * Runs SGD through the engine contract, so every engine trains the same way. A trainer can be
 * run in several segments (e.g. between measurement checkpoints): the batch order and the
 * momentum carry over, so segments of 100 + 200 steps equal one run of 300.
 */
public final class Trainer implements AutoCloseable {
    private final Engine engine;
    private final SgdConfig config;
    private final BatchSource batches;
    private final BatchSampler sampler;
    private final Vec velocity;
    private int stepsDone;

    /** Draws batches by index from the training set. */
    @FunctionalInterface
    public interface BatchSource {
        Batch batch(int[] indices);
    }

    /** What one segment (or several, see {@link #of(List)}) of training did. */
    public record Summary(int steps, double firstLoss, double lastLoss, double meanLastLosses, double seconds, double[] losses) {
        /** The final loss is averaged over this many last steps: one mini-batch loss is noisy. */
        static final int LAST_LOSSES = 20;

        static Summary of(double[] losses, double seconds) {
            int n = losses.length;
            int tail = Math.min(LAST_LOSSES, n);
            double mean = 0;
            for (int s = n - tail; s < n; s++) mean += losses[s];
            return new Summary(n, n == 0 ? Double.NaN : losses[0], n == 0 ? Double.NaN : losses[n - 1],
                    tail == 0 ? Double.NaN : mean / tail, seconds, losses);
        }

        /** Consecutive segments as one. */
        public static Summary of(List<Summary> segments) {
            double[] all = segments.stream().flatMapToDouble(x -> Arrays.stream(x.losses())).toArray();
            return of(all, segments.stream().mapToDouble(Summary::seconds).sum());
        }
    }

    public Trainer(Engine engine, SgdConfig config, int trainingSize, BatchSource batches) {
        this.engine = engine;
        this.config = config;
        this.batches = batches;
        this.sampler = new BatchSampler(trainingSize, config.batchSize(), config.sampling(), config.seed());
        this.velocity = config.momentum() > 0 ? engine.vectors().zeros() : null;
    }

    public int stepsDone() { return stepsDone; }

    /**
     * Trains for the given number of steps from the engine's current parameters. A step whose loss
     * is not finite stops training with an exception naming the step.
     */
    public Summary run(int steps, TrainingListener listener) {
        if (steps < 0) throw new IllegalArgumentException("steps must be non-negative, not " + steps);
        VectorSpace space = engine.vectors();
        double[] losses = new double[steps];
        long start = System.nanoTime();
        try (Vec theta = engine.parameters(); Vec grad = space.zeros()) {
            for (int s = 0; s < steps; s++) {
                double loss = engine.lossAndGradient(batches.batch(sampler.next()), grad);
                stepsDone++;
                if (!Double.isFinite(loss)) {
                    throw new ArithmeticException("training diverged at step " + stepsDone + " (loss " + loss + "); lower the learning rate");
                }
                losses[s] = loss;
                if (velocity != null) {
                    space.scale(velocity, config.momentum());
                    space.axpy(1.0, grad, velocity);
                    space.axpy(-config.learningRate(), velocity, theta);
                } else {
                    space.axpy(-config.learningRate(), grad, theta);
                }
                engine.setParameters(theta);
                listener.step(s + 1, steps, loss, (System.nanoTime() - start) / 1e9);
            }
        }
        return Summary.of(losses, (System.nanoTime() - start) / 1e9);
    }

    @Override public void close() {
        if (velocity != null) velocity.close();
    }
}
