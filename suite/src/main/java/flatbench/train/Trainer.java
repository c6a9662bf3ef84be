package flatbench.train;

import java.util.Arrays;
import java.util.List;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * Trains through the engine contract with any {@link UpdateRule}, so every engine trains the same way. A trainer can be
 * run in several segments (e.g. between measurement points): segments of 100 + 200 steps equal
 * one run of 300, bit for bit, because the trainer keeps its own parameters θ across segments
 * (a float32 engine holds them rounded; re-reading them at a segment's start would round θ there).
 *
 * <p>A step whose loss is not finite, or above {@link TrainingConfig#divergenceFactor()} × the first
 * step's loss, stops training before its update ({@link Divergence}); the trainer then refuses
 * further steps. The training state is θ, the optimizer's buffers ({@link Stepper}), the sampler's
 * position, the step count, the first loss and the loss history: nothing else carries from step to
 * step, and {@link #state()} / {@link #restore} save and restore all of it, between any two
 * steps (also from within a {@link TrainingListener} call).
 */
public final class Trainer implements AutoCloseable {
    private final Engine engine;
    private final TrainingConfig config;
    private final BatchSource batches;
    private final BatchSampler sampler;
    private final Stepper optimizer;
    private final Vec theta;
    private final LangevinNoise noise;
    private int stepsDone;
    private double firstLoss = Double.NaN;
    private double[] history = new double[64];
    private int historySize;
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
                          Divergence divergence, long gradientEvaluations) {
        /** The final loss is averaged over this many last steps: one mini-batch loss is noisy. */
        static final int LAST_LOSSES = 20;

        /** @param gradientsPerStep the rule's mini-batch gradients per finished step */
        static Summary of(double[] losses, double seconds, Divergence divergence, int gradientsPerStep) {
            return of(losses, seconds, divergence, (long) losses.length * gradientsPerStep);
        }

        private static Summary of(double[] losses, double seconds, Divergence divergence, long gradientEvaluations) {
            int n = losses.length;
            int tail = Math.min(LAST_LOSSES, n);
            double mean = 0;
            for (int s = n - tail; s < n; s++) mean += losses[s];
            return new Summary(n, n == 0 ? Double.NaN : losses[0], n == 0 ? Double.NaN : losses[n - 1],
                    tail == 0 ? Double.NaN : mean / tail, seconds, losses, divergence, gradientEvaluations);
        }

        /** Consecutive segments as one; diverged if the last one diverged. */
        public static Summary of(List<Summary> segments) {
            double[] all = segments.stream().flatMapToDouble(x -> Arrays.stream(x.losses())).toArray();
            Divergence d = segments.isEmpty() ? null : segments.get(segments.size() - 1).divergence();
            return of(all, segments.stream().mapToDouble(Summary::seconds).sum(), d,
                    segments.stream().mapToLong(Summary::gradientEvaluations).sum());
        }
    }

    /** A trainer from the engine's current parameters. */
    public Trainer(Engine engine, TrainingConfig config, int trainingSize, BatchSource batches) {
        this(engine, config, trainingSize, batches, null);
    }

    /** The same, adding Langevin noise to every update (null: none); with a batch of the whole training set this is noisy gradient descent. */
    public Trainer(Engine engine, TrainingConfig config, int trainingSize, BatchSource batches, LangevinNoise noise) {
        this.engine = engine;
        this.noise = noise;
        this.config = config;
        this.batches = batches;
        this.sampler = new BatchSampler(trainingSize, config.batchSize(), config.sampling(), config.seed());
        this.optimizer = Stepper.of(config.rule(), engine.vectors(), config.learningRate(), config.seed());
        this.theta = engine.parameters();
    }

    public int stepsDone() { return stepsDone; }

    /**
     * Mini-batch gradients evaluated by the finished steps: the cost that compares rules, e.g.
     * Entropy-SGD's L per step against SGD's one. Effective epochs are this times B over the
     * training set's size.
     */
    public long gradientEvaluations() {
        return (long) historySize * config.rule().gradientsPerStep();
    }

    /** Why training stopped, or null while it has not diverged. */
    public Divergence divergence() { return divergence; }

    /** Every step so far, all segments together: the loss of each finished step and the divergence, if any. */
    public Summary history() { return Summary.of(Arrays.copyOf(history, historySize), secondsSoFar, divergence, perStep()); }

    private int perStep() { return config.rule().gradientsPerStep(); }

    /**
     * The steps after the first {@code step} ones, as one segment (seconds: none, as they are not
     * kept per step): what a measurement at the current step reports of the training since the
     * one at {@code step}.
     */
    public Summary historySince(int step) {
        int from = Math.min(Math.max(step, 0), historySize);
        return Summary.of(Arrays.copyOfRange(history, from, historySize), 0, divergence, perStep());
    }

    /** A copy of the whole training state. */
    public TrainingState state() {
        return new TrainingState(stepsDone, sampler.drawn(), firstLoss, Arrays.copyOf(history, historySize), secondsSoFar, divergence,
                engine.vectors().toHost(theta), optimizer.state());
    }

    /**
     * Continues from a saved state, as if this trainer had made its steps: sets θ (and the
     * engine's parameters), the optimizer's buffers and the sampler's position. Only a trainer
     * that has not stepped yet, with the same configuration as the one that saved it, can.
     */
    public void restore(TrainingState s) {
        if (stepsDone != 0 || sampler.drawn() != 0) throw new IllegalStateException("only a trainer that has not stepped can be restored");
        if (s.parameters().length != engine.vectors().dimension()) {
            throw new IllegalArgumentException("the state holds " + s.parameters().length + " parameters, the model " + engine.vectors().dimension());
        }
        try (Vec saved = engine.vectors().fromHost(s.parameters())) {
            engine.vectors().assign(theta, saved);
        }
        engine.setParameters(theta);
        optimizer.restore(s.optimizer());
        sampler.skip(s.batchesDrawn());
        stepsDone = s.steps();
        firstLoss = s.firstLoss();
        history = Arrays.copyOf(s.losses(), Math.max(64, s.losses().length));
        historySize = s.losses().length;
        secondsSoFar = s.seconds();
        divergence = s.divergence();
    }

    /**
     * Trains for up to the given number of steps from the trainer's parameters; fewer when a
     * step diverges (the summary says which) or when training diverged before.
     */
    public Summary run(int steps, TrainingListener listener) {
        if (steps < 0) throw new IllegalArgumentException("steps must be non-negative, not " + steps);
        if (divergence != null) return Summary.of(new double[0], 0, divergence, perStep());
        VectorSpace space = engine.vectors();
        int from = historySize;
        double secondsBefore = secondsSoFar;
        long start = System.nanoTime();
        // Measurements between segments may have moved the engine's parameters; training goes on from θ.
        engine.setParameters(theta);
        GradientOracle more = (point, g) -> {
            engine.setParameters(point);
            return engine.lossAndGradient(batches.batch(sampler.next()), g);
        };
        try (Vec grad = space.zeros()) {
            for (int s = 0; s < steps; s++) {
                double loss = engine.lossAndGradient(batches.batch(sampler.next()), grad);
                stepsDone++;
                if (stepsDone == 1 && Double.isFinite(loss)) firstLoss = loss;
                // A first loss of 0 gives no scale to grow from; then only a non-finite loss counts.
                if (!Double.isFinite(loss) || firstLoss > 0 && loss > config.divergenceFactor() * firstLoss) {
                    divergence = new Divergence(stepsDone, loss, firstLoss, config.divergenceFactor());
                    break;
                }
                optimizer.update(theta, grad, stepsDone, more);
                if (noise != null) noise.perturb(space, theta, config.learningRate(), stepsDone);
                engine.setParameters(theta);
                append(loss);
                double seconds = (System.nanoTime() - start) / 1e9;
                secondsSoFar = secondsBefore + seconds;
                listener.step(s + 1, steps, loss, seconds);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        secondsSoFar = secondsBefore + seconds;
        return Summary.of(Arrays.copyOfRange(history, from, historySize), seconds, divergence, perStep());
    }

    private void append(double loss) {
        if (historySize == history.length) history = Arrays.copyOf(history, 2 * history.length);
        history[historySize++] = loss;
    }

    @Override public void close() {
        optimizer.close();
        theta.close();
    }
}
