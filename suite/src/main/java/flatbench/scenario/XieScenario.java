package flatbench.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import flatbench.checkpoint.Checkpoints;
import flatbench.data.Dataset;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.landscape.Ensemble;
import flatbench.landscape.FirstPassage;
import flatbench.landscape.MultiWell;
import flatbench.landscape.Optimizer;
import flatbench.measure.CurvatureOperator;
import flatbench.measure.CurvatureSamples;
import flatbench.measure.GroupBootstrap;
import flatbench.measure.Lanczos;
import flatbench.measure.LogLogFit;
import flatbench.measure.NoiseCovariance;
import flatbench.measure.SampleSet;
import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.record.Reproduction.Evidence;
import flatbench.scenario.ReproductionSettings.Scale;
import flatbench.train.Trainer;

/**
 * Xie, Sato &amp; Sugiyama's diffusion theory of SGD (SCIENCE.md §3), in two parts.
 * <ol>
 * <li><b>C ≈ H/B near a minimum.</b> A small network (default the mlp on the MNIST digits,
 *     cross-entropy) is trained with SGD; at its end the Hessian's top eigenpairs (λ_k, v_k) come
 *     from Lanczos on a sample of the training set, per-sample gradients of n noise samples are
 *     projected on the v_k, and for several B the variance σ²_k(B) of the projected mean gradient
 *     of M mini-batches (B rows drawn with replacement from the n) is measured. Targets: the
 *     log–log slope of σ²_k(B)·B on λ_k ≈ 1, and σ²_k(B) ∝ B^−1.</li>
 * <li><b>Escape times.</b> Ensembles on the Styblinski–Tang-type landscape ({@link MultiWell})
 *     start in the shallow well of coordinate 0 and escape when they cross its barrier coordinate.
 *     SGD (mini-batches of the landscape's samples) against gradient descent plus isotropic white
 *     noise of matched magnitude: the white noise's variance per coordinate is SGD's noise along
 *     the escape direction at the minimum, C₀₀/B. The mean escape time τ (censored exponential
 *     fit) is measured against B/η (white noise matched at each B) and against 1/curvature, the
 *     scale s of the escape coordinate changing the curvature at a fixed barrier height (white noise
 *     matched once, at s = 1, as a fixed temperature is). Targets: log τ linear in B/η and in
 *     1/curvature for SGD; for white noise τ depends on the curvature only polynomially.</li>
 * </ol>
 */
public final class XieScenario implements Scenario {
    public String name() { return "xie"; }

    public String description() {
        return "Xie, Sato & Sugiyama: sigma^2_k B against lambda_k for several B on a small net, and escape times (SGD vs white noise) on a multi-well landscape";
    }

    /** The mlp at η = 0.1, B = 32; --steps 0 takes the scale's training length; 2,048 noise samples (σ²_k(B) needs many rows). */
    public RunConfig defaults() {
        return RunConfig.defaultsOf(this, Map.of(RunSettings.MODEL, "mlp", RunSettings.LEARNING_RATE, 0.1, RunSettings.STEPS, 0,
                RunSettings.NOISE_SAMPLES, 2048));
    }

    @Override public List<Setting<?>> settings() { return List.of(ReproductionSettings.SCALE); }

    static final int[] NOISE_BATCHES = {8, 16, 32, 64};
    /** The landscape: amplitude, shift spread (unscaled units), samples; SGD's step. */
    static final double AMPLITUDE = 0.01, SHIFT_SIGMA = 1.0, ESCAPE_ETA = 3.4;
    static final int LANDSCAPE_SAMPLES = 500;

    record Sizes(int trainSteps, int curvatureSamples, int miniBatches, int resamples, int escapeRuns, long escapeBudget,
                 int[] escapeBatches, double[] escapeScales, int curvatureBatch) {
        static Sizes of(Scale s) {
            return s.pick(new Sizes(600, 1000, 300, 100, 100, 60_000, new int[] {3, 4, 5, 6}, new double[] {0.9, 1, 1.12, 1.25}, 4),
                    new Sizes(20000, 8000, 2000, 300, 1000, 300_000, new int[] {3, 4, 6, 8, 10}, new double[] {0.8, 0.9, 1, 1.12, 1.25}, 6),
                    new Sizes(50000, 8000, 4000, 1000, 4000, 2_000_000, new int[] {3, 4, 6, 8, 10, 12}, new double[] {0.75, 0.8, 0.9, 1, 1.12, 1.25}, 6));
        }
    }

