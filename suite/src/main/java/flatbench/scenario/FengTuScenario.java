package flatbench.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import flatbench.benchmark.BenchHarness;
import flatbench.data.Dataset;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.landscape.Ensemble;
import flatbench.measure.BlockOperator;
import flatbench.measure.CurvatureOperator;
import flatbench.measure.CurvatureSamples;
import flatbench.measure.LinearOperator;
import flatbench.measure.LogLogFit;
import flatbench.measure.NoiseConfig;
import flatbench.measure.SampleSet;
import flatbench.model.Loss;
import flatbench.model.ParamBlock;
import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.scenario.ReproductionSettings.Scale;
import flatbench.train.TrainingConfig;
import flatbench.train.Trainer;
import flatbench.trajectory.EigenControl;
import flatbench.trajectory.Equilibration;
import flatbench.trajectory.Flatness;
import flatbench.trajectory.LossProfile;
import flatbench.trajectory.Trajectory;
import flatbench.trajectory.TrajectoryPca;

/**
 * Feng &amp; Tu's inverse variance–flatness relation (PNAS 2021): train the 784-50-50-10 MLP with
 * SGD until the training error is about zero, record the central 50 × 50 weights over a window,
 * take the principal directions pᵢ of that trajectory (through the T × T snapshot Gram matrix),
 * the variance σ²ᵢ along each and the flatness Fᵢ of the full training loss along each (the width
 * where it stays below e·L(w̄)), and fit σ²ᵢ ∝ Fᵢ^(−ψ) over p₂ … pₖ (p₁ is the drift). The control,
 * full-batch gradient descent plus isotropic Langevin noise on the central block alone from w̄,
 * analysed along the block Hessian's eigenvectors that equilibrate within its budget (and whose
 * Lanczos residual is within 5% of λ), should give the equilibrium relation σ² ∝ F². At standard
 * and paper scale the SGD analysis is repeated for other η and B.
 */
public final class FengTuScenario implements Scenario {
    /** Training stops early once the training error is at most this: "about zero". */
    static final double TARGET_ERROR = 0.001;
    /** Feng & Tu's level: the loss may rise to e times its value at w̄. */
    static final double LOSS_FACTOR = Math.E;
    static final int BOOTSTRAP_RESAMPLES = 2000;
    /** The farthest flatness search, in units of the trajectory's spread along the direction (2^20). */
    static final double SEARCH_LIMIT = 1 << 20;
    /** Bisection tolerance of the flatness along the eigenvectors (their first bracket is already within a factor 2). */
    static final double CONTROL_FLATNESS_TOLERANCE = 0.01;
    /** The control analyses at least this many directions (flagged as not equilibrated when the budget equilibrates fewer). */
    static final int MIN_CONTROL_DIRECTIONS = 3;

    public static final Setting<Integer> SNAPSHOTS = Setting.integer("snapshots", "--snapshots", "T", 0,
            "weight snapshots over the window (0: the scale's preset)").require(v -> v == 0 || v >= 3, "must be 0 (preset) or at least 3");
    public static final Setting<Integer> SNAPSHOT_EVERY = Setting.integer("snapshotEvery", "--snapshot-every", "STEPS", 0,
            "SGD steps between snapshots (0: the scale's preset)").require(v -> v >= 0, "must be zero or more");
    public static final Setting<Integer> DIRECTIONS = Setting.integer("directions", "--directions", "K", 0,
            "principal directions analysed, p1 included (0: the scale's preset)").require(v -> v == 0 || v >= 4, "must be 0 (preset) or at least 4");
    public static final Setting<Integer> EIGENVECTORS = Setting.integer("eigenvectors", "--eigenvectors", "K", 0,
            "top Hessian eigenvectors of the central block the control is analysed along (0: the scale's preset)").require(v -> v >= 0, "must be zero or more");
    public static final Setting<Integer> CONTROL_STEPS = Setting.integer("controlSteps", "--control-steps", "N", 0,
            "the most full-batch GD steps of the Langevin control, burn-in and window; it analyses the directions that equilibrate within them (0: the scale's preset)").require(v -> v >= 0, "must be zero or more");
    public static final Setting<Double> TEMPERATURE = Setting.real("temperature", "--temperature", "T", 0.0,
            "the control's Langevin temperature (0: SGD's step noise along the analysed directions, T = η·f·mean pᵢᵀCpᵢ/2)").require(v -> v >= 0 && Double.isFinite(v), "must be zero or more");

    /** The sizes of one scale. */
    record Preset(int trainSamples, int steps, int snapshots, int every, int directions, int eigenvectors, int controlSteps, double tolerance,
                  double[] sweepLearningRates, int[] sweepBatches) {}

