package flatbench.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import flatbench.engine.Batch;
import flatbench.measure.AlignmentMeasurement;
import flatbench.measure.CurvatureConfig;
import flatbench.measure.MeasureConfig;
import flatbench.measure.NoiseConfig;
import flatbench.train.Trainer;

/**
 * How the SGD noise covariance C lines up with the Hessian H: train, and at each checkpoint
 * measure H's top eigenpairs, trace and spectral density, C's spectrum, and every alignment
 * metric (σ²_k against λ_k, tr(HC), subspace overlaps, …).
 */
public final class AlignmentScenario implements Scenario {
    public String name() { return "alignment"; }

    public String description() {
        return "train, then Hessian spectrum, noise covariance and their alignment at each checkpoint";
    }

    /** The noise scenario's training and sample sizes; curvature on 128 samples keeps each product cheap on the CPU. */
    public RunConfig defaults() {
        return RunConfig.defaultsOf(this, Map.of(RunSettings.CURVATURE_SAMPLES, 128));
    }

    public ScenarioResult run(RunContext ctx) {
        RunConfig c = ctx.config();
        TreeSet<Integer> points = new TreeSet<>();
        points.addAll(c.get(RunSettings.CHECKPOINTS));
        points.add(c.get(RunSettings.STEPS));

        MeasureConfig mc = new MeasureConfig(
                CurvatureConfig.defaults().withOperator(c.get(RunSettings.CURVATURE)).withTopK(c.get(RunSettings.TOP_K))
                        .withHutchinsonProbes(c.get(RunSettings.PROBES))
                        .withSlq(c.get(RunSettings.SLQ_RUNS), CurvatureConfig.defaults().slqSteps(), CurvatureConfig.defaults().slqSigma())
                        .withSeed(c.get(RunSettings.SEED)),
                NoiseConfig.defaults().withStep(c.get(RunSettings.BATCH), c.get(RunSettings.SAMPLING), ctx.train().size()));
        Batch curvatureBatch = TrainingPhase.sampleBatch(ctx.train(), c.get(RunSettings.CURVATURE_SAMPLES), c.get(RunSettings.SEED) ^ 0xc0ffeeL);
        Batch noiseBatch = TrainingPhase.sampleBatch(ctx.train(), c.get(RunSettings.NOISE_SAMPLES), c.get(RunSettings.SEED) ^ 0x5eedL);

        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Object> arrays = new LinkedHashMap<>();
        List<Map<String, Object>> checkpoints = new ArrayList<>();
        List<Trainer.Summary> segments = new ArrayList<>();
        Map<String, Object> last = Map.of();
        AlignmentMeasurement.Result result = null;
        try (Trainer trainer = TrainingPhase.trainer(ctx)) {
            for (int step : points) {
                Trainer.Summary s = TrainingPhase.train(ctx, trainer, step - trainer.stepsDone());
                segments.add(s);
                if (result != null) result.close();
                result = AlignmentMeasurement.measure(ctx.engine(), curvatureBatch, noiseBatch, mc, ctx.listener(), ctx.timings());
                last = result.toMetrics();
                Map<String, Object> cp = new LinkedHashMap<>();
                cp.put("step", step);
                cp.put("trainingLoss", s.steps() > 0 ? s.meanLastLosses() : Double.NaN);
                cp.putAll(last);
                checkpoints.add(cp);
            }
            Trainer.Summary all = Trainer.Summary.of(segments);
            Map<String, Object> t = TrainingPhase.trainingMetrics(all);
            t.put("evaluation", TrainingPhase.evaluate(ctx));
            metrics.put("training", t);
            arrays.put("training_loss", all.losses());
        } catch (RuntimeException e) {
            if (result != null) result.close();  // its eigenvectors may hold device memory
            if (e instanceof RunDiverged d && !checkpoints.isEmpty()) throw d.with("checkpoints", checkpoints);  // measured before it diverged
            throw e;
        }
        try (AlignmentMeasurement.Result r = result) {
            metrics.putAll(last);
            if (checkpoints.size() > 1) metrics.put("checkpoints", checkpoints);
            arrays.put("hessian_top_eigenvalues", r.hessian().topEigenvalues());
            arrays.put("hessian_density", new double[][] {r.hessian().density().grid(), r.hessian().density().density()});
            arrays.put("gram_eigenvalues", r.noise().gramEigenvalues());
            arrays.put("sigma2_vs_lambda", new double[][] {r.alignment().lambda(), r.alignment().sigma2()});
            arrays.put("per_sample_grad_norms", r.noise().gradientNorms());
            TrainingPhase.addBatch(ctx, noiseBatch, arrays);
            arrays.put("noise_diagonal", r.noise().diagonal());

            List<String> summary = new ArrayList<>();
            double[] lam = r.hessian().topEigenvalues();
            summary.add(String.format("Hessian (%s): top eigenvalues %.4g, %.4g, %.4g …; trace %.4g ± %.2g",
                    r.hessian().operator().label(), lam[0], lam.length > 1 ? lam[1] : Double.NaN, lam.length > 2 ? lam[2] : Double.NaN,
                    r.hessian().trace().trace(), r.hessian().trace().standardError()));
            summary.add(String.format("noise: tr C = %.4g, noise scale B_simple = %.4g", r.noise().trace(), r.noise().gradientNoiseScale()));
            summary.add(String.format("alignment: sigma^2 ~ lambda^%.3f (R^2 %.3f), top-%d noise fraction %.3f, tr(HC) = %.4g vs isotropic %.4g",
                    r.alignment().sigma2VsLambda().slope(), r.alignment().sigma2VsLambda().r2(), r.alignment().k(),
                    r.alignment().topKNoiseFraction(), r.alignment().trHC(), r.alignment().trHCIsotropic()));
            return new ScenarioResult(metrics, arrays, summary);
        }
    }
}
