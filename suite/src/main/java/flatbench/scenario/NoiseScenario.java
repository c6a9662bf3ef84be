package flatbench.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import flatbench.engine.Batch;
import flatbench.measure.NoiseConfig;
import flatbench.measure.NoiseCovariance;
import flatbench.measure.NoiseResult;
import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.train.Trainer;

/**
 * The default run: train a model with SGD, then measure per-sample gradients on n samples, the
 * spectrum of the noise covariance (eigenvalues of the centred Gram matrix) and the gradient
 * noise scale tr(C)/‖ḡ‖².
 */
public final class NoiseScenario implements Scenario {
    public String name() { return "noise"; }

    public String description() {
        return "train, then per-sample gradients, noise covariance spectrum and gradient noise scale (default)";
    }

    /** The core settings' defaults (RunSettings) are this scenario's. */
    public RunConfig defaults() {
        return RunConfig.defaultsOf(this, Map.of());
    }

    public ScenarioResult run(RunContext ctx) {
        RunConfig c = ctx.config();
        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Object> arrays = new LinkedHashMap<>();
        List<String> summary = new ArrayList<>();

        Trainer.Summary training;
        try (Trainer trainer = TrainingPhase.trainer(ctx)) {
            TrainingPhase.train(ctx, trainer, c.get(RunSettings.STEPS) - trainer.stepsDone(), Map.of());
            TrainingPhase.checkpoint(ctx, trainer, Map.of());  // the measurement point: a kill while measuring loses no training
            training = trainer.history();
        }
        Map<String, Object> t = TrainingPhase.trainingMetrics(training);
        Map<String, Object> eval = TrainingPhase.evaluate(ctx);
        t.put("evaluation", eval);
        metrics.put("training", t);
        arrays.put("training_loss", training.losses());

        Batch noiseBatch = TrainingPhase.sampleBatch(ctx.train(), c.get(RunSettings.NOISE_SAMPLES), c.get(RunSettings.SEED) ^ 0x5eedL);
        NoiseConfig nc = NoiseConfig.defaults().withStep(c.get(RunSettings.BATCH), c.get(RunSettings.SAMPLING), ctx.train().size());
        NoiseResult noise = ctx.timings().time("noise", () -> NoiseCovariance.measure(ctx.engine(), noiseBatch, nc, 0, ctx.listener()));
        metrics.put("noise", noise.toMetrics());
        arrays.put("gram_eigenvalues", noise.gramEigenvalues());
        arrays.put("noise_diagonal", noise.diagonal());
        arrays.put("per_sample_grad_norms", noise.gradientNorms());
        TrainingPhase.addBatch(ctx, noiseBatch, arrays);

        summary.add(String.format("trained %d steps: loss %.4f → %.4f, %s accuracy %.2f%% (%.1f ms/step)",
                training.steps(), training.firstLoss(), training.meanLastLosses(), eval.get("set"),
                100 * (double) eval.get("accuracy"), 1000 * training.seconds() / Math.max(1, training.steps())));
        summary.add(String.format("per-sample gradients: n = %d in %.2f s", noiseBatch.size(), noise.rowSeconds()));
        double[] ev = noise.covarianceEigenvalues();
        Map<String, Object> nm = noise.toMetrics();
        summary.add(String.format("noise covariance: tr C = %s, top eigenvalues %.3g, %.3g, %.3g",
                text(nm, Metric.NOISE_TRACE), ev[0], ev.length > 1 ? ev[1] : Double.NaN, ev.length > 2 ? ev[2] : Double.NaN));
        summary.add(String.format("noise scale B_simple = %s (95%% bootstrap intervals over the %d samples)",
                text(nm, Metric.NOISE_SCALE), noiseBatch.size()));
        return new ScenarioResult(metrics, arrays, summary);
    }

    /** A metric with its interval as the console shows it. */
    static String text(Map<String, Object> group, Metric m) {
        return Estimate.from(group.get(m.key())).map(Estimate::toText).orElse("not resolved");
    }
}