    static Preset preset(Scale s) {
        return s.pick(
                // 2,000 digits, 40 steps an epoch: ~0 training error within 75 epochs; a 10-epoch window. With
                // 12 directions the flatness spans less than a factor 3 and ψ is not resolved; 40 span a decade.
                // Control budgets (6τ of the slowest analysed eigenvector, τ = 1/(ηλ)): at standard scale the block's top 40
                // eigenvalues ran 0.43 … 0.011 (seed 1), and 3,000 steps (~0.08 s each on 8,000 digits at load 8) equilibrate the
                // 21 with λ ≥ 0.02, a factor 20 in λ and 4.5 in F; the last factor 2 in λ would double the control's cost. Smoke
                // affords τ ≤ 200 (12 of 24 on 2,000 digits), paper τ ≤ 2,000 (λ ≥ 0.005).
                new Preset(2000, 3000, 80, 5, 40, 24, 1200, 0.02, new double[0], new int[0]),
                new Preset(8000, 12000, 160, 10, 60, 40, 3000, 0.01, new double[] {0.05, 0.2}, new int[] {25, 100}),
                new Preset(0, 40000, 400, 4, 100, 60, 12000, 0.005, new double[] {0.02, 0.05, 0.2}, new int[] {10, 25, 100, 200}));
    }

    public String name() { return "feng-tu"; }

    public String description() {
        return "reproduction of Feng & Tu's inverse variance-flatness relation (psi ~ 4) with its Langevin control (--scale)";
    }

    /** The paper's setup: the 784-50-50-10 MLP on the digits, SGD with η = 0.1, B = 50; sizes from --scale. */
    public RunConfig defaults() {
        return RunConfig.defaultsOf(this, Map.of(RunSettings.MODEL, "mlp", RunSettings.LEARNING_RATE, 0.1, RunSettings.BATCH, 50,
                RunSettings.STEPS, 0));
    }

    @Override public List<Setting<?>> settings() {
        return List.of(ReproductionSettings.SCALE, SNAPSHOTS, SNAPSHOT_EVERY, DIRECTIONS, EIGENVECTORS, CONTROL_STEPS, TEMPERATURE);
    }

    /** What one SGD (or control) window gave. */
    record Analysis(Trajectory trajectory, TrajectoryPca pca, double[] flatness, double[] nearSide, double[] mean, double[] end, double meanLoss,
                    double trainingError, int steps, LogLogFit fit, Estimate slope, Estimate rma) {}

