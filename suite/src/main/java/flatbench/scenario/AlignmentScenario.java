package flatbench.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import flatbench.data.Dataset;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.measure.AlignmentMeasurement;
import flatbench.measure.AlignmentResult;
import flatbench.measure.CurvatureConfig;
import flatbench.measure.CurvatureData;
import flatbench.measure.CurvatureOperator;
import flatbench.measure.CurvatureSamples;
import flatbench.measure.MeasureConfig;
import flatbench.measure.NoiseConfig;
import flatbench.measure.NoiseCovariance;
import flatbench.measure.SampleSet;
import flatbench.record.Metric;
import flatbench.train.Trainer;

/**
 * How the SGD noise covariance C lines up with the Hessian H: train, and at each checkpoint
 * measure H's top eigenpairs, trace and spectral density on the curvature data, C's spectrum on
 * the noise batch, and every alignment metric (σ²_k against λ_k, tr(HC), subspace overlaps, …)
 * with its bootstrap interval and, where the curvature data are a sample, the split-half check.
 */
public final class AlignmentScenario implements Scenario {
    public String name() { return "alignment"; }

    public String description() {
        return "train, then Hessian spectrum, noise covariance and their alignment (with intervals) at each checkpoint";
    }

    /** The noise scenario's training and sample sizes; curvature data auto (the training set where affordable). */
    public RunConfig defaults() {
        return RunConfig.defaultsOf(this, Map.of());
    }

    public ScenarioResult run(RunContext ctx) {
        RunConfig c = ctx.config();
        TreeSet<Integer> points = new TreeSet<>();
        points.addAll(c.get(RunSettings.CHECKPOINTS));
        points.add(c.get(RunSettings.STEPS));
        long seed = c.get(RunSettings.SEED);
        Engine engine = ctx.engine();

        MeasureConfig mc = new MeasureConfig(
                CurvatureConfig.defaults().withOperator(c.get(RunSettings.CURVATURE)).withTopK(c.get(RunSettings.TOP_K))
                        .withHutchinsonProbes(c.get(RunSettings.PROBES))
                        .withSlq(c.get(RunSettings.SLQ_RUNS), CurvatureConfig.defaults().slqSteps(), CurvatureConfig.defaults().slqSigma())
                        .withSeed(seed),
                NoiseConfig.defaults().withStep(c.get(RunSettings.BATCH), c.get(RunSettings.SAMPLING), ctx.train().size())
                        .withBootstrap(NoiseConfig.defaults().bootstrapResamples(), seed));
        Dataset train = ctx.train();
        SampleSet trainSet = new SampleSet("train", train.size(), train::batch);
        int[] noiseIndices = TrainingPhase.sampleIndices(train, c.get(RunSettings.NOISE_SAMPLES), seed ^ 0x5eedL);
        Batch noiseBatch = train.batch(noiseIndices);
        CurvatureSamples all = CurvatureSamples.all(engine, trainSet, true);
        CurvatureData requested = c.get(RunSettings.CURVATURE_DATA);
        boolean kinkSafe = engine.capabilities().exactHvp() || c.get(RunSettings.CURVATURE) == CurvatureOperator.GAUSS_NEWTON;
        CurvatureData used = requested.resolve(engine.spec(), train.size(), kinkSafe);
        CurvatureSamples curvature = switch (used.kind()) {
            case TRAIN, AUTO -> all;
            case NOISE -> CurvatureSamples.of(engine, trainSet, noiseIndices, false);
            case SAMPLE -> CurvatureSamples.of(engine, trainSet, TrainingPhase.sampleIndices(train, used.samples(), seed ^ 0xc0ffeeL),
                    used.samples() == train.size());
        };
        CurvatureData.Resolved info = new CurvatureData.Resolved(requested, used, curvature.size(), curvature.population());
        AlignmentMeasurement.Data data = new AlignmentMeasurement.Data(curvature, info, noiseBatch, all, engine.spec().numClasses());

        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Object> arrays = new LinkedHashMap<>();
        // A resumed run's points measured before it was stopped, as its checkpoint holds them.
        List<Map<String, Object>> checkpoints = new ArrayList<>(measuredPoints(TrainingPhase.measuredSoFar(ctx)));
        int previous = checkpoints.isEmpty() ? 0 : pointStep(checkpoints.get(checkpoints.size() - 1));
        Map<String, Object> last = Map.of();
        AlignmentMeasurement.Result result = null;
        try (Trainer trainer = TrainingPhase.trainer(ctx)) {
            for (int step : points) {
                if (!checkpoints.isEmpty() && step <= previous) continue;
                TrainingPhase.train(ctx, trainer, step - trainer.stepsDone(), measured(checkpoints));
                TrainingPhase.checkpoint(ctx, trainer, measured(checkpoints));
                Trainer.Summary s = trainer.historySince(previous);
                if (result != null) result.close();
                result = AlignmentMeasurement.measure(engine, data, mc, ctx.listener(), ctx.timings());
                last = result.toMetrics();
                Map<String, Object> cp = new LinkedHashMap<>();
                Metric.CHECKPOINT_STEP.put(cp, step);
                if (s.steps() > 0) Metric.CHECKPOINT_TRAINING_LOSS.put(cp, s.meanLastLosses());
                cp.putAll(last);
                checkpoints.add(cp);
                // The last point's measurement goes straight into the result; an earlier one is kept.
                if (step != points.last()) TrainingPhase.checkpoint(ctx, trainer, measured(checkpoints));
                previous = step;
            }
            Trainer.Summary whole = trainer.history();
            Map<String, Object> t = TrainingPhase.trainingMetrics(whole);
            t.put("evaluation", TrainingPhase.evaluate(ctx));
            metrics.put("training", t);
            arrays.put("training_loss", whole.losses());
        } catch (RuntimeException e) {
            if (result != null) result.close();  // its eigenvectors may hold device memory
            if (e instanceof RunDiverged d && !checkpoints.isEmpty()) throw d.with("checkpoints", checkpoints);  // measured before it diverged
            throw e;
        }
        try (AlignmentMeasurement.Result r = result) {
            metrics.putAll(last);
            if (checkpoints.size() > 1) metrics.put(Metric.CHECKPOINTS.key(), checkpoints);
            arrays.put("hessian_top_eigenvalues", r.hessian().topEigenvalues());
            arrays.put("hessian_density", new double[][] {r.hessian().density().grid(), r.hessian().density().density()});
            arrays.put("gram_eigenvalues", r.noise().gramEigenvalues());
            arrays.put("sigma2_vs_lambda", new double[][] {r.alignment().lambda(), r.alignment().sigma2()});
            arrays.put("per_sample_grad_norms", r.noise().gradientNorms());
            TrainingPhase.addBatch(ctx, noiseBatch, arrays);
            if (ctx.saveBatch()) {
                arrays.put("noise_indices", toDoubles(noiseIndices));
                arrays.put("curvature_indices", toDoubles(curvature.indices()));
                if (!curvature.population()) TrainingPhase.addBatch(ctx, curvature.batch(), "curvature", arrays);
            }
            if (ctx.saveEigenvectors()) addEigenvectors(engine, r, noiseBatch, arrays);
            arrays.put("noise_diagonal", r.noise().diagonal());
            return new ScenarioResult(metrics, arrays, summary(r, kinkSafe, train.size()));
        }
    }

