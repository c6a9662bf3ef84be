package flatbench.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import flatbench.landscape.Ensemble;
import flatbench.landscape.Optimizer;
import flatbench.landscape.ProductModel;
import flatbench.measure.Bootstrap;
import flatbench.measure.GroupBootstrap;
import flatbench.measure.LogLogFit;
import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.record.Reproduction.Evidence;
import flatbench.scenario.ReproductionSettings.Scale;

/**
 * Yang, Tang &amp; Tu's effective regularisation by SGD (SCIENCE.md §2) on the two-weight product
 * model ({@link ProductModel}): a valley of minima w₁w₂ = p* whose transverse curvature λ grows
 * away from the balanced point. Ensembles of independent SGD runs measure the noise ratio κ
 * (across / along the valley), the stationary density along the valley against the flatness
 * F = 1/√λ, the time to reach the flat region against η and B, and the critical η beyond which
 * training diverges. No network, no data set: the data are the model's own samples.
 */
public final class YangTangTuScenario implements Scenario {
    public String name() { return "yang-tang-tu"; }

    public String description() {
        return "Yang, Tang & Tu: SGD on a valley of minima (product model) — noise ratio κ, density along the valley vs F^(κ−1), convergence time, critical η";
    }

    public RunConfig defaults() { return RunConfig.defaultsOf(this, Map.of()); }

    @Override public List<Setting<?>> settings() { return List.of(ReproductionSettings.SCALE); }

    @Override public boolean needsNetwork() { return false; }

    /** The model: x ~ N(1, ½²), y = P·x + NOISE·ε, ζ planted for a noise ratio KAPPA on the valley. */
    static final double P = 1, NOISE = 0.5, KAPPA = 3;
    /** SGD of the density measurement; the flat region |u| ≤ U_FLAT; convergence runs start at u = U_START. */
    static final double ETA = 0.1, U_FLAT = 0.25, U_START = 1, U_RANGE = 1.5;
    static final int BATCH = 4, BINS = 30, SAMPLE_EVERY = 20, KAPPA_STATES = 100;
    static final double[] CONVERGENCE_ETAS = {0.03, 0.06, 0.12};
    static final int[] CONVERGENCE_BATCHES = {1, 2, 4, 8, 16};
    static final double CONVERGENCE_BATCH_ETA = 0.06;
    /** A run has diverged once |w_j| exceeds this (the valley lies at |w| ~ 1). */
    static final double DIVERGED = 1e3;

    /**
     * Sizes of each scale (smoke: seconds; standard: a few minutes on 2 shared cores). The second,
     * smaller η of the density (standard and paper only) shows how its exponent moves as η → 0;
     * the valley diffuses ∝ η², so it needs (ETA/SMALL_ETA)² times the steps.
     */
    record Sizes(int samples, int densityRuns, long densitySteps, int smallEtaRuns, long smallEtaSteps, int convergenceRuns,
                 long convergenceBudget, int divergenceRuns, long divergenceSteps, int divergencePoints, int resamples) {
        static Sizes of(Scale s) {
            return s.pick(new Sizes(200, 200, 20_000, 0, 0, 100, 20_000, 100, 1_000, 9, 200),
                    new Sizes(1000, 2000, 200_000, 500, 1_000_000, 1000, 100_000, 1000, 3_000, 25, 500),
                    new Sizes(1000, 8000, 400_000, 2000, 4_000_000, 4000, 400_000, 4000, 10_000, 33, 1000));
        }
    }

    /** The smaller learning rate of the density's second measurement. */
    static final double SMALL_ETA = 0.03;