    public ScenarioResult run(RunContext given) {
        RunConfig c = given.config();
        Scale scale = c.get(ReproductionSettings.SCALE);
        Preset p = preset(scale);
        int samples = ReproductionSettings.sized(c, RunSettings.TRAIN_SAMPLES, p.trainSamples());
        // --train-samples 0 here means the scale's preset; the loader already read all (or the preset is "all")
        RunContext ctx = samples > 0 && samples < given.train().size()
                ? new RunContext(c, given.engine(), given.train().head(samples), given.test(), given.timings(), given.listener(),
                        given.saveBatch(), given.saveEigenvectors(), given.checkpoints())
                : given;
        Dataset train = ctx.train();
        Engine engine = ctx.engine();
        int budget = ReproductionSettings.sized(c, RunSettings.STEPS, p.steps());
        int snapshots = ReproductionSettings.sized(c, SNAPSHOTS, p.snapshots());
        int every = ReproductionSettings.sized(c, SNAPSHOT_EVERY, p.every());
        int k = ReproductionSettings.sized(c, DIRECTIONS, p.directions());
        int controlSteps = ReproductionSettings.sized(c, CONTROL_STEPS, p.controlSteps());
        int eigenvectors = ReproductionSettings.sized(c, EIGENVECTORS, p.eigenvectors());
        ParamBlock central = centralWeights(engine);
        long seed = c.get(RunSettings.SEED);
        double lr = c.get(RunSettings.LEARNING_RATE);
        int batch = c.get(RunSettings.BATCH);
        double[] initial;
        try (Vec theta = engine.parameters()) {
            initial = engine.vectors().toHost(theta);
        }

        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Object> arrays = new LinkedHashMap<>();
        Map<String, Object> ft = new LinkedHashMap<>();
        List<String> summary = new ArrayList<>();

        Analysis sgd = ctx.timings().time("sgd-window", () -> sgdWindow(ctx, central, lr, batch, budget, snapshots, every, k, p.tolerance(), seed));
        Map<String, Object> t = new LinkedHashMap<>();
        Metric.TRAINING_STEPS.put(t, sgd.steps());
        metrics.put("training", t);
        Metric.FENG_TU_TRAIN_SAMPLES.put(ft, train.size());
        Metric.FENG_TU_WEIGHTS.put(ft, central.size());
        Metric.FENG_TU_SNAPSHOTS.put(ft, snapshots);
        Metric.FENG_TU_SNAPSHOT_INTERVAL.put(ft, every);
        Metric.FENG_TU_TRAINING_ERROR.put(ft, sgd.trainingError());
        Metric.FENG_TU_MEAN_LOSS.put(ft, sgd.meanLoss());
        Metric.FENG_TU_SIGMA2.put(ft, sgd.pca().variances());
        Metric.FENG_TU_FLATNESS.put(ft, sgd.flatness());
        Metric.FENG_TU_FIT_INTERCEPT.put(ft, sgd.fit().intercept());
        Metric.FENG_TU_FIT_R2.put(ft, sgd.fit().r2());
        Metric.FENG_TU_FIT_POINTS.put(ft, sgd.fit().points());
        Estimate psi = negate(sgd.slope());

        // The gradient noise along each pᵢ at w̄ (it also sets the control's matched temperature).
        Batch noiseBatch = TrainingPhase.sampleBatch(train, c.get(RunSettings.NOISE_SAMPLES), seed ^ 0x5eedL);
        double[] noise;
        try (Vec w = engine.vectors().fromHost(sgd.mean())) {
            engine.setParameters(w);
            noise = directionalNoise(engine, noiseBatch, sgd, central);
        }
        Metric.FENG_TU_NOISE.put(ft, noise);
        Estimate noiseSlope = LogLogFit.slopeWithInterval(drop1(sgd.flatness()), drop1(noise), BOOTSTRAP_RESAMPLES, seed ^ 0xb007L);
        Metric.FENG_TU_NOISE_SLOPE.put(ft, noiseSlope);

        List<Reproduction.Row> rows = new ArrayList<>();
        rows.add(Reproduction.Row.of(Metric.REPRODUCTION_FENG_TU_PSI, psi, 4, Reproduction.Evidence.SUM,
                "η = " + lr + ", B = " + batch + "; bootstrap over the " + sgd.fit().points() + " directions p2…p" + (sgd.fit().points() + 1)));

        rows.add(Reproduction.Row.of(Metric.REPRODUCTION_FENG_TU_PSI_RMA, negate(sgd.rma()), 4, Reproduction.Evidence.SUM,
                "sensitivity check: reduced major axis over the same directions, OLS slope / |r| (R² " + String.format(Locale.ROOT, "%.2f", sgd.fit().r2())
                        + "), steeper than OLS whenever R² < 1; the noise is in σ², not F, so OLS is the estimate (docs/METRICS.md)"));

        if (controlSteps > 0 && eigenvectors > 0) {
            double f = NoiseConfig.defaults().withStep(batch, c.get(RunSettings.SAMPLING), train.size()).stepFactor(noiseBatch.size());
            // SGD's step puts η²·f·pᵢᵀCpᵢ of variance along pᵢ, the control 2ηT along every direction: equal on average over p₂ … pₖ
            double temperature = c.get(TEMPERATURE) > 0 ? c.get(TEMPERATURE) : lr * f * Arrays.stream(drop1(noise)).average().orElse(0) / 2;
            control(ctx, central, sgd, lr, temperature, eigenvectors, controlSteps, seed, ft, rows, summary);
        }

        double[] rates = p.sweepLearningRates();
        int[] batches = p.sweepBatches();
        if (rates.length + batches.length > 0) {
            List<double[]> runs = new ArrayList<>();  // {η, B}
            runs.add(new double[] {lr, batch});
            for (double r : rates) runs.add(new double[] {r, batch});
            for (int b : batches) runs.add(new double[] {lr, b});
            double[] sr = new double[runs.size()], sb = new double[runs.size()], sv = new double[runs.size()];
            double[] lo = new double[runs.size()], hi = new double[runs.size()];
            for (int i = 0; i < runs.size(); i++) {
                sr[i] = runs.get(i)[0];
                sb[i] = runs.get(i)[1];
                Estimate e = psi;
                if (i > 0) {
                    try (Vec w0 = engine.vectors().fromHost(initial)) {
                        engine.setParameters(w0);  // every sweep run starts from the same initial weights
                    }
                    double rate = sr[i];
                    int b = (int) sb[i];
                    // the same number of epochs and snapshot window in epochs as the main run
                    double epochScale = (double) batch / b;
                    Analysis a = ctx.timings().time("sweep", () -> sgdWindow(ctx, central, rate, b,
                            (int) Math.round(budget * epochScale), snapshots, Math.max(1, (int) Math.round(every * epochScale)), k,
                            p.tolerance(), seed + 1));
                    e = negate(a.slope());
                }
                sv[i] = e.number();
                lo[i] = e.hasInterval() ? e.lower(0) : Double.NaN;
                hi[i] = e.hasInterval() ? e.upper(0) : Double.NaN;
            }
            Map<String, Object> sw = new LinkedHashMap<>();
            Metric.FENG_TU_SWEEP_LEARNING_RATES.put(sw, sr);
            Metric.FENG_TU_SWEEP_BATCHES.put(sw, sb);
            Metric.FENG_TU_SWEEP_PSI.put(sw, Estimate.of(sv).withInterval(lo, hi));
            ft.put("sweep", sw);
            summary.add("psi across the sweep (95% bootstrap over directions):");
            for (int i = 0; i < sv.length; i++) {
                summary.add(String.format(Locale.ROOT, "  eta %-5s B %-4d psi %.3g [%.3g, %.3g]", sr[i], (int) sb[i], sv[i], lo[i], hi[i]));
            }
        }

        metrics.put("fengTu", ft);
        Reproduction table = new Reproduction(rows);
        metrics.put(Reproduction.GROUP, table.toMetrics());
        arrays.put("sigma2_flatness_noise", new double[][] {sgd.pca().variances(), sgd.flatness(), noise});
        arrays.put("principal_directions", sgd.pca().directions());

        List<String> head = new ArrayList<>();
        head.add(String.format(Locale.ROOT, "feng-tu (%s scale): %d SGD steps (eta %s, B %d) to training error %.4f; %d snapshots every %d steps of the %d central weights",
                scale.label(), sgd.steps(), lr, batch, sgd.trainingError(), snapshots, every, central.size()));
        head.add(String.format(Locale.ROOT, "  L(w_mean) = %.4g on %d training samples; flatness of %d directions bracketed; fit R^2 %.3f",
                sgd.meanLoss(), train.size(), sgd.fit().points() + 1, sgd.fit().r2()));
        head.add("  slope of log noise variance on log F: " + noiseSlope.toText());
        head.addAll(table.summary());
        head.addAll(summary);
        return new ScenarioResult(metrics, arrays, head);
    }