    /** The measurement points in a checkpoint's measurements. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> measuredPoints(Map<String, Object> measured) {
        return measured.get(Metric.CHECKPOINTS.key()) instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static int pointStep(Map<String, Object> point) {
        return ((Number) point.get(Metric.CHECKPOINT_STEP.key())).intValue();
    }

    private static Map<String, Object> measured(List<Map<String, Object>> points) {
        return points.isEmpty() ? Map.of() : Map.of(Metric.CHECKPOINTS.key(), List.copyOf(points));
    }

    private static double[] toDoubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    /** P × k matrices whose columns are the curvature's top eigenvectors and the noise covariance's. */
    private static void addEigenvectors(Engine engine, AlignmentMeasurement.Result r, Batch noiseBatch, Map<String, Object> arrays) {
        arrays.put("hessian_eigenvectors", columns(engine, r.hessian().topEigenvectors()));
        int count = Math.min(r.noise().gramEigenvectors().length, r.hessian().topEigenvectors().size());
        List<Vec> w = NoiseCovariance.eigenvectors(engine, noiseBatch, r.noise(), count);
        try {
            arrays.put("noise_eigenvectors", columns(engine, w));
        } finally {
            w.forEach(Vec::close);
        }
    }

    private static double[][] columns(Engine engine, List<Vec> vectors) {
        int p = Math.toIntExact(engine.parameterCount());
        double[][] out = new double[p][vectors.size()];
        for (int j = 0; j < vectors.size(); j++) {
            double[] v = engine.vectors().toHost(vectors.get(j));
            for (int t = 0; t < p; t++) out[t][j] = v[t];
        }
        return out;
    }