    public ScenarioResult run(RunContext ctx) {
        RunConfig c = ctx.config();
        long seed = c.get(RunSettings.SEED);
        Sizes z = Sizes.of(c.get(ReproductionSettings.SCALE));
        ProductModel model = ProductModel.generate(z.samples(), P, NOISE, KAPPA, seed ^ 0x7a1eL);
        Map<String, Object> group = new LinkedHashMap<>();
        Metric.YTT_SAMPLES.put(group, (long) z.samples());
        Metric.YTT_VALLEY_PRODUCT.put(group, model.valleyProduct());
        Metric.YTT_FLATTEST_CURVATURE.put(group, model.flattestCurvature());
        Metric.YTT_PLANTED_KAPPA.put(group, KAPPA);

        Density density = ctx.timings().time("density", () -> density(model, ETA, z.densityRuns(), z.densitySteps(), z.resamples(), seed, ctx.listener()));
        Density small = z.smallEtaSteps() == 0 ? null : ctx.timings().time("density", () -> density(model, SMALL_ETA, z.smallEtaRuns(),
                z.smallEtaSteps(), z.resamples(), seed ^ 0x5a11L, ctx.listener()));
        Map<String, Object> dens = new LinkedHashMap<>();
        Metric.YTT_DENSITY_FLATNESS.put(dens, density.flatness());
        Metric.YTT_DENSITY.put(dens, density.density());
        Metric.YTT_DENSITY_INTERCEPT.put(dens, density.fit().intercept());
        Metric.YTT_DENSITY_RUNS.put(dens, (long) z.densityRuns());
        Metric.YTT_DENSITY_STEPS.put(dens, z.densitySteps());
        if (small != null) {
            Metric.YTT_SMALL_ETA.put(dens, SMALL_ETA);
            Metric.YTT_SMALL_ETA_EXPONENT.put(dens, small.exponent());
        }
        group.put("density", dens);
        Estimate kappa = ctx.timings().time("kappa", () -> kappa(model, density.finalStates(), z.resamples(), seed));

        Convergence byEta = ctx.timings().time("convergence", () -> convergence(model, z, seed, CONVERGENCE_ETAS, null));
        Convergence byBatch = ctx.timings().time("convergence", () -> convergence(model, z, seed ^ 0xb, null, CONVERGENCE_BATCHES));
        Map<String, Object> conv = new LinkedHashMap<>();
        Metric.YTT_CONVERGENCE_ETAS.put(conv, CONVERGENCE_ETAS.clone());
        Metric.YTT_CONVERGENCE_TIME_BY_ETA.put(conv, byEta.times());
        Metric.YTT_CONVERGENCE_BATCHES.put(conv, java.util.Arrays.stream(CONVERGENCE_BATCHES).asDoubleStream().toArray());
        Metric.YTT_CONVERGENCE_TIME_BY_BATCH.put(conv, byBatch.times());
        Metric.YTT_CONVERGENCE_CENSORED.put(conv, Math.max(byEta.censored(), byBatch.censored()));
        group.put("convergence", conv);

        Divergence div = ctx.timings().time("divergence", () -> divergence(model, z, seed));
        Map<String, Object> dv = new LinkedHashMap<>();
        Metric.YTT_DIVERGENCE_ETAS.put(dv, div.etas());
        Metric.YTT_DIVERGED_FRACTION.put(dv, div.fraction());
        Metric.YTT_GD_STABILITY_LIMIT.put(dv, 2 / model.flattestCurvature());
        group.put("divergence", dv);

        Reproduction table = new Reproduction(List.of(
                Reproduction.Row.of(Metric.REPRODUCTION_YTT_KAPPA, kappa, "> 1 (noise weaker along the valley)", Evidence.SUM,
                        String.format(Locale.ROOT, "planted %.3g; bootstrap over the %d data samples at %d stationary states",
                                KAPPA, z.samples(), Math.min(KAPPA_STATES, z.densityRuns()))),
                Reproduction.Row.of(Metric.REPRODUCTION_YTT_DENSITY_EXPONENT, density.exponent(),
                        String.format(Locale.ROOT, "κ − 1 = %.3g (density ∝ F^(κ−1))", kappa.number() - 1), Evidence.SUM,
                        "density per unit length along the valley at η = " + ETA + "; bootstrap over the " + z.densityRuns() + " runs"
                                + (small == null ? "" : "; at η = " + SMALL_ETA + ": " + small.exponent().toText())
                                + "; our small-η estimate for this model, whose noise grows with λ both ways, is κ + 2 [inference]"),
                Reproduction.Row.of(Metric.REPRODUCTION_YTT_CONVERGENCE_ETA_SLOPE, byEta.slope(), "< 0 (convergence time falls with η)",
                        Evidence.ABS, "log–log slope of the mean steps to |u| ≤ " + U_FLAT + " on η at B = " + BATCH
                                + "; bootstrap over runs per η"),
                Reproduction.Row.of(Metric.REPRODUCTION_YTT_CONVERGENCE_BATCH_SLOPE, byBatch.slope(),
                        "> 0 (falls with batch-to-batch variation, i.e. rises with B)", Evidence.ABS,
                        "log–log slope of the mean steps on B at η = " + CONVERGENCE_BATCH_ETA + "; bootstrap over runs per B"),
                Reproduction.Row.of(Metric.REPRODUCTION_YTT_CRITICAL_ETA, div.critical(), "exists (no value published)", Evidence.ABS,
                        String.format(Locale.ROOT, "η where half the runs from the flattest point diverge within %d steps at B = %d; "
                                + "gradient descent's limit there is 2/λ_min = %.3g; bootstrap over runs per η",
                                z.divergenceSteps(), BATCH, 2 / model.flattestCurvature()))));

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(Metric.YTT_SAMPLES.group(), group);
        metrics.put(Reproduction.GROUP, table.toMetrics());
        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "product model: n = %d, valley w1*w2 = %.4g, flattest curvature %.4g; SGD eta = %.3g, B = %d",
                z.samples(), model.valleyProduct(), model.flattestCurvature(), ETA, BATCH));
        summary.addAll(table.summary());
        return new ScenarioResult(metrics, Map.of(), summary);
    }

    // ---- the stationary density along the valley ----------------------------------------------

    /**
     * @param flatness  F = 1/√λ at each used bin's centre
     * @param density   runs' visits per unit length along the valley there (normalised to sum 1)
     * @param exponent  α of density ∝ F^α with its interval
     */
    record Density(double[] flatness, double[] density, LogLogFit fit, Estimate exponent, double[] finalStates) {}

    /** Runs start uniformly in u ∈ [−1, 1] on the valley; after a burn-in of half the steps, u is histogrammed every few steps. */
    static Density density(ProductModel m, double eta, int runs, long steps, int resamples, long seed, RunListener listener) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0xd5L);
        double[] start = new double[2 * runs];
        for (int r = 0; r < runs; r++) {
            double[] w = m.valleyPoint(rng.nextDouble(-1, 1));
            start[2 * r] = w[0];
            start[2 * r + 1] = w[1];
        }
        long[][] counts = new long[runs][BINS];
        long burnIn = steps / 2;
        // Sampling every SAMPLE_EVERY steps at η = ETA; proportionally less often at smaller η (the valley moves ∝ η²).
        long every = Math.max(SAMPLE_EVERY, Math.round(SAMPLE_EVERY * (ETA / eta) * (ETA / eta)));
        Ensemble.Result res = Ensemble.run(m, new Optimizer.Sgd(eta, BATCH), start, Ensemble.seeds(seed ^ 0xd6L, runs),
                new Ensemble.Limits(steps, DIVERGED), Ensemble.Basin.NEVER, (step, x, active) -> {
                    if (step % 1000 == 0) listener.update("density", step, steps);
                    if (step <= burnIn || step % every != 0) return;
                    for (int r = 0; r < runs; r++) {
                        if (!active[r] || !(x[2 * r] > 0 && x[2 * r + 1] > 0)) continue;
                        int b = (int) Math.floor((ProductModel.valleyCoordinate(x[2 * r], x[2 * r + 1]) + U_RANGE) / (2 * U_RANGE) * BINS);
                        if (b >= 0 && b < BINS) counts[r][b]++;
                    }
                });
        double[] f = new double[BINS], len = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            double u = -U_RANGE + (b + 0.5) * 2 * U_RANGE / BINS;
            f[b] = 1 / Math.sqrt(m.transverseCurvature(u));
            double[] w = m.valleyPoint(u);
            len[b] = Math.hypot(w[0], w[1]);  // |dw/du|: per unit u to per unit length
        }
        long[] total = new long[BINS];
        long all = 0;
        for (long[] row : counts) for (int b = 0; b < BINS; b++) {
            total[b] += row[b];
            all += row[b];
        }
        // Bins with few visits give log-counts dominated by their Poisson noise.
        long min = Math.max(30, all / 2000);
        int[] used = java.util.stream.IntStream.range(0, BINS).filter(b -> total[b] >= min).toArray();
        java.util.function.Function<double[], double[]> densityOf = w -> {
            double[] d = new double[used.length];
            double sum = 0;
            for (int i = 0; i < used.length; i++) {
                double s = 0;
                for (int r = 0; r < runs; r++) s += w[r] * counts[r][used[i]];
                d[i] = s / len[used[i]];
                sum += d[i];
            }
            for (int i = 0; i < d.length; i++) d[i] /= sum;
            return d;
        };
        double[] fu = java.util.Arrays.stream(used).mapToDouble(b -> f[b]).toArray();
        GroupBootstrap.Result slope = GroupBootstrap.of(new int[] {runs}, resamples, seed ^ 0xd7L,
                w -> LogLogFit.fit(fu, densityOf.apply(w[0])).slope());
        double[] d = densityOf.apply(GroupBootstrap.ones(runs)[0]);
        return new Density(fu, d, LogLogFit.fit(fu, d), estimate(slope), res.positions());
    }

    /**
     * κ = Σ_states Var_μ(g·n̂) / Σ_states Var_μ(g·t̂): per-sample gradients at stationary states
     * projected on the normal and tangent of the level set through each; bootstrap over the data samples.
     */
    static Estimate kappa(ProductModel m, double[] states, int resamples, long seed) {
        int count = Math.min(KAPPA_STATES, states.length / 2);
        List<double[][]> proj = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            double[] w = {states[2 * r], states[2 * r + 1]};
            if (Double.isFinite(w[0]) && Double.isFinite(w[1])) proj.add(m.projections(w));
        }
        int n = m.samples();
        java.util.function.Function<double[], Map<String, double[]>> stat = w -> {
            double across = 0, along = 0;
            for (double[][] p : proj) {
                across += weightedVariance(p[0], w);
                along += weightedVariance(p[1], w);
            }
            return Map.of("kappa", new double[] {across / along});
        };
        double[] uniform = new double[n];
        java.util.Arrays.fill(uniform, 1.0 / n);
        double value = stat.apply(uniform).get("kappa")[0];
        return Bootstrap.intervals(n, resamples, seed ^ 0x4a44L, stat).estimate("kappa", value);
    }

    private static double weightedVariance(double[] v, double[] w) {
        double mean = 0, sw = 0;
        for (int i = 0; i < v.length; i++) {
            mean += w[i] * v[i];
            sw += w[i];
        }
        mean /= sw;
        double s = 0;
        for (int i = 0; i < v.length; i++) s += w[i] * (v[i] - mean) * (v[i] - mean);
        return s / sw;
    }

    // ---- convergence to the flat region -------------------------------------------------------

    /** Mean steps to the flat region per setting (runs still outside at the budget count as the budget), the log–log slope. */
    record Convergence(double[] times, Estimate slope, double censored) {}

    /** Either a sweep over η (at B = BATCH) or over B (at η = CONVERGENCE_BATCH_ETA); runs start at u = U_START. */
    static Convergence convergence(ProductModel m, Sizes z, long seed, double[] etas, int[] batches) {
        int points = etas != null ? etas.length : batches.length, runs = z.convergenceRuns();
        double[][] steps = new double[points][runs];
        double[] x = new double[points];
        double censored = 0;
        Ensemble.Basin flat = (w, off) -> w[off] > 0 && w[off + 1] > 0 && Math.abs(ProductModel.valleyCoordinate(w[off], w[off + 1])) <= U_FLAT;
        for (int i = 0; i < points; i++) {
            double eta = etas != null ? etas[i] : CONVERGENCE_BATCH_ETA;
            int b = batches != null ? batches[i] : BATCH;
            x[i] = etas != null ? eta : b;
            Ensemble.Result r = Ensemble.run(m, new Optimizer.Sgd(eta, b), Ensemble.replicate(m.valleyPoint(U_START), runs),
                    Ensemble.seeds(seed + 31L * i, runs), new Ensemble.Limits(z.convergenceBudget(), DIVERGED), flat, null);
            int out = 0;
            for (int k = 0; k < runs; k++) {
                long t = r.exitStep()[k];
                if (t < 0) out++;
                steps[i][k] = t >= 0 ? t : z.convergenceBudget();
            }
            censored = Math.max(censored, (double) out / runs);
        }
        java.util.function.Function<double[][], double[]> means = w -> {
            double[] t = new double[points];
            for (int i = 0; i < points; i++) {
                double s = 0, sw = 0;
                for (int k = 0; k < runs; k++) {
                    s += w[i][k] * steps[i][k];
                    sw += w[i][k];
                }
                t[i] = s / sw;
            }
            return t;
        };
        int[] sizes = new int[points];
        java.util.Arrays.fill(sizes, runs);
        GroupBootstrap.Result slope = GroupBootstrap.of(sizes, z.resamples(), seed ^ 0xc0L, w -> LogLogFit.fit(x, means.apply(w)).slope());
        return new Convergence(means.apply(GroupBootstrap.ones(sizes)), estimate(slope), censored);
    }

    // ---- the critical learning rate -----------------------------------------------------------

    /** @param critical η where the diverged fraction first reaches ½ (interpolated in log η), with its interval */
    record Divergence(double[] etas, double[] fraction, Estimate critical) {}

    /** Runs start at the flattest point; η on a geometric grid from ½ to 3/2 of gradient descent's limit 2/λ_min. */
    static Divergence divergence(ProductModel m, Sizes z, long seed) {
        int points = z.divergencePoints(), runs = z.divergenceRuns();
        double limit = 2 / m.flattestCurvature();
        double[] etas = new double[points];
        boolean[][] diverged = new boolean[points][runs];
        for (int i = 0; i < points; i++) {
            etas[i] = limit * 0.5 * Math.pow(3, (double) i / (points - 1));
            Ensemble.Result r = Ensemble.run(m, new Optimizer.Sgd(etas[i], BATCH), Ensemble.replicate(m.valleyPoint(0), runs),
                    Ensemble.seeds(seed + 977L * i, runs), new Ensemble.Limits(z.divergenceSteps(), DIVERGED), Ensemble.Basin.NEVER, null);
            for (int k = 0; k < runs; k++) diverged[i][k] = r.divergedStep()[k] >= 0;
        }
        java.util.function.Function<double[][], double[]> fractions = w -> {
            double[] f = new double[points];
            for (int i = 0; i < points; i++) {
                double s = 0, sw = 0;
                for (int k = 0; k < runs; k++) {
                    if (diverged[i][k]) s += w[i][k];
                    sw += w[i][k];
                }
                f[i] = s / sw;
            }
            return f;
        };
        int[] sizes = new int[points];
        java.util.Arrays.fill(sizes, runs);
        GroupBootstrap.Result crit = GroupBootstrap.of(sizes, z.resamples(), seed ^ 0xe7L, w -> halfCrossing(etas, fractions.apply(w)));
        return new Divergence(etas, fractions.apply(GroupBootstrap.ones(sizes)), estimate(crit));
    }

    /** The first η where the fraction reaches ½, linear in log η from the point before; NaN when it never does or already does at the first. */
    static double halfCrossing(double[] eta, double[] fraction) {
        for (int i = 1; i < eta.length; i++) {
            if (fraction[i] >= 0.5 && fraction[i - 1] < 0.5) {
                double t = (0.5 - fraction[i - 1]) / (fraction[i] - fraction[i - 1]);
                return Math.exp(Math.log(eta[i - 1]) + t * (Math.log(eta[i]) - Math.log(eta[i - 1])));
            }
        }
        return Double.NaN;
    }

    static Estimate estimate(GroupBootstrap.Result r) {
        Estimate e = Estimate.of(r.value());
        return r.ci95() == null ? e : e.withInterval(r.ci95()[0], r.ci95()[1]);
    }
}