    /**
     * The eigenvector control: the top eigenpairs of the central block's Hessian at w̄ over the whole
     * training set, the flatness along each, SGD's variance along them, and full-batch GD plus
     * isotropic Langevin noise on the block alone from w̄, analysed along the eigenvectors that
     * equilibrate within the step budget (and, as a secondary row, along SGD's principal directions).
     */
    private static void control(RunContext ctx, ParamBlock central, Analysis sgd, double lr, double temperature, int k, int controlSteps,
                                long seed, Map<String, Object> ft, List<Reproduction.Row> rows, List<String> summary) {
        Engine engine = ctx.engine();
        Dataset train = ctx.train();
        int offset = Math.toIntExact(central.offset()), d = Math.toIntExact(central.size());
        CurvatureSamples all = CurvatureSamples.all(engine, new SampleSet("train", train.size(), train::batch), true);
        EigenControl.Spectrum spectrum;
        try (Vec w = engine.vectors().fromHost(sgd.mean())) {
            engine.setParameters(w);
            LinearOperator block = BlockOperator.restrict(engine.vectors(), all.operator(CurvatureOperator.HESSIAN), offset, d);
            spectrum = ctx.timings().time("block-lanczos",
                    () -> EigenControl.spectrum(block, d, k, Ensemble.stream(seed, "block-lanczos", 0), ctx.listener()));
        }
        double[] lambda = spectrum.values();
        int n = lambda.length;
        double[] flat = new double[n], quadratic = new double[n];
        double threshold = LOSS_FACTOR * sgd.meanLoss();
        ctx.timings().time("eigen-flatness", () -> {
            for (int j = 0; j < n; j++) {
                ctx.listener().update("eigen-flatness", j, n);
                double guess = EigenControl.quadraticHalfWidth(sgd.meanLoss(), lambda[j], LOSS_FACTOR);
                try (LossProfile profile = new LossProfile(engine, train, sgd.mean(), sgd.trajectory().embed(spectrum.vectors()[j], sgd.mean().length))) {
                    // the quadratic's crossing is one doubling from half of it: a bracket in two or three evaluations
                    Flatness fl = Flatness.of(profile, threshold, guess / 2, CONTROL_FLATNESS_TOLERANCE, SEARCH_LIMIT * guess);
                    flat[j] = fl.bounded() ? fl.width() : Double.POSITIVE_INFINITY;
                }
                quadratic[j] = EigenControl.quadraticRatio(flat[j], lambda[j], sgd.meanLoss(), LOSS_FACTOR);
            }
            ctx.listener().update("eigen-flatness", n, n);
        });
        double[] sgdAlong = sgd.trajectory().variancesAlong(spectrum.vectors());
        Map<String, Object> eg = new LinkedHashMap<>();
        Metric.FENG_TU_EIGEN_VALUES.put(eg, lambda);
        Metric.FENG_TU_EIGEN_NON_POSITIVE.put(eg, spectrum.nonPositive());
        Metric.FENG_TU_EIGEN_UNCONVERGED.put(eg, spectrum.unconverged());
        Metric.FENG_TU_EIGEN_RELATIVE_RESIDUAL.put(eg, spectrum.relativeResiduals());
        Metric.FENG_TU_EIGEN_PRODUCTS.put(eg, spectrum.products());
        Metric.FENG_TU_EIGEN_FLATNESS.put(eg, flat);
        Metric.FENG_TU_EIGEN_QUADRATIC_RATIO.put(eg, quadratic);
        Metric.FENG_TU_EIGEN_SGD_SIGMA2.put(eg, sgdAlong);
        ft.put("eigen", eg);
        String found = String.format(Locale.ROOT, "%d of the top %d eigenvectors of the central block's Hessian at w̄ (full training set; %d left out with λ ≤ 0, "
                + "%d unconverged), λ %.3g … %.3g", n, k, spectrum.nonPositive(), spectrum.unconverged(), n == 0 ? Double.NaN : lambda[0],
                n == 0 ? Double.NaN : lambda[n - 1]);
        double[] fFinite = finiteOnly(flat), sgdFinite = finiteOnly(flat, sgdAlong), lamFinite = finiteOnly(flat, lambda);
        rows.add(Reproduction.Row.of(Metric.REPRODUCTION_FENG_TU_EIGEN_PSI,
                negate(LogLogFit.slopeWithInterval(fFinite, sgdFinite, BOOTSTRAP_RESAMPLES, Ensemble.stream(seed, "eigen-psi", 0))),
                "none (ψ ≈ 4 is along pᵢ)", Reproduction.Evidence.NONE, "SGD's window along " + found + "; bootstrap over the directions"));
        rows.add(Reproduction.Row.of(Metric.REPRODUCTION_FENG_TU_FLATNESS_CURVATURE,
                LogLogFit.slopeWithInterval(lamFinite, fFinite, BOOTSTRAP_RESAMPLES, Ensemble.stream(seed, "flatness-curvature", 0)), -0.5,
                Reproduction.Evidence.INFERENCE, String.format(Locale.ROOT, "F = √(8(e − 1)L₀/λ) on a quadratic profile; median F²λ/(8(e − 1)L₀) %.2f "
                        + "(1 when quadratic; below 1 where the loss rises faster than its curvature says)", BenchHarness.median(finiteOnly(quadratic)))));

        // The control: only eigenvectors with a bounded flatness and an accurate pair can enter its fit.
        double[] candidates = new double[n];
        int inaccurate = 0;
        for (int j = 0; j < n; j++) {
            if (!spectrum.accurate(j)) inaccurate++;
            candidates[j] = Double.isFinite(flat[j]) && spectrum.accurate(j) ? lambda[j] : Double.NaN;
        }
        Metric.FENG_TU_EIGEN_INACCURATE.put(eg, inaccurate);
        if (n == 0) {
            summary.add("control: no positive converged eigenpair of the central block; nothing to analyse");
            return;
        }
        Equilibration plan = Equilibration.plan(lr, candidates, controlSteps, Math.min(MIN_CONTROL_DIRECTIONS, n));
        int m = plan.directions().length;
        if (m == 0) {
            summary.add("control: no eigenvector of the central block has a bounded flatness and a residual ≤ "
                    + EigenControl.CONTROL_RELATIVE_RESIDUAL + "·λ; nothing to analyse");
            return;
        }
        double slowest = plan.relaxationSteps()[m - 1];
        // Secondary: SGD's principal directions p₂ … pₖ whose τ along pᵀHp is within the control's slowest.
        double[] pcaCurvature = ctx.timings().time("curvature", () -> curvatures(ctx, central, sgd));
        List<Integer> pcaKept = new ArrayList<>();
        for (int i = 0; i < pcaCurvature.length; i++) {
            if (Double.isFinite(sgd.flatness()[i + 1]) && Equilibration.relaxationSteps(lr, pcaCurvature[i]) <= slowest) pcaKept.add(i + 1);
        }
        double[][] dirs = new double[m + pcaKept.size()][];
        double[] fs = new double[m], lam = new double[m], index = new double[m];
        for (int j = 0; j < m; j++) {
            int e = plan.directions()[j];
            dirs[j] = spectrum.vectors()[e];
            fs[j] = flat[e];
            lam[j] = lambda[e];
            index[j] = e + 1;
        }
        for (int q = 0; q < pcaKept.size(); q++) dirs[m + q] = sgd.pca().directions()[pcaKept.get(q)];

        double[] base = sgd.mean().clone();
        UnaryOperator<double[]> gradient = x -> {
            System.arraycopy(x, 0, base, offset, d);
            try (Vec w = engine.vectors().fromHost(base); Vec g = engine.vectors().zeros()) {
                engine.setParameters(w);
                all.meanGradient(g);
                return Arrays.copyOfRange(engine.vectors().toHost(g), offset, offset + d);
            }
        };
        double[] start = Arrays.copyOfRange(sgd.mean(), offset, offset + d);
        double startGradient = norm(gradient.apply(start));
        long started = System.nanoTime();
        EigenControl.Run run = ctx.timings().time("langevin-control", () -> EigenControl.langevin(gradient, start, lr, temperature, plan, dirs,
                Ensemble.stream(seed, "langevin-control", 0), ctx.listener()));
        double secondsPerStep = (System.nanoTime() - started) / 1e9 / Math.max(1, plan.steps());
        double[] raw = run.variances();
        EigenControl.Analysis a = EigenControl.analyse(lr, temperature, plan, lam, fs, Arrays.copyOf(raw, m), BOOTSTRAP_RESAMPLES,
                Ensemble.stream(seed, "langevin-fit", 0));
        double[] displacement = EigenControl.displacement(start, run.end(), Arrays.copyOf(dirs, m), a.variance());
        Map<String, Object> lg = new LinkedHashMap<>();
        Metric.FENG_TU_LANGEVIN_DIRECTIONS.put(lg, index);
        Metric.FENG_TU_LANGEVIN_FLATNESS.put(lg, fs);
        Metric.FENG_TU_LANGEVIN_CURVATURE.put(lg, lam);
        Metric.FENG_TU_LANGEVIN_RELAXATION.put(lg, plan.relaxationSteps());
        Metric.FENG_TU_LANGEVIN_RAW_VARIANCE.put(lg, a.raw());
        Metric.FENG_TU_LANGEVIN_WINDOW_FRACTION.put(lg, a.windowFraction());
        Metric.FENG_TU_LANGEVIN_VARIANCE.put(lg, a.variance());
        Metric.FENG_TU_LANGEVIN_EQUILIBRIUM_RATIO.put(lg, a.ratio());
        Metric.FENG_TU_LANGEVIN_INTERCEPT.put(lg, a.fit().intercept());
        Metric.FENG_TU_LANGEVIN_TEMPERATURE.put(lg, temperature);
        Metric.FENG_TU_LANGEVIN_BURN_IN.put(lg, plan.burnIn());
        Metric.FENG_TU_LANGEVIN_STEPS.put(lg, plan.steps());
        Metric.FENG_TU_LANGEVIN_STEP_SECONDS.put(lg, secondsPerStep);
        Metric.FENG_TU_LANGEVIN_START_GRADIENT.put(lg, startGradient);
        Metric.FENG_TU_LANGEVIN_DISPLACEMENT.put(lg, displacement);
        double[] absDisplacement = Arrays.stream(displacement).map(Math::abs).toArray();
        String coverage = plan.equilibrated()
                ? m + " of the " + n + " eigenvectors (" + inaccurate + " with residual > " + EigenControl.CONTROL_RELATIVE_RESIDUAL + "·λ left out) equilibrate (τ = 1/(ηλ) ≤ " + (int) Math.floor(controlSteps / (Equilibration.BURN_IN_RELAXATIONS
                        + Equilibration.WINDOW_RELAXATIONS)) + " steps, λ ≥ " + String.format(Locale.ROOT, "%.3g", lam[m - 1]) + ")"
                : "NOT equilibrated: the " + m + " fastest eigenvectors, and even they need more than the " + controlSteps + " steps";
        rows.add(Reproduction.Row.of(Metric.REPRODUCTION_FENG_TU_LANGEVIN_EXPONENT, a.exponent(), 2, Reproduction.Evidence.INFERENCE,
                String.format(Locale.ROOT, "GD + isotropic noise on the central block alone from w̄, T = %.3g; %d burn-in + %d window full-batch steps "
                        + "(%.1f τ of the slowest, τ = %.0f); %s; window-mean correction ×%.2f … ×%.2f; median σ²λ(2 − ηλ)/(2T) %.2f "
                        + "(1 at equilibrium); |∇_B L(w̄)| %.2g, median |displacement| start→end %.2g σ (max %.2g); bootstrap over the directions",
                        temperature, plan.burnIn(), plan.window(), plan.burnIn() / slowest, slowest, coverage, 1 / a.windowFraction()[0],
                        1 / a.windowFraction()[m - 1], BenchHarness.median(a.ratio()), startGradient, BenchHarness.median(absDisplacement),
                        Arrays.stream(absDisplacement).max().orElse(Double.NaN))));
        if (!pcaKept.isEmpty()) {
            int q = pcaKept.size();
            double[] pf = new double[q], pl = new double[q], pi = new double[q];
            for (int j = 0; j < q; j++) {
                pi[j] = pcaKept.get(j) + 1;
                pf[j] = sgd.flatness()[pcaKept.get(j)];
                pl[j] = pcaCurvature[pcaKept.get(j) - 1];
            }
            EigenControl.Analysis pa = EigenControl.analyse(lr, temperature, plan, pl, pf, Arrays.copyOfRange(raw, m, m + q), BOOTSTRAP_RESAMPLES,
                    Ensemble.stream(seed, "langevin-pca-fit", 0));
            Map<String, Object> pc = new LinkedHashMap<>();
            Metric.FENG_TU_LANGEVIN_PCA_DIRECTIONS.put(pc, pi);
            Metric.FENG_TU_LANGEVIN_PCA_FLATNESS.put(pc, pf);
            Metric.FENG_TU_LANGEVIN_PCA_CURVATURE.put(pc, pl);
            Metric.FENG_TU_LANGEVIN_PCA_VARIANCE.put(pc, pa.variance());
            lg.put("pca", pc);
            rows.add(Reproduction.Row.of(Metric.REPRODUCTION_FENG_TU_LANGEVIN_PCA_EXPONENT, pa.exponent(), 2, Reproduction.Evidence.INFERENCE,
                    String.format(Locale.ROOT, "secondary: the same control along the %d of SGD's p₂…p%d with 1/(η pᵀHp) ≤ %.0f steps; along a "
                            + "non-eigenvector equilibrium gives T·pᵀH⁻¹p ≥ T/(pᵀHp); median σ²·pᵀHp(2 − η pᵀHp)/(2T) %.2f", q, sgd.pca().components(), slowest,
                            BenchHarness.median(pa.ratio()))));
        }
        ft.put("langevin", lg);
        summary.add(String.format(Locale.ROOT, "control: %s; %.3g s per full-batch step of %d samples; %d Hessian-vector products for the eigenvectors",
                found, secondsPerStep, train.size(), spectrum.products()));
    }