    public ScenarioResult run(RunContext given) {
        Sizes z = Sizes.of(given.config().get(ReproductionSettings.SCALE));
        int steps = ReproductionSettings.sized(given.config(), RunSettings.STEPS, z.trainSteps());
        RunContext ctx = new RunContext(given.config().with(RunSettings.STEPS, steps), given.engine(), given.train(), given.test(),
                given.timings(), given.listener(), given.saveBatch(), given.saveEigenvectors(), Checkpoints.off());  // its own step count: not resumable
        RunConfig c = ctx.config();
        long seed = c.get(RunSettings.SEED);
        Map<String, Object> metrics = new LinkedHashMap<>();

        Trainer.Summary training;
        try (Trainer trainer = TrainingPhase.trainer(ctx)) {
            training = TrainingPhase.train(ctx, trainer, steps, Map.of());
        }
        Map<String, Object> t = TrainingPhase.trainingMetrics(training);
        t.put("evaluation", TrainingPhase.evaluate(ctx));
        metrics.put("training", t);

        NoiseScaling ns = ctx.timings().time("noise-scaling", () -> noiseScaling(ctx, z, seed));
        Escape esc = ctx.timings().time("escape", () -> escape(z, seed, ctx.listener()));

        Map<String, Object> group = new LinkedHashMap<>();
        Map<String, Object> a = new LinkedHashMap<>();
        Metric.XIE_LAMBDA.put(a, ns.lambda());
        Metric.XIE_BATCHES.put(a, Arrays.stream(NOISE_BATCHES).asDoubleStream().toArray());
        Metric.XIE_SIGMA2_B.put(a, ns.sigma2TimesB());
        Metric.XIE_CURVATURE_SAMPLES.put(a, (long) ns.curvatureSamples());
        Metric.XIE_NOISE_SAMPLES.put(a, (long) ns.noiseSamples());
        Metric.XIE_MINI_BATCHES.put(a, (long) z.miniBatches());
        Metric.XIE_SLOPE_INTERCEPT.put(a, ns.intercept());
        group.put("noise", a);
        Map<String, Object> e = new LinkedHashMap<>();
        Metric.XIE_ESCAPE_BATCHES.put(e, Arrays.stream(z.escapeBatches()).asDoubleStream().toArray());
        Metric.XIE_ESCAPE_B_OVER_ETA.put(e, esc.bOverEta());
        Metric.XIE_ESCAPE_SGD_TAU_BY_B.put(e, esc.sgdByB().tau());
        Metric.XIE_ESCAPE_WHITE_TAU_BY_B.put(e, esc.whiteByB().tau());
        Metric.XIE_ESCAPE_INVERSE_CURVATURE.put(e, esc.inverseCurvature());
        Metric.XIE_ESCAPE_SGD_TAU_BY_CURVATURE.put(e, esc.sgdByH().tau());
        Metric.XIE_ESCAPE_WHITE_TAU_BY_CURVATURE.put(e, esc.whiteByH().tau());
        Metric.XIE_ESCAPE_BARRIER.put(e, esc.barrier());
        Metric.XIE_ESCAPE_RUNS.put(e, (long) z.escapeRuns());
        Metric.XIE_ESCAPE_CENSORED.put(e, esc.censored());
        Metric.XIE_ESCAPE_SGD_R2_BY_B.put(e, esc.sgdByB().r2());
        Metric.XIE_ESCAPE_SGD_R2_BY_CURVATURE.put(e, esc.sgdByH().r2());
        Metric.XIE_ESCAPE_WHITE_R2_BY_CURVATURE.put(e, esc.whiteByH().r2());
        Metric.XIE_ESCAPE_WHITE_LOG_SLOPE.put(e, esc.whiteLogSlope());
        Metric.XIE_ESCAPE_SGD_LOG_R2.put(e, esc.sgdLogR2());
        Metric.XIE_ESCAPE_WHITE_LOG_R2.put(e, esc.whiteLogR2());
        group.put("escape", e);
        metrics.put("xie", group);

        Reproduction table = new Reproduction(List.of(
                Reproduction.Row.of(Metric.REPRODUCTION_XIE_SIGMA2_LAMBDA_SLOPE, ns.slope(), 1.0, Evidence.ABS,
                        String.format(Locale.ROOT, "C ≈ H/B near a minimum; log–log slope of σ²_k(B)·B = s²_k (exact for B rows drawn with "
                                + "replacement) on λ_k over the top %d pairs; bootstrap over the %d noise samples", ns.lambda().length, ns.noiseSamples())),
                Reproduction.Row.of(Metric.REPRODUCTION_XIE_BATCH_EXPONENT, ns.batchExponent(), -1.0, Evidence.ABS,
                        "slope of log σ²_k(B) on log B within each k, σ²_k(B) from " + z.miniBatches() + " drawn mini-batches per B = "
                                + Arrays.toString(NOISE_BATCHES) + "; −1 by construction for draws with replacement, so this checks the draws; "
                                + "bootstrap over the noise samples, the draws repeated"),
                Reproduction.Row.of(Metric.REPRODUCTION_XIE_ESCAPE_SGD_B_SLOPE, esc.sgdByB().slope(), "> 0, log τ linear in B/η", Evidence.ABS,
                        String.format(Locale.ROOT, "slope of ln τ on B/η (η = %.3g), R² %.3f; white noise matched at each B: slope %s; bootstrap over runs",
                                ESCAPE_ETA, esc.sgdByB().r2(), esc.whiteByB().slope().toText())),
                Reproduction.Row.of(Metric.REPRODUCTION_XIE_ESCAPE_SGD_CURVATURE_SLOPE, esc.sgdByH().slope(), "> 0, log τ linear in 1/curvature",
                        Evidence.ABS, String.format(Locale.ROOT, "slope of ln τ on 1/λ_escape at B = %d; R² %.3f on 1/λ against %.3f on ln(1/λ); "
                                + "bootstrap over runs", z.curvatureBatch(), esc.sgdByH().r2(), esc.sgdLogR2())),
                Reproduction.Row.of(Metric.REPRODUCTION_XIE_ESCAPE_WHITE_CURVATURE_SLOPE, esc.whiteByH().slope(),
                        "small: τ only polynomial in the curvature", Evidence.ABS,
                        String.format(Locale.ROOT, "slope of ln τ on 1/λ_escape for GD + white noise of fixed variance (matched at s = 1); "
                                + "R² %.3f on 1/λ against %.3f on ln(1/λ); slope on ln(1/λ) %s (Kramers' prefactor: 1 [inference])",
                                esc.whiteByH().r2(), esc.whiteLogR2(), esc.whiteLogSlope().toText()))));
        metrics.put(Reproduction.GROUP, table.toMetrics());

        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "trained %d steps: loss %.4f -> %.4f", training.steps(), training.firstLoss(), training.meanLastLosses()));
        summary.add(String.format(Locale.ROOT, "top %d Hessian eigenvalues on %d training samples: %.4g ... %.4g", ns.lambda().length,
                ns.curvatureSamples(), ns.lambda()[0], ns.lambda()[ns.lambda().length - 1]));
        summary.add(String.format(Locale.ROOT, "escape (barrier %.4g, %d runs per setting): SGD tau %s steps by B, white %s", esc.barrier(),
                z.escapeRuns(), fmt(esc.sgdByB().tau()), fmt(esc.whiteByB().tau())));
        summary.addAll(table.summary());
        return new ScenarioResult(metrics, Map.of("training_loss", training.losses()), summary);
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4g", v[i]));
        return b.append(']').toString();
    }

    // ---- (a) σ²_k(B)·B against λ_k ------------------------------------------------------------

    record NoiseScaling(double[] lambda, double[][] sigma2TimesB, Estimate slope, double intercept, Estimate batchExponent,
                        int curvatureSamples, int noiseSamples) {}

    static NoiseScaling noiseScaling(RunContext ctx, Sizes z, long seed) {
        Engine engine = ctx.engine();
        Dataset train = ctx.train();
        RunConfig c = ctx.config();
        int nc = Math.min(z.curvatureSamples(), train.size());
        SampleSet set = new SampleSet("train", train.size(), train::batch);
        CurvatureSamples curv = CurvatureSamples.of(engine, set, TrainingPhase.sampleIndices(train, nc, seed ^ 0xc0ffeeL), nc == train.size());
        int k = c.get(RunSettings.TOP_K);
        Batch noise = TrainingPhase.sampleBatch(train, c.get(RunSettings.NOISE_SAMPLES), seed ^ 0x5eedL);
        double[] lambda;
        double[][] raw;
        try (Lanczos.Eigenpairs e = Lanczos.top(engine.vectors(), curv.operator(CurvatureOperator.HESSIAN), k, Math.max(6 * k, 60), 1e-3,
                seed + 17, ctx.listener())) {
            List<Vec> kept = new ArrayList<>();
            List<Double> lam = new ArrayList<>();
            for (int j = 0; j < e.values().length; j++) {
                if (e.pairConverged()[j] && e.values()[j] > 0) {
                    kept.add(e.vectors().get(j));
                    lam.add(e.values()[j]);
                }
            }
            if (kept.isEmpty()) throw new IllegalStateException("no positive Hessian eigenpair converged; train longer (--steps)");
            lambda = lam.stream().mapToDouble(Double::doubleValue).toArray();
            NoiseCovariance.Projections p = NoiseCovariance.project(engine, noise, kept);
            raw = p.centred();
            for (double[] row : raw) for (int j = 0; j < row.length; j++) row[j] += p.means()[j];
        }
        int n = raw.length, kk = lambda.length;
        long drawSeed = seed ^ 0x3b1L;
        // σ²_k(B) from M mini-batches drawn from a pool of rows (the n rows, or a bootstrap resample of them).
        java.util.function.Function<int[], double[][]> sigma2 = pool -> {
            double[][] out = new double[NOISE_BATCHES.length][kk];
            SplittableRandom rng = new SplittableRandom(drawSeed);
            double[] mean = new double[kk];
            for (int bi = 0; bi < NOISE_BATCHES.length; bi++) {
                int b = NOISE_BATCHES[bi];
                double[] s1 = new double[kk], s2 = new double[kk];
                for (int m = 0; m < z.miniBatches(); m++) {
                    Arrays.fill(mean, 0);
                    for (int i = 0; i < b; i++) {
                        double[] row = raw[pool[rng.nextInt(pool.length)]];
                        for (int j = 0; j < kk; j++) mean[j] += row[j] / b;
                    }
                    for (int j = 0; j < kk; j++) {
                        s1[j] += mean[j];
                        s2[j] += mean[j] * mean[j];
                    }
                }
                int mm = z.miniBatches();
                for (int j = 0; j < kk; j++) out[bi][j] = (s2[j] - s1[j] * s1[j] / mm) / (mm - 1);
            }
            return out;
        };
        java.util.function.Function<double[], int[]> poolOf = w -> {
            int[] pool = new int[n];
            int at = 0;
            for (int i = 0; i < n; i++) for (int r = 0; r < (int) w[i]; r++) pool[at++] = i;
            return Arrays.copyOf(pool, at);
        };
        // The noise samples are resampled and the mini-batch draws made again from each resample.
        // With B rows drawn with replacement, E σ²_k(B)·B is exactly the rows' variance s²_k along v_k: the slope on λ_k uses
        // s²_k itself (no Monte Carlo noise); the drawn mini-batches measure the 1/B scaling and the figure's collapse.
        java.util.function.Function<double[], double[]> rowVariance = w -> {
            double[] v = new double[kk];
            double sw = 0;
            for (double x : w) sw += x;
            for (int j = 0; j < kk; j++) {
                double m = 0;
                for (int i = 0; i < n; i++) m += w[i] * raw[i][j];
                m /= sw;
                double q = 0;
                for (int i = 0; i < n; i++) q += w[i] * (raw[i][j] - m) * (raw[i][j] - m);
                v[j] = q / sw;
            }
            return v;
        };
        GroupBootstrap.Result[] both = GroupBootstrap.ofAll(new int[] {n}, z.resamples(), seed ^ 0x51L, w -> new double[] {
                LogLogFit.fit(lambda, rowVariance.apply(w[0])).slope(), batchExponent(sigma2.apply(poolOf.apply(w[0])))});
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        double[][] s = sigma2.apply(all);
        double[][] sb = new double[s.length][kk];
        for (int bi = 0; bi < s.length; bi++) for (int j = 0; j < kk; j++) sb[bi][j] = s[bi][j] * NOISE_BATCHES[bi];
        return new NoiseScaling(lambda, sb, YangTangTuScenario.estimate(both[0]),
                LogLogFit.fit(lambda, rowVariance.apply(GroupBootstrap.ones(n)[0])).intercept(), YangTangTuScenario.estimate(both[1]), nc, n);
    }

    /** The common slope of log σ²_k(B) on log B, each k with its own intercept (within-k least squares). */
    static double batchExponent(double[][] sigma2) {
        int kk = sigma2[0].length, nb = sigma2.length;
        double mlb = 0;
        for (int b : NOISE_BATCHES) mlb += Math.log(b) / nb;
        double sxy = 0, sxx = 0;
        for (int j = 0; j < kk; j++) {
            double my = 0;
            for (int bi = 0; bi < nb; bi++) my += Math.log(sigma2[bi][j]) / nb;
            for (int bi = 0; bi < nb; bi++) {
                double dx = Math.log(NOISE_BATCHES[bi]) - mlb;
                sxy += dx * (Math.log(sigma2[bi][j]) - my);
                sxx += dx * dx;
            }
        }
        return sxy / sxx;
    }

    // ---- (b) escape times ---------------------------------------------------------------------

    /** ln τ per setting with the fit of ln τ on x: slope (interval), R². */
    record Sweep(double[] tau, Estimate slope, double r2) {}

    record Escape(double barrier, double[] bOverEta, Sweep sgdByB, Sweep whiteByB, double[] inverseCurvature, Sweep sgdByH, Sweep whiteByH,
                  Estimate whiteLogSlope, double sgdLogR2, double whiteLogR2, double censored) {}

    static Escape escape(Sizes z, long seed, RunListener listener) {
        MultiWell base = MultiWell.generate(AMPLITUDE, new double[] {1, 1}, LANDSCAPE_SAMPLES, SHIFT_SIGMA, seed ^ 0x57L);
        double[] c0 = base.criticalPoints(0), c1 = base.criticalPoints(1);
        double barrier = base.profile(0, c0[1]) - base.profile(0, c0[2]);
        double c00 = base.sampleCovariance(new double[] {c0[2], c1[0]})[0][0];
        int[] bs = z.escapeBatches();
        double[] scales = z.escapeScales();
        int runs = z.escapeRuns();
        double[] censored = {0};
        // One ensemble per setting: runs start at the shallow minimum of coordinate 0 (the deep one of coordinate 1).
        interface Exits { double[] of(MultiWell f, Optimizer opt, long runSeed); }
        Exits exits = (f, opt, runSeed) -> {
            double[] cp = f.criticalPoints(0);
            Ensemble.Result r = Ensemble.run(f, opt, Ensemble.replicate(new double[] {cp[2], c1[0]}, runs),
                    Ensemble.seeds(runSeed, runs),
                    new Ensemble.Limits(z.escapeBudget(), 1e3), Ensemble.Basin.crossed(0, cp[1], true), null);
            censored[0] = Math.max(censored[0], FirstPassage.censoredFraction(r));
            double[] t = new double[runs];
            for (int i = 0; i < runs; i++) {
                long s = r.exitStep()[i] >= 0 ? r.exitStep()[i] : r.divergedStep()[i];
                t[i] = s >= 0 ? s : -1;  // −1: censored at the budget
            }
            return t;
        };
        double[] bOverEta = new double[bs.length];
        double[][] sgdB = new double[bs.length][], whiteB = new double[bs.length][];
        for (int i = 0; i < bs.length; i++) {
            bOverEta[i] = bs[i] / ESCAPE_ETA;
            sgdB[i] = exits.of(base, new Optimizer.Sgd(ESCAPE_ETA, bs[i]), seed + 101L * i);
            whiteB[i] = exits.of(base, Optimizer.Langevin.isotropic(ESCAPE_ETA, 2, c00 / bs[i]), seed + 101L * i + 1);
        }
        double[] invH = new double[scales.length];
        double[][] sgdH = new double[scales.length][], whiteH = new double[scales.length][];
        for (int i = 0; i < scales.length; i++) {
            MultiWell f = base.withScale(0, scales[i]);
            invH[i] = 1 / f.curvature(0, f.criticalPoints(0)[2]);
            sgdH[i] = exits.of(f, new Optimizer.Sgd(ESCAPE_ETA, z.curvatureBatch()), seed + 101L * i + 2);
            whiteH[i] = exits.of(f, Optimizer.Langevin.isotropic(ESCAPE_ETA, 2, c00 / z.curvatureBatch()), seed + 101L * i + 3);
        }
        long budget = z.escapeBudget();
        double[] logInvH = Arrays.stream(invH).map(Math::log).toArray();
        return new Escape(barrier, bOverEta, sweep(bOverEta, sgdB, budget, z.resamples(), seed ^ 1),
                sweep(bOverEta, whiteB, budget, z.resamples(), seed ^ 2), invH,
                sweep(invH, sgdH, budget, z.resamples(), seed ^ 3), sweep(invH, whiteH, budget, z.resamples(), seed ^ 4),
                sweep(logInvH, whiteH, budget, z.resamples(), seed ^ 5).slope(), linear(logInvH, tauOf(sgdH, budget))[1],
                linear(logInvH, tauOf(whiteH, budget))[1], censored[0]);
    }

    /** τ per setting (censored exponential mean), each setting's runs weighted by w (exit steps, −1 for censored). */
    static double[] taus(double[][] times, long budget, double[][] w) {
        double[] tau = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            long[] exit = new long[times[i].length], none = new long[times[i].length];
            Arrays.fill(none, -1);
            for (int r = 0; r < exit.length; r++) exit[r] = (long) times[i][r];
            tau[i] = FirstPassage.mean(exit, none, budget, w[i]);
        }
        return tau;
    }

    private static double[] tauOf(double[][] times, long budget) {
        return taus(times, budget, GroupBootstrap.ones(Arrays.stream(times).mapToInt(t -> t.length).toArray()));
    }

    /** τ per setting and the least-squares line of ln τ on x, bootstrapped over each setting's runs. */
    static Sweep sweep(double[] x, double[][] times, long budget, int resamples, long seed) {
        int[] sizes = Arrays.stream(times).mapToInt(t -> t.length).toArray();
        GroupBootstrap.Result slope = GroupBootstrap.of(sizes, resamples, seed, w -> linear(x, taus(times, budget, w))[0]);
        double[] tau = tauOf(times, budget);
        return new Sweep(tau, YangTangTuScenario.estimate(slope), linear(x, tau)[1]);
    }

    /** {slope, R²} of ln y on x by least squares (NaN when some y is not finite and positive). */
    static double[] linear(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            if (!(y[i] > 0 && Double.isFinite(y[i]))) return new double[] {Double.NaN, Double.NaN};
            mx += x[i] / n;
            my += Math.log(y[i]) / n;
        }
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = Math.log(y[i]) - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        return new double[] {sxy / sxx, syy > 0 ? sxy * sxy / (sxx * syy) : Double.NaN};
    }
}
