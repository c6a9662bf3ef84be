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
 *
 * <p>A step whose loss is not finite, or above {@link SgdConfig#divergenceFactor()} × the first
 * step's loss, stops training before its update ({@link Divergence}); the trainer then refuses
 * further steps. The training state is the engine's parameters, the momentum {@code velocity},
 * the sampler's position, the step count, the first loss and the loss history: nothing else
 * carries from step to step.
 */
public final class Trainer implements AutoCloseable {
    private final Engine engine;
    private final SgdConfig config;
    private final BatchSource batches;
    private final BatchSampler sampler;
    private final Vec velocity;
    private final LangevinNoise noise;
    private int stepsDone;
    private double firstLoss = Double.NaN;
    private double[] history = new double[0];
    private double secondsSoFar;
    private Divergence divergence;

    /** Draws batches by index from the training set. */
    @FunctionalInterface
    public interface BatchSource {
        Batch batch(int[] indices);
    }

    /**
     * What one segment (or several, see {@link #of(List)}) of training did.
     *
     * @param divergence why training stopped early, or null when every step was done
     */
    public record Summary(int steps, double firstLoss, double lastLoss, double meanLastLosses, double seconds, double[] losses,
                          Divergence divergence) {
        /** The final loss is averaged over this many last steps: one mini-batch loss is noisy. */
        static final int LAST_LOSSES = 20;

        static Summary of(double[] losses, double seconds, Divergence divergence) {
            int n = losses.length;
            int tail = Math.min(LAST_LOSSES, n);
            double mean = 0;
            for (int s = n - tail; s < n; s++) mean += losses[s];
            return new Summary(n, n == 0 ? Double.NaN : losses[0], n == 0 ? Double.NaN : losses[n - 1],
                    tail == 0 ? Double.NaN : mean / tail, seconds, losses, divergence);
        }

        /** Consecutive segments as one; diverged if the last one diverged. */
        public static Summary of(List<Summary> segments) {
            double[] all = segments.stream().flatMapToDouble(x -> Arrays.stream(x.losses())).toArray();
            Divergence d = segments.isEmpty() ? null : segments.get(segments.size() - 1).divergence();
            return of(all, segments.stream().mapToDouble(Summary::seconds).sum(), d);
        }
    }

    public Trainer(Engine engine, SgdConfig config, int trainingSize, BatchSource batches) {
        this(engine, config, trainingSize, batches, null);
    }

    /** The same, adding Langevin noise to every update (null: none); with a batch of the whole training set this is noisy gradient descent. */
    public Trainer(Engine engine, SgdConfig config, int trainingSize, BatchSource batches, LangevinNoise noise) {
        this.engine = engine;
        this.noise = noise;
        this.config = config;
        this.batches = batches;
        this.sampler = new BatchSampler(trainingSize, config.batchSize(), config.sampling(), config.seed());
        this.velocity = config.momentum() > 0 ? engine.vectors().zeros() : null;
    }

    public int stepsDone() { return stepsDone; }

    /** Why training stopped, or null while it has not diverged. */
    public Divergence divergence() { return divergence; }

    /** Every step so far, all segments together: the loss of each finished step and the divergence, if any. */
    public Summary history() { return Summary.of(history.clone(), secondsSoFar, divergence); }

    /**
     * Trains for up to the given number of steps from the engine's current parameters; fewer
     * when a step diverges (the summary says which) or when training diverged before.
     */
    public Summary run(int steps, TrainingListener listener) {
        if (steps < 0) throw new IllegalArgumentException("steps must be non-negative, not " + steps);
        if (divergence != null) return Summary.of(new double[0], 0, divergence);
        VectorSpace space = engine.vectors();
        double[] losses = new double[steps];
        int done = 0;
        long start = System.nanoTime();
        try (Vec theta = engine.parameters(); Vec grad = space.zeros()) {
            for (int s = 0; s < steps; s++) {
                double loss = engine.lossAndGradient(batches.batch(sampler.next()), grad);
                stepsDone++;
                if (stepsDone == 1 && Double.isFinite(loss)) firstLoss = loss;
                // A first loss of 0 gives no scale to grow from; then only a non-finite loss counts.
                if (!Double.isFinite(loss) || firstLoss > 0 && loss > config.divergenceFactor() * firstLoss) {
                    divergence = new Divergence(stepsDone, loss, firstLoss, config.divergenceFactor());
                    break;
                }
                losses[done++] = loss;
                if (velocity != null) {
                    space.scale(velocity, config.momentum());
                    space.axpy(1.0, grad, velocity);
                    space.axpy(-config.learningRate(), velocity, theta);
                } else {
                    space.axpy(-config.learningRate(), grad, theta);
                }
                if (noise != null) noise.perturb(space, theta, config.learningRate(), stepsDone);
                engine.setParameters(theta);
                listener.step(s + 1, steps, loss, (System.nanoTime() - start) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] kept = Arrays.copyOf(losses, done);
        secondsSoFar += seconds;
        double[] h = Arrays.copyOf(history, history.length + done);
        System.arraycopy(kept, 0, h, history.length, done);
        history = h;
        return Summary.of(kept, seconds, divergence);
    }

    @Override public void close() {
        if (velocity != null) velocity.close();
    }
}