    /** The middle dense layer's weight matrix (50 × 50 for the mlp): the weights Feng & Tu analyse. */
    static ParamBlock centralWeights(Engine engine) {
        List<ParamBlock> weights = engine.spec().parameterBlocks().stream().filter(b -> b.kind() == ParamBlock.Kind.WEIGHT).toList();
        if (weights.size() < 3) {
            throw new IllegalArgumentException("the feng-tu scenario analyses the middle weight matrix of a network with at least three layers; "
                    + engine.spec().name() + " has " + weights.size() + " (use --model mlp)");
        }
        return weights.get(weights.size() / 2);
    }

    /** Trains to about zero training error (or the step budget), records the window and analyses it. */
    private static Analysis sgdWindow(RunContext ctx, ParamBlock central, double lr, int batch, int budget, int snapshots, int every,
                                      int k, double tolerance, long seed) {
        RunConfig c = ctx.config();
        Dataset train = ctx.train();
        TrainingConfig sgd = TrainingConfig.sgd(lr, batch, c.get(RunSettings.MOMENTUM), c.get(RunSettings.SAMPLING), seed, c.get(RunSettings.DIVERGENCE_FACTOR));
        int epoch = Math.max(1, train.size() / batch);
        int total = budget + snapshots * every;
        try (Trainer trainer = new Trainer(ctx.engine(), sgd, train.size(), train::batch)) {
            double error = trainingError(ctx.engine(), train);
            while (trainer.stepsDone() < budget && error > TARGET_ERROR) {
                step(ctx, trainer, Math.min(epoch, budget - trainer.stepsDone()), total);
                error = trainingError(ctx.engine(), train);
            }
            Trajectory trajectory = Trajectory.of(central);
            for (int s = 0; s < snapshots; s++) {
                step(ctx, trainer, every, total);
                trajectory.record(ctx.engine());
            }
            return analyse(ctx, trajectory, central, k, tolerance, error, trainer.stepsDone(), trainer.state().parameters(), seed);
        }
    }