    /** The console lines: every headline metric with its interval, and the split-half check. */
    private static List<String> summary(AlignmentMeasurement.Result r, boolean kinkSafe, int trainingSamples) {
        List<String> out = new ArrayList<>();
        AlignmentResult a = r.alignment();
        CurvatureData.Resolved d = r.hessian().data();
        double[] lam = r.hessian().topEigenvalues();
        out.add(String.format(Locale.ROOT, "curvature (%s) on %s: %d samples%s", r.hessian().operator().label(),
                d.used().kind() == CurvatureData.Kind.TRAIN ? "the whole training set" : d.used().kind() == CurvatureData.Kind.NOISE
                        ? "the noise batch" : d.used().samples() + " training samples",
                d.samples(), d.requested().kind() == CurvatureData.Kind.AUTO ? " (--curvature-data auto)" : ""));
        out.add(String.format(Locale.ROOT, "  top eigenvalues %.4g, %.4g, %.4g …; %d of %d pairs converged; trace %s",
                lam[0], lam.length > 1 ? lam[1] : Double.NaN, lam.length > 2 ? lam[2] : Double.NaN, a.k(), a.requested(),
                r.hessian().traceEstimate().toText()));
        if (a.excluded() > 0) {
            out.add(String.format(Locale.ROOT, "  %d pairs missed the residual tolerance (hessian.residuals) and are left out of every alignment metric%s",
                    a.excluded(), r.hessian().data().samples() > 1000 && !kinkSafe
                            ? "; finite-difference products over many samples straddle ReLU kinks: try --engine java (exact products)" : ""));
        }
        var noise = r.noise().toMetrics();
        out.add(String.format(Locale.ROOT, "noise (n = %d): tr C %s, B_simple %s", r.noise().samples(),
                text(noise, Metric.NOISE_TRACE), text(noise, Metric.NOISE_SCALE)));
        var m = a.toMetrics();
        out.add(String.format(Locale.ROOT, "alignment (95%% bootstrap intervals over the %d noise samples, %d resamples%s):",
                r.noise().samples(), a.resamples(), a.splitHalf() != null ? "; split halves of the curvature data" : ""));
        for (Metric metric : List.of(Metric.ALIGNMENT_SLOPE, Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5, Metric.ALIGNMENT_TRHC_TOPK_RATIO,
                Metric.ALIGNMENT_TRHC_EXACT_RATIO, Metric.ALIGNMENT_NOISE_FRACTION, Metric.ALIGNMENT_SUBSPACE_OVERLAP,
                Metric.ALIGNMENT_GRADIENT_OVERLAP, Metric.ALIGNMENT_DIAGONAL_POWER_LAW)) {
            if (m.containsKey(metric.key())) out.add(String.format(Locale.ROOT, "  %-42s %s", label(metric, a), text(m, metric)));
        }
        if (a.splitHalf() != null) {
            out.add(a.splitHalf().sufficient()
                    ? "  split-half check: no metric moved by more than its interval's width; the curvature data suffice"
                    : "  split-half check: " + String.join(", ", a.splitHalf().moved()) + " moved between two halves of the curvature data "
                    + "by more than their interval's width: " + CurvatureData.whenHalvesDisagree(d, trainingSamples, kinkSafe) + ".");
        }
        return out;
    }

    private static String label(Metric m, AlignmentResult a) {
        return switch (m) {
            case ALIGNMENT_SLOPE -> "slope of log sigma^2 on log lambda";
            case ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5 -> "mean sigma^2/lambda over the top 5";
            case ALIGNMENT_TRHC_TOPK_RATIO -> "tr(HC) / isotropic, top-" + a.k() + " subspace";
            case ALIGNMENT_TRHC_EXACT_RATIO -> "tr(HC) / isotropic, full space";
            case ALIGNMENT_NOISE_FRACTION -> "noise fraction in the top-" + a.k() + " subspace";
            case ALIGNMENT_SUBSPACE_OVERLAP -> "C-H top-" + a.overlapK() + " subspace overlap";
            case ALIGNMENT_GRADIENT_OVERLAP -> "gradient overlap, top " + a.gradientK() + " (classes)";
            case ALIGNMENT_DIAGONAL_POWER_LAW -> "diagonal power law gamma (C_ii ~ H_ii^gamma)";
            default -> m.key();
        };
    }

    private static String text(Map<String, Object> group, Metric m) { return NoiseScenario.text(group, m); }
}
