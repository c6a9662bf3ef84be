package flatbench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import flatbench.checkpoint.Checkpoint;
import flatbench.data.Dataset;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.model.Loss;
import flatbench.record.Metric;
import flatbench.train.Divergence;
import flatbench.train.TrainingConfig;
import flatbench.train.Trainer;
import flatbench.train.UpdateRule;

/** The steps every scenario shares: train with SGD, evaluate, draw the measurement batch. */
final class TrainingPhase {
    private TrainingPhase() {}

    /** Evaluation uses at most this many held-out samples: enough for accuracy to ±1%. */
    static final int MAX_EVAL_SAMPLES = 2000;
    /** Samples per forward pass in evaluation, to bound memory. */
    private static final int EVAL_CHUNK = 500;

    /**
     * A trainer over the run's training set with the run's SGD settings; a resumed run's stands
     * where its checkpoint left it.
     */
    static Trainer trainer(RunContext ctx) {
        RunConfig c = ctx.config();
        TrainingConfig sgd = new TrainingConfig(c.get(RunSettings.LEARNING_RATE), c.get(RunSettings.BATCH), rule(c),
                c.get(RunSettings.SAMPLING), c.get(RunSettings.SEED), c.get(RunSettings.DIVERGENCE_FACTOR));
        Trainer t = new Trainer(ctx.engine(), sgd, ctx.train().size(), ctx.train()::batch);
        try {
            ctx.checkpoints().resumed().ifPresent(cp -> t.restore(cp.training()));
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /** The run's update rule: --optimizer with --momentum applied (refused for Adam, whose momentum is its β₁). */
    static UpdateRule rule(RunConfig c) {
        return c.get(RunSettings.OPTIMIZER).withMomentum(c.get(RunSettings.MOMENTUM));
    }

    /** What a scenario measured so far, as its checkpoint holds it ({@link Checkpoint#measurements()}). */
    static Map<String, Object> measuredSoFar(RunContext ctx) {
        return ctx.checkpoints().resumed().map(Checkpoint::measurements).orElse(Map.of());
    }

    /** Saves a checkpoint now: at a measurement point, with what was measured so far. */
    static void checkpoint(RunContext ctx, Trainer trainer, Map<String, Object> measured) {
        ctx.checkpoints().save(trainer.state(), measured);
    }

    /**
     * Continues training for {@code steps} steps, timed as the "train" phase, progress counted
     * over the whole run, with a checkpoint (holding {@code measured}) whenever the interval has
     * passed. When training diverges it throws {@link RunDiverged} with the training so far,
     * unless the run asked to measure the diverged model ({@link OnDivergence#MEASURE}).
     */
    static Trainer.Summary train(RunContext ctx, Trainer trainer, int steps, Map<String, Object> measured) {
        int offset = trainer.stepsDone();
        int total = ctx.config().get(RunSettings.STEPS);
        Trainer.Summary s = ctx.timings().time("train", () -> trainer.run(steps, (step, n, loss, sec) -> {
            ctx.listener().step(offset + step, total, loss, sec);
            ctx.checkpoints().saveIfDue(trainer::state, measured);
        }));
        if (s.divergence() != null && ctx.config().get(RunSettings.ON_DIVERGENCE) == OnDivergence.STOP) {
            Trainer.Summary all = trainer.history();
            throw new RunDiverged(s.divergence(), RunDiverged.partialOf(trainingMetrics(all), all.losses(), s.divergence()));
        }
        return s;
    }

    /** A reproduction's context: the run's, with its own step count and no checkpoints (its loops are not resumable). */
    static RunContext withOwnSteps(RunContext given, int steps) {
        return new RunContext(given.config().with(RunSettings.STEPS, steps), given.engine(), given.train(), given.test(), given.timings(),
                given.listener(), given.saveBatch(), given.saveEigenvectors(), flatbench.checkpoint.Checkpoints.off());
    }

    /**
     * A reproduction's own training: a fresh trainer for the context's steps (a reproduction runs
     * its own loops and saves no checkpoints), its training metrics with the evaluation put under
     * {@code training} in the metrics.
     */
    static Trainer.Summary trainAndRecord(RunContext ctx, Map<String, Object> metrics) {
        Trainer.Summary training;
        try (Trainer trainer = trainer(ctx)) {
            training = train(ctx, trainer, ctx.config().get(RunSettings.STEPS), Map.of());
        }
        Map<String, Object> t = trainingMetrics(training);
        t.put("evaluation", evaluate(ctx));
        metrics.put("training", t);
        return training;
    }

    /** Training metrics; a diverged run's say where and why under {@code divergence}. */
    static Map<String, Object> trainingMetrics(Trainer.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        Metric.TRAINING_STEPS.put(m, s.steps());
        Metric.TRAINING_GRADIENT_EVALUATIONS.put(m, s.gradientEvaluations());
        Metric.TRAINING_FIRST_LOSS.put(m, s.firstLoss());
        Metric.TRAINING_FINAL_LOSS.put(m, s.meanLastLosses());
        Metric.TRAINING_SECONDS.put(m, s.seconds());
        if (s.steps() > 0) {
            Metric.TRAINING_SECONDS_PER_STEP.put(m, s.seconds() / s.steps());
            Metric.TRAINING_STEPS_PER_SECOND.put(m, s.steps() / s.seconds());
        }
        if (s.divergence() != null) m.put(Divergence.keyInTraining(), s.divergence().toMetrics());
        return m;
    }

    /** Mean loss and accuracy on held-out samples (or on the training set when there are none). */
    static Map<String, Object> evaluate(RunContext ctx) {
        Dataset d = ctx.test().orElse(ctx.train());
        int n = Math.min(MAX_EVAL_SAMPLES, d.size());
        Engine e = ctx.engine();
        return ctx.timings().time("evaluate", () -> {
            double loss = 0;
            int correct = 0;
            for (int from = 0; from < n; from += EVAL_CHUNK) {
                int to = Math.min(n, from + EVAL_CHUNK);
                Batch b = d.batch(from, to);
                loss += e.loss(b) * b.size();
                double[][] p = e.probabilities(b);
                for (int i = 0; i < b.size(); i++) if (Loss.correct(p[i], b.labels()[i])) correct++;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            Metric.EVALUATION_SET.put(m, ctx.test().isPresent() ? "test" : "train");
            Metric.EVALUATION_SAMPLES.put(m, n);
            Metric.EVALUATION_LOSS.put(m, loss / n);
            Metric.EVALUATION_ACCURACY.put(m, (double) correct / n);
            return m;
        });
    }

    /** n training samples drawn without replacement, reproducibly from the seed. */
    static Batch sampleBatch(Dataset d, int n, long seed) {
        return d.batch(sampleIndices(d, n, seed));
    }

    /** Indices of n training samples drawn without replacement, reproducibly from the seed. */
    static int[] sampleIndices(Dataset d, int n, long seed) {
        if (n > d.size()) throw new IllegalArgumentException("asked for " + n + " samples but the training set has " + d.size());
        int[] perm = new int[d.size()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + r.nextInt(perm.length - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return java.util.Arrays.copyOf(perm, n);
    }

    /** The measured (noise) batch as arrays, when the user asked for it. */
    static void addBatch(RunContext ctx, Batch b, java.util.Map<String, Object> arrays) {
        addBatch(ctx, b, "measured", arrays);
    }

    /** A batch as {prefix}_inputs (n × input size) and {prefix}_labels, when the user asked for the measured samples. */
    static void addBatch(RunContext ctx, Batch b, String prefix, java.util.Map<String, Object> arrays) {
        if (!ctx.saveBatch()) return;
        int d = b.shape().size();
        double[][] x = new double[b.size()][d];
        double[] y = new double[b.size()];
        for (int i = 0; i < b.size(); i++) {
            for (int j = 0; j < d; j++) x[i][j] = b.inputs()[i * d + j];
            y[i] = b.labels()[i];
        }
        arrays.put(prefix + "_inputs", x);
        arrays.put(prefix + "_labels", y);
    }
}