    /**
     * The curvature pᵢᵀHpᵢ of the training loss at w̄ along p₂ … pₖ, by a second difference at half
     * the nearer flatness crossing (there a quadratic has risen by (e − 1)L₀/4, far above float32
     * resolution); NaN where the flatness is unbounded.
     */
    private static double[] curvatures(RunContext ctx, ParamBlock central, Analysis sgd) {
        int k = sgd.pca().components();
        double[] out = new double[Math.max(0, k - 1)];
        for (int i = 1; i < k; i++) {
            ctx.listener().update("curvature", i - 1, out.length);
            if (!Double.isFinite(sgd.flatness()[i])) {
                out[i - 1] = Double.NaN;
                continue;
            }
            try (LossProfile profile = new LossProfile(ctx.engine(), ctx.train(), sgd.mean(), sgd.trajectory().embed(sgd.pca().directions()[i], sgd.mean().length))) {
                out[i - 1] = profile.secondDifference(sgd.nearSide()[i] / 2, sgd.meanLoss());
            }
        }
        ctx.listener().update("curvature", out.length, out.length);
        return out;
    }

    private static void step(RunContext ctx, Trainer trainer, int steps, int total) {
        int offset = trainer.stepsDone();
        ctx.timings().time("train", () -> trainer.run(steps, (s, n, loss, sec) -> ctx.listener().step(offset + s, total, loss, sec)));
        if (trainer.divergence() != null) {
            Trainer.Summary all = trainer.history();
            throw new RunDiverged(trainer.divergence(), RunDiverged.partialOf(TrainingPhase.trainingMetrics(all), all.losses(), trainer.divergence()));
        }
    }

    /** PCA of the window, the flatness along each direction at w̄, and the fit of log σ² on log F over p₂ … pₖ. */
    private static Analysis analyse(RunContext ctx, Trajectory trajectory, ParamBlock central, int k, double tolerance, double error,
                                    int steps, double[] end, long seed) {
        Engine engine = ctx.engine();
        TrajectoryPca pca = TrajectoryPca.of(trajectory.snapshots(), k);
        double[] mean = trajectory.meanParameters();
        int p = mean.length;
        double[] flatness = new double[pca.components()], nearSide = new double[pca.components()];
        double meanLoss;
        try (Vec w = engine.vectors().fromHost(mean)) {
            engine.setParameters(w);
            meanLoss = LossProfile.meanLoss(engine, ctx.train());
        }
        for (int j = 0; j < flatness.length; j++) {
            ctx.listener().update("flatness", j, flatness.length);
            double spread = Math.sqrt(pca.variances()[j]);
            // The first probe: half the previous direction's nearer crossing (p₂ … pₖ have flatness within a factor of a few
            // of each other, so one or two doublings bracket it instead of ten from the spread); p₁, the drift, is far flatter.
            double first = j >= 2 && Double.isFinite(nearSide[j - 1]) ? Math.max(spread, nearSide[j - 1] / 2) : spread;
            try (LossProfile profile = new LossProfile(engine, ctx.train(), mean, trajectory.embed(pca.directions()[j], p))) {
                Flatness f = Flatness.of(profile, LOSS_FACTOR * meanLoss, first, tolerance, SEARCH_LIMIT * spread);
                flatness[j] = f.bounded() ? f.width() : Double.POSITIVE_INFINITY;
                nearSide[j] = Math.min(-f.lower(), f.upper());
            }
        }
        ctx.listener().update("flatness", flatness.length, flatness.length);
        double[] f = finiteOnly(drop1(flatness)), s2 = finiteOnly(drop1(flatness), drop1(pca.variances()));
        LogLogFit fit = LogLogFit.fit(f, s2);
        Estimate slope = LogLogFit.slopeWithInterval(f, s2, BOOTSTRAP_RESAMPLES, seed ^ 0xf1a7L);
        Estimate rma = LogLogFit.statisticWithInterval(f, s2, LogLogFit::reducedMajorAxisSlope, BOOTSTRAP_RESAMPLES, seed ^ 0xf1a7L);
        return new Analysis(trajectory, pca, flatness, nearSide, mean, end, meanLoss, error, steps, fit, slope, rma);
    }

    /** pᵢᵀCpᵢ: the variance over the noise samples of the per-sample gradients projected on each direction. */
    private static double[] directionalNoise(Engine engine, Batch batch, Analysis a, ParamBlock central) {
        int p = Math.toIntExact(engine.parameterCount());
        List<Vec> dirs = new ArrayList<>();
        try {
            for (double[] d : a.pca().directions()) {
                double[] full = new double[p];
                System.arraycopy(d, 0, full, Math.toIntExact(central.offset()), d.length);
                dirs.add(engine.vectors().fromHost(full));
            }
            double[][] proj = engine.project(batch, dirs);
            int n = proj.length, k = dirs.size();
            double[] var = new double[k];
            for (int j = 0; j < k; j++) {
                double m = 0;
                for (double[] row : proj) m += row[j] / n;
                for (double[] row : proj) var[j] += (row[j] - m) * (row[j] - m) / n;
            }
            return var;
        } finally {
            dirs.forEach(Vec::close);
        }
    }

    /** The fraction of training samples the engine's current parameters misclassify. */
    static double trainingError(Engine engine, Dataset train) {
        int wrong = 0;
        for (int from = 0; from < train.size(); from += 2000) {
            Batch b = train.batch(from, Math.min(train.size(), from + 2000));
            double[][] prob = engine.probabilities(b);
            for (int i = 0; i < b.size(); i++) if (!Loss.correct(prob[i], b.labels()[i])) wrong++;
        }
        return (double) wrong / train.size();
    }

    private static Estimate negate(Estimate e) {
        Estimate n = Estimate.of(-e.number());
        return e.hasInterval() ? n.withInterval(-e.upper(0), -e.lower(0)) : n;
    }

    /** Without the first entry (p₁, the drift along the trajectory). */
    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    private static double[] drop1(double[] v) { return v.length == 0 ? v : Arrays.copyOfRange(v, 1, v.length); }

    private static double[] finiteOnly(double[] v) { return finiteOnly(v, v); }

    /** The entries of values where the key is finite (directions whose flatness was bracketed). */
    private static double[] finiteOnly(double[] key, double[] values) {
        double[] out = new double[key.length];
        int n = 0;
        for (int i = 0; i < key.length; i++) if (Double.isFinite(key[i])) out[n++] = values[i];
        return Arrays.copyOf(out, n);
    }
}
