package flatbench.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import flatbench.benchmark.BenchHarness;
import flatbench.data.Dataset;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.EngineProvider;
import flatbench.engine.Engines;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;
import flatbench.landscape.Ensemble;
import flatbench.measure.CurvatureOperator;
import flatbench.measure.CurvatureSamples;
import flatbench.measure.GroupBootstrap;
import flatbench.measure.Lanczos;
import flatbench.measure.LocalEnergy;
import flatbench.measure.RankCorrelation;
import flatbench.measure.SampleSet;
import flatbench.model.Loss;
import flatbench.model.ModelSpec;
import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.record.Reproduction.Evidence;
import flatbench.scenario.ReproductionSettings.Scale;
import flatbench.train.Divergence;
import flatbench.train.Sampling;
import flatbench.train.Trainer;
import flatbench.train.TrainingConfig;
import flatbench.train.TrainingState;
import flatbench.train.UpdateRule;

/**
 * Baldassi, Pittorino &amp; Zecchina's local energy (SCIENCE.md §6): minima of one network on one
 * data set (default the mlp on the MNIST digits) found by different protocols, each from the same
 * initial weights and batch order per seed, compared by δE(w, σ) = E_z[E(w ⊙ (1 + σz))] − E(w)
 * ({@link LocalEnergy}). The yardstick E is the same for every protocol whatever loss it trained
 * with: the training error (Baldassi et al.'s energy, the primary one) and, beside it, the
 * softmax cross-entropy of the outputs. The draws z_d are common to every σ and every minimum.
 * <p>Protocols ({@link Protocol}): cross-entropy SGD; the same with a slow reduction of the weight
 * norm (a per-epoch shrink whose rate ramps up linearly, {@link #NORM_SHRINK}); squared-loss SGD;
 * full-batch gradient descent on the cross-entropy; Entropy-SGD at the same gradient evaluations as
 * SGD. Each protocol fixes its own update rule ({@code --optimizer} does not apply). Smoke scale
 * trains the first and the third.
 * <p>Reported: the δE(σ) curve of each protocol (mean over seeds and draws, with a bootstrap over
 * both), their order at each σ with whether each step of it is resolved (the 95% interval of the
 * difference excludes 0), and, over all minima, Spearman's ρ of δE at the fixed σ with the test
 * error and with the top eigenvalue of the training cross-entropy's Hessian (Lanczos), with a
 * bootstrap over seeds (a seed's minima share their initial weights and batch order, so they are
 * resampled together).
 */
public final class LocalEnergyScenario implements Scenario {
    public String name() { return "local-energy"; }

    public String description() {
        return "Baldassi, Pittorino & Zecchina: local energy curves of minima found by different protocols (cross-entropy, weight-norm reduction, "
                + "squared loss, GD) and their rank correlation with test error and the top Hessian eigenvalue";
    }

    /** The mlp at η = 0.1, B = 32; sizes from --scale (0 means the scale's preset). */
    public RunConfig defaults() {
        return RunConfig.defaultsOf(this, Map.of(RunSettings.MODEL, "mlp", RunSettings.LEARNING_RATE, 0.1, RunSettings.STEPS, 0));
    }

    public static final Setting<Integer> DRAWS = Setting.integer("draws", "--draws", "D", 0,
            "perturbations z per σ of the local energy, common to every σ and minimum (0: the scale's preset)").require(v -> v >= 0, "must be zero or more");
    public static final Setting<Integer> SEEDS = Setting.integer("minimaPerProtocol", "--minima-per-protocol", "S", 0,
            "seeds (initial weights and batch order) per protocol (0: the scale's preset)").require(v -> v == 0 || v >= 2, "must be 0 (preset) or at least 2");
    public static final Setting<Integer> GD_STEPS = Setting.integer("gdSteps", "--gd-steps", "N", 0,
            "full-batch gradient descent steps of the GD protocol (0: the scale's preset)").require(v -> v >= 0, "must be zero or more");

    @Override public List<Setting<?>> settings() { return List.of(ReproductionSettings.SCALE, DRAWS, SEEDS, GD_STEPS); }

    /** σ of the rank correlations and of the table's orderings: fixed in advance, on every scale's grid. */
    static final double FIXED_SIGMA = 0.3;
    /**
     * The weight-norm reduction: after epoch e = 1 … E − 1 of E (not after the last: the minimum is measured where training left
     * it) the weights are multiplied by exp(−ρ_e), ρ_e = ρ·e/E, with ρ such that Σρ_e = ln NORM_SHRINK: the norm would fall by
     * exactly this factor over training if the gradient did not push back. Our schedule [inference]; the paper's is not
     * recorded in SCIENCE.md.
     */
    static final double NORM_SHRINK = 2;
    /**
     * Entropy-SGD's outer step θ ← θ − η(θ − μ) with η = 1: θ moves to the inner loop's running mean μ each outer step, so
     * L gradient evaluations advance it about as far as L SGD steps (a smaller η would spend the shared budget standing still);
     * the authors' LeNet run starts at 1 too, then decays it (README, Entropy-SGD), which this fixed budget does not.
     */
    static final double ENTROPY_OUTER_LR = 1;
    /** Samples per forward pass of the energy evaluations. */
    static final int CHUNK = 1000;
    /**
     * Lanczos's relative residual for λ_max: the Ritz value's error is about the residual squared over the gap, far below what
     * a rank correlation can see.
     */
    static final double LANCZOS_TOLERANCE = 1e-2;
    /** Softmax probabilities are floored here before the log (a float32 softmax underflows to 0 below it). */
    static final double PROBABILITY_FLOOR = Float.MIN_NORMAL;

    /** How a minimum is found. */
    enum Protocol {
        CE_SGD("ce-sgd", Loss.CROSS_ENTROPY, false, false),
        CE_SGD_NORM("ce-sgd-norm-reduction", Loss.CROSS_ENTROPY, false, true),
        SQUARED_SGD("squared-sgd", Loss.SQUARED, false, false),
        CE_GD("ce-gd", Loss.CROSS_ENTROPY, true, false),
        ENTROPY_SGD("entropy-sgd", Loss.CROSS_ENTROPY, false, false);

        final String label;
        final Loss loss;
        final boolean fullBatch, normReduction;

        Protocol(String label, Loss loss, boolean fullBatch, boolean normReduction) {
            this.label = label;
            this.loss = loss;
            this.fullBatch = fullBatch;
            this.normReduction = normReduction;
        }
    }

    /**
     * Per scale. Smoke ≈ 20 s; standard took 5.3 minutes at load 10–12 on 2 cores; paper is estimated from the standard run's
     * per-step costs at about 4 hours on that machine (GD's 10,000 full-batch steps on 8,000 digits two thirds of it).
     */
    record Sizes(int trainSamples, int sgdSteps, int gdSteps, int seeds, int draws, double[] sigmas, int lanczosSteps, int resamples,
                 List<Protocol> protocols) {
        static Sizes of(Scale s) {
            return s.pick(new Sizes(1000, 300, 100, 2, 6, new double[] {0.1, 0.3, 0.6}, 30, 200, List.of(Protocol.CE_SGD, Protocol.SQUARED_SGD)),
                    new Sizes(2000, 2500, 1500, 5, 32, new double[] {0.05, 0.1, 0.2, 0.3, 0.45, 0.6}, 50, 1000, List.of(Protocol.values())),
                    new Sizes(8000, 25000, 10000, 10, 100, new double[] {0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8}, 60, 2000,
                            List.of(Protocol.values())));
        }
    }

    /**
     * One minimum.
     *
     * @param energy    δE draws, yardsticks {training error, cross-entropy}
     * @param lambdaMax the top eigenvalue of the training cross-entropy's Hessian (NaN when Lanczos did not converge)
     */
    record Minimum(Protocol protocol, int seed, Trainer.Summary training, double ownLoss, double trainError, double trainCrossEntropy,
                   double testError, double weightNorm, double lambdaMax, LocalEnergy.Draws energy) {}

    public ScenarioResult run(RunContext given) {
        RunConfig c = given.config();
        Sizes z = Sizes.of(c.get(ReproductionSettings.SCALE));
        int samples = ReproductionSettings.sized(c, RunSettings.TRAIN_SAMPLES, z.trainSamples());
        Dataset train = samples > 0 && samples < given.train().size() ? given.train().head(samples) : given.train();
        Dataset test = given.test().orElse(train);
        Engine ce = given.engine();
        if (ce.spec().loss() != Loss.CROSS_ENTROPY) {
            throw new IllegalArgumentException("local-energy trains each protocol with its own loss and measures with cross-entropy; leave --loss at cross-entropy");
        }
        int sgdSteps = ReproductionSettings.sized(c, RunSettings.STEPS, z.sgdSteps());
        int gdSteps = ReproductionSettings.sized(c, GD_STEPS, z.gdSteps());
        int seeds = ReproductionSettings.sized(c, SEEDS, z.seeds());
        int draws = ReproductionSettings.sized(c, DRAWS, z.draws());
        long seed = c.get(RunSettings.SEED);
        double[] sigmas = z.sigmas();
        int fixed = Arrays.binarySearch(sigmas, FIXED_SIGMA);
        List<Protocol> protocols = z.protocols();

        List<Minimum> minima = new ArrayList<>();
        List<Trainer.Summary> trainings = new ArrayList<>();
        EngineProvider provider = Engines.find(c.get(RunSettings.ENGINE)).orElseThrow();
        Engine squared = null;
        try {
            for (Protocol p : protocols) {
                if (p.loss != Loss.CROSS_ENTROPY && squared == null) {
                    squared = provider.create(ce.spec().withLoss(p.loss), c.get(RunSettings.PRECISION), seed);
                }
                Engine engine = p.loss == Loss.CROSS_ENTROPY ? ce : squared;
                for (int seedIndex = 0; seedIndex < seeds; seedIndex++) {
                    int s = seedIndex;
                    int done = minima.size(), total = protocols.size() * seeds;
                    given.listener().update("minima", done, total);
                    Trainer.Summary t = given.timings().time("train", () -> train(given, engine, p, s, train, sgdSteps, gdSteps));
                    trainings.add(t);
                    if (t.divergence() != null && c.get(RunSettings.ON_DIVERGENCE) == OnDivergence.STOP) {
                        throw new RunDiverged(t.divergence(), RunDiverged.partialOf(TrainingPhase.trainingMetrics(t), t.losses(), t.divergence()));
                    }
                    minima.add(given.timings().time("measure", () -> measure(given, engine, ce, p, s, t, train, test, sigmas, draws, z)));
                }
            }
        } finally {
            if (squared != null) squared.close();
        }

        // Every minimum's training as one (steps, gradient evaluations and time summed); a divergence measured anyway is kept.
        Trainer.Summary all = Trainer.Summary.of(trainings);
        Map<String, Object> trainingMetrics = TrainingPhase.trainingMetrics(all);
        trainings.stream().filter(t -> t.divergence() != null).findFirst()
                .ifPresent(t -> trainingMetrics.put(Divergence.keyInTraining(), t.divergence().toMetrics()));
        return report(c, z, minima, protocols, seeds, sigmas, fixed, draws, train.size(), test.size(), trainingMetrics, all.losses(), seed);
    }

    /** The seed of minimum s: its initial weights and batch order, the same for every protocol. */
    static long minimumSeed(long seed, int s) { return Ensemble.stream(seed, "minimum", s); }

    /** Trains one minimum from seed s's initial weights; the engine is left at the trained weights. */
    static Trainer.Summary train(RunContext ctx, Engine engine, Protocol p, int s, Dataset train, int sgdSteps, int gdSteps) {
        RunConfig c = ctx.config();
        long ms = minimumSeed(c.get(RunSettings.SEED), s);
        VectorSpace space = engine.vectors();
        try (Vec init = space.fromHost(engine.spec().initialParameters(ms))) {
            engine.setParameters(init);
        }
        int batch = p.fullBatch ? train.size() : c.get(RunSettings.BATCH);
        double lr = c.get(RunSettings.LEARNING_RATE);
        UpdateRule rule = p == Protocol.ENTROPY_SGD ? entropySgd(lr) : new UpdateRule.Sgd(c.get(RunSettings.MOMENTUM));
        // The same gradient evaluations as SGD: Entropy-SGD makes L per outer step.
        int steps = p.fullBatch ? gdSteps : Math.max(1, sgdSteps / rule.gradientsPerStep());
        // Full batch means every sample once per step, whatever --sampling says.
        Sampling sampling = p.fullBatch ? Sampling.WITHOUT_REPLACEMENT : c.get(RunSettings.SAMPLING);
        TrainingConfig cfg = new TrainingConfig(p == Protocol.ENTROPY_SGD ? ENTROPY_OUTER_LR : lr, batch, rule, sampling, ms,
                c.get(RunSettings.DIVERGENCE_FACTOR));
        int epoch = (train.size() + batch - 1) / batch;
        int epochs = (steps + epoch - 1) / epoch;
        double[] shrink = shrinkFactors(epochs);
        Trainer trainer = new Trainer(engine, cfg, train.size(), train::batch);
        try {
            int done = 0;
            for (int e = 1; done < steps; e++) {
                int n = p.normReduction ? Math.min(epoch, steps - done) : steps - done;
                trainer.run(n, (step, of, loss, sec) -> {});
                done += n;
                if (trainer.divergence() != null) break;
                if (p.normReduction && done < steps) {
                    // Shrink between epochs: a fresh trainer continues from the shrunk state (batch order and history kept).
                    TrainingState st = trainer.state();
                    double[] w = st.parameters();
                    double f = shrink[e - 1];  // e < epochs here: steps remain
                    for (int i = 0; i < w.length; i++) w[i] *= f;
                    trainer.close();
                    trainer = new Trainer(engine, cfg, train.size(), train::batch);
                    trainer.restore(st);
                }
            }
            return trainer.history();
        } finally {
            trainer.close();
        }
    }

    /**
     * The norm reduction's factors after epochs 1 … E − 1 of E: exp(−ρe/E) with ρ = 2 ln NORM_SHRINK / (E − 1), so their product
     * is exactly 1/NORM_SHRINK (none with one epoch).
     */
    static double[] shrinkFactors(int epochs) {
        double[] f = new double[Math.max(0, epochs - 1)];
        double rho = 2 * Math.log(NORM_SHRINK) / (epochs - 1);
        for (int e = 1; e < epochs; e++) f[e - 1] = Math.exp(-rho * e / epochs);
        return f;
    }

    /**
     * Entropy-SGD with the authors' LeNet constants (L = 20, ε = 1e-4, γ₀ = 1e-4, γ₁ = 1e-3, α = 0.25), its inner step the run's η
     * (the SGD protocols' step), no momentum.
     */
    static UpdateRule.EntropySgd entropySgd(double lr) {
        UpdateRule.EntropySgd d = UpdateRule.entropySgd();
        return new UpdateRule.EntropySgd(d.innerSteps(), lr, d.noise(), d.gamma0(), d.gamma1(), d.meanWeight(), d.innerMomentum(), 0);
    }

    /** Measures the minimum the engine holds: errors, norm, δE curves on the CE engine, λ_max. */
    static Minimum measure(RunContext ctx, Engine trained, Engine ce, Protocol p, int s, Trainer.Summary t, Dataset train, Dataset test,
                           double[] sigmas, int draws, Sizes z) {
        long seed = ctx.config().get(RunSettings.SEED);
        double[] w;
        try (Vec v = trained.parameters()) {
            w = trained.vectors().toHost(v);
        }
        double ownLoss = lossOver(trained, train);
        VectorSpace space = ce.vectors();
        try (Vec wv = space.fromHost(w)) {
            double norm = space.norm(wv);
            ce.setParameters(wv);
            double testError = errorAndCrossEntropy(ce, test)[0];
            LocalEnergy.Draws d = LocalEnergy.measure(space, wv, sigmas, draws, Ensemble.stream(seed, "local-energy-draws", 0), x -> {
                ce.setParameters(x);
                return errorAndCrossEntropy(ce, train);
            });
            ce.setParameters(wv);
            double lambda = topEigenvalue(ctx, ce, train, z.lanczosSteps(), seed, s);
            return new Minimum(p, s, t, ownLoss, d.base()[0], d.base()[1], testError, norm, lambda, d);
        }
    }

    /** The mean training loss of the engine's own loss over a data set, in chunks. */
    static double lossOver(Engine e, Dataset d) {
        double sum = 0;
        for (int from = 0; from < d.size(); from += CHUNK) {
            Batch b = d.batch(from, Math.min(d.size(), from + CHUNK));
            sum += e.loss(b) * b.size();
        }
        return sum / d.size();
    }

    /** {error fraction, mean softmax cross-entropy} of a cross-entropy engine's current parameters over a data set. */
    static double[] errorAndCrossEntropy(Engine ce, Dataset d) {
        int wrong = 0;
        double nll = 0;
        for (int from = 0; from < d.size(); from += CHUNK) {
            Batch b = d.batch(from, Math.min(d.size(), from + CHUNK));
            double[][] prob = ce.probabilities(b);
            for (int i = 0; i < b.size(); i++) {
                int y = b.labels()[i];
                if (!Loss.correct(prob[i], y)) wrong++;
                nll -= Math.log(Math.max(prob[i][y], PROBABILITY_FLOOR));
            }
        }
        return new double[] {(double) wrong / d.size(), nll / d.size()};
    }

    /** λ_max of the training cross-entropy's Hessian on the whole training set; NaN when Lanczos did not converge. */
    static double topEigenvalue(RunContext ctx, Engine ce, Dataset train, int steps, long seed, int s) {
        SampleSet set = new SampleSet("train", train.size(), train::batch);
        CurvatureSamples curv = CurvatureSamples.all(ce, set, true);
        try (Lanczos.Eigenpairs e = Lanczos.top(ce.vectors(), curv.operator(CurvatureOperator.HESSIAN), 1, steps, LANCZOS_TOLERANCE,
                Ensemble.stream(seed, "lanczos", s), ctx.listener())) {
            return e.pairConverged()[0] ? e.values()[0] : Double.NaN;
        }
    }

    // ---- the report ------------------------------------------------------------------------

    /** The pairs of the table: {flatter expected, other}, with the row that reports δE(first) − δE(second). */
    record Pair(Protocol a, Protocol b, Metric row, String published, Evidence evidence, String why) {}

    static final List<Pair> PAIRS = List.of(
            new Pair(Protocol.CE_SGD, Protocol.SQUARED_SGD, Metric.REPRODUCTION_LOCAL_ENERGY_CE_VS_SQUARED, "< 0: cross-entropy minima flatter",
                    Evidence.ABS, "CE minimisers reach flatter minima"),
            new Pair(Protocol.CE_SGD_NORM, Protocol.CE_SGD, Metric.REPRODUCTION_LOCAL_ENERGY_NORM_VS_CE, "< 0: norm reduction flatter",
                    Evidence.ABS, "slow weight-norm reduction reaches flatter minima"),
            new Pair(Protocol.CE_SGD, Protocol.CE_GD, Metric.REPRODUCTION_LOCAL_ENERGY_SGD_VS_GD, "< 0: SGD flatter than GD",
                    Evidence.INFERENCE, "SGD's noise is expected to find flatter minima than full-batch GD (the issue's protocol; not a number "
                            + "SCIENCE.md records from the paper)"),
            new Pair(Protocol.ENTROPY_SGD, Protocol.CE_SGD, Metric.REPRODUCTION_LOCAL_ENERGY_ENTROPY_VS_SGD, "< 0: Entropy-SGD flatter",
                    Evidence.INFERENCE, "Entropy-SGD descends the local entropy, built to prefer wide minima (the issue's protocol; not a number "
                            + "SCIENCE.md records from the paper); at the authors' γ₀ = 1e-4 its coupling is weak over this budget; flatbench's "
                            + "Entropy-SGD runs here without the authors' inner Nesterov momentum 0.9 and their outer step's decay (README, Entropy-SGD)"));

    static ScenarioResult report(RunConfig c, Sizes z, List<Minimum> minima, List<Protocol> protocols, int seeds, double[] sigmas, int fixed,
                                 int draws, int trainSize, int testSize, Map<String, Object> trainingMetrics, double[] losses, long seed) {
        int np = protocols.size(), ng = sigmas.length, m = minima.size();
        // shifts[p][s][yardstick][σ][d]
        double[][][][][] sh = new double[np][seeds][][][];
        for (Minimum x : minima) sh[protocols.indexOf(x.protocol())][x.seed()] = x.energy().shifts();
        // Point estimates first: the order at each σ, so the bootstrap can test each adjacent step of it.
        double[][][] point = curves(sh, GroupBootstrap.ones(seeds, draws));
        int[][] order = new int[ng][];
        for (int g = 0; g < ng; g++) {
            final int gg = g;
            order[g] = java.util.stream.IntStream.range(0, np).boxed().sorted((a, b) -> Double.compare(point[0][a][gg], point[0][b][gg]))
                    .mapToInt(Integer::intValue).toArray();
        }
        List<Pair> pairs = PAIRS.stream().filter(q -> protocols.contains(q.a()) && protocols.contains(q.b())).toList();
        // One bootstrap over seeds (paired across protocols: seed s is one initial point and batch order) and draws (common to all):
        // both curves (2 yardsticks × P × G), the adjacent steps of each σ's order ((P−1) × G), the table's differences at σ*.
        int nCurve = 2 * np * ng, nStep = (np - 1) * ng;
        GroupBootstrap.Result[] r = GroupBootstrap.ofAll(new int[] {seeds, draws}, z.resamples(), Ensemble.stream(seed, "local-energy-bootstrap", 0), w -> {
            double[][][] cv = curves(sh, w);
            double[] out = new double[nCurve + nStep + pairs.size()];
            int k = 0;
            for (int y = 0; y < 2; y++) for (int p = 0; p < np; p++) for (int g = 0; g < ng; g++) out[k++] = cv[y][p][g];
            for (int g = 0; g < ng; g++) for (int i = 0; i + 1 < np; i++) out[k++] = cv[0][order[g][i + 1]][g] - cv[0][order[g][i]][g];
            for (Pair q : pairs) out[k++] = fixed < 0 ? Double.NaN : cv[0][protocols.indexOf(q.a())][fixed] - cv[0][protocols.indexOf(q.b())][fixed];
            return out;
        });

        double[][][] mean = new double[2][np][ng], lo = new double[2][np][ng], hi = new double[2][np][ng];
        int k = 0;
        for (int y = 0; y < 2; y++) {
            for (int p = 0; p < np; p++) {
                for (int g = 0; g < ng; g++, k++) {
                    mean[y][p][g] = r[k].value();
                    lo[y][p][g] = r[k].ci95() == null ? Double.NaN : r[k].ci95()[0];
                    hi[y][p][g] = r[k].ci95() == null ? Double.NaN : r[k].ci95()[1];
                }
            }
        }
        List<String> ordering = new ArrayList<>();
        for (int g = 0; g < ng; g++) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "σ = %.3g: ", sigmas[g]));
            for (int i = 0; i < np; i++) {
                int p = order[g][i];
                if (i > 0) {
                    GroupBootstrap.Result step = r[k++];
                    boolean resolved = step.ci95() != null && step.ci95()[0] > 0;
                    b.append(resolved ? " < " : " ≈ ");
                }
                b.append(String.format(Locale.ROOT, "%s %.4g", protocols.get(p).label, mean[0][p][g]));
            }
            ordering.add(b.toString());
        }
        Estimate[] pairDiff = new Estimate[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) pairDiff[i] = YangTangTuScenario.estimate(r[k++]);

        // Rank correlations over minima at σ*.
        double[] atFixed = new double[m], atFixedSe = new double[m], test = new double[m], lambda = new double[m];
        int[] seedOf = new int[m];
        for (int i = 0; i < m; i++) {
            Minimum x = minima.get(i);
            seedOf[i] = x.seed();
            atFixed[i] = fixed < 0 ? Double.NaN : x.energy().mean(0)[fixed];
            atFixedSe[i] = fixed < 0 ? Double.NaN : x.energy().standardError(0)[fixed];
            test[i] = x.testError();
            lambda[i] = x.lambdaMax();
        }
        boolean[] hasLambda = new boolean[m];
        for (int i = 0; i < m; i++) hasLambda[i] = Double.isFinite(lambda[i]);
        double[] lamX = filter(atFixed, hasLambda), lamY = filter(lambda, hasLambda);
        int[] lamSeed = java.util.stream.IntStream.range(0, m).filter(i -> hasLambda[i]).map(i -> seedOf[i]).toArray();
        GroupBootstrap.Result rhoTest = spearmanOverSeeds(atFixed, test, seedOf, seeds, z.resamples(), Ensemble.stream(seed, "spearman", 0));
        GroupBootstrap.Result rhoLambda = spearmanOverSeeds(lamX, lamY, lamSeed, seeds, z.resamples(), Ensemble.stream(seed, "spearman", 1));
        // What λ_max also ranks: the weight scale (it is not scale-invariant) and, for squared-loss minima, a point far from a CE minimum.
        String scale = lambdaScaleNote(minima, protocols);

        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Object> training = new LinkedHashMap<>(trainingMetrics);
        metrics.put("training", training);
        Map<String, Object> le = new LinkedHashMap<>();
        Metric.LOCAL_ENERGY_PROTOCOLS.put(le, protocols.stream().map(p -> p.label).toList());
        Metric.LOCAL_ENERGY_SIGMAS.put(le, sigmas.clone());
        Metric.LOCAL_ENERGY_FIXED_SIGMA.put(le, fixed < 0 ? Double.NaN : sigmas[fixed]);
        Metric.LOCAL_ENERGY_DRAWS.put(le, (long) draws);
        Metric.LOCAL_ENERGY_SEEDS.put(le, (long) seeds);
        Metric.LOCAL_ENERGY_TRAIN_SAMPLES.put(le, (long) trainSize);
        Metric.LOCAL_ENERGY_NORM_SHRINK.put(le, NORM_SHRINK);
        Metric.LOCAL_ENERGY_ERROR_CURVES.put(le, mean[0]);
        Metric.LOCAL_ENERGY_ERROR_LOWER.put(le, lo[0]);
        Metric.LOCAL_ENERGY_ERROR_UPPER.put(le, hi[0]);
        Metric.LOCAL_ENERGY_CE_CURVES.put(le, mean[1]);
        Metric.LOCAL_ENERGY_CE_LOWER.put(le, lo[1]);
        Metric.LOCAL_ENERGY_CE_UPPER.put(le, hi[1]);
        Metric.LOCAL_ENERGY_ORDERING.put(le, ordering);
        Map<String, Object> mm = new LinkedHashMap<>();
        Metric.LOCAL_ENERGY_MINIMA_PROTOCOL.put(mm, minima.stream().mapToDouble(x -> protocols.indexOf(x.protocol())).toArray());
        Metric.LOCAL_ENERGY_MINIMA_SEED.put(mm, minima.stream().mapToDouble(Minimum::seed).toArray());
        Metric.LOCAL_ENERGY_MINIMA_STEPS.put(mm, minima.stream().mapToDouble(x -> x.training().steps()).toArray());
        Metric.LOCAL_ENERGY_MINIMA_GRADIENTS.put(mm, minima.stream().mapToDouble(x -> x.training().gradientEvaluations()).toArray());
        Metric.LOCAL_ENERGY_MINIMA_EPOCHS.put(mm, minima.stream().mapToDouble(x -> (double) x.training().gradientEvaluations()
                * (x.protocol().fullBatch ? trainSize : c.get(RunSettings.BATCH)) / trainSize).toArray());
        Metric.LOCAL_ENERGY_MINIMA_OWN_LOSS.put(mm, minima.stream().mapToDouble(Minimum::ownLoss).toArray());
        Metric.LOCAL_ENERGY_MINIMA_TRAIN_ERROR.put(mm, minima.stream().mapToDouble(Minimum::trainError).toArray());
        Metric.LOCAL_ENERGY_MINIMA_TRAIN_CE.put(mm, minima.stream().mapToDouble(Minimum::trainCrossEntropy).toArray());
        Metric.LOCAL_ENERGY_MINIMA_TEST_ERROR.put(mm, test);
        Metric.LOCAL_ENERGY_MINIMA_NORM.put(mm, minima.stream().mapToDouble(Minimum::weightNorm).toArray());
        Metric.LOCAL_ENERGY_MINIMA_LAMBDA.put(mm, lambda);
        Metric.LOCAL_ENERGY_MINIMA_AT_FIXED.put(mm, atFixed);
        Metric.LOCAL_ENERGY_MINIMA_AT_FIXED_SE.put(mm, atFixedSe);
        le.put("minima", mm);
        metrics.put("localEnergy", le);

        List<Reproduction.Row> rows = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair q = pairs.get(i);
            rows.add(Reproduction.Row.of(q.row(), pairDiff[i], q.published(), q.evidence(), String.format(Locale.ROOT,
                    "δE(%s) − δE(%s) in training error at σ = %.3g, %d seeds × %d draws each; %s; bootstrap over seeds (paired: one initial point "
                            + "and batch order per seed) and draws (common to both)", q.a().label, q.b().label, FIXED_SIGMA, seeds, draws, q.why())));
        }
        rows.add(Reproduction.Row.of(Metric.REPRODUCTION_LOCAL_ENERGY_TEST_SPEARMAN, YangTangTuScenario.estimate(rhoTest), "> 0", Evidence.ABS,
                String.format(Locale.ROOT, "Spearman ρ over %d minima of δE (training error, σ = %.3g) and the test error on %d samples; bootstrap over "
                        + "the %d seeds, each bringing all its minima (one initial point and batch order for every protocol; the draws' own error, "
                        + "median standard error %.2g, is not in it)%s", m, FIXED_SIGMA, testSize, seeds, median(atFixedSe), rhoTest.nonFiniteNote())));
        rows.add(Reproduction.Row.of(Metric.REPRODUCTION_LOCAL_ENERGY_HESSIAN_SPEARMAN, YangTangTuScenario.estimate(rhoLambda), "> 0", Evidence.ABS,
                String.format(Locale.ROOT, "Spearman ρ over the %d of %d minima whose Lanczos converged, of δE at σ = %.3g and the top eigenvalue of "
                        + "the training cross-entropy's Hessian (every protocol measured in cross-entropy); bootstrap over the %d seeds, each bringing "
                        + "all its minima%s. λ_max is not scale-invariant (it grows as the weights shrink, where δE's perturbation is relative to "
                        + "each weight), so ρ partly ranks the weight norm; %s", lamX.length, m, FIXED_SIGMA, seeds, rhoLambda.nonFiniteNote(), scale)));
        Reproduction table = new Reproduction(rows);
        metrics.put(Reproduction.GROUP, table.toMetrics());

        List<String> summary = new ArrayList<>();
        for (int p = 0; p < np; p++) {
            final int pp = p;
            double[] te = minima.stream().filter(x -> x.protocol() == protocols.get(pp)).mapToDouble(Minimum::trainError).toArray();
            double[] ts = minima.stream().filter(x -> x.protocol() == protocols.get(pp)).mapToDouble(Minimum::testError).toArray();
            summary.add(String.format(Locale.ROOT, "%-22s train error %s, test error %s", protocols.get(p).label, ReproductionSettings.numbers(te), ReproductionSettings.numbers(ts)));
        }
        summary.addAll(ordering);
        summary.addAll(table.summary());
        return new ScenarioResult(metrics, Map.of("training_loss", losses), summary);
    }

    /**
     * Spearman ρ of per-minimum values with a bootstrap over seeds: a resample draws seeds with replacement and each drawn seed
     * brings all its minima, since seed s gives every protocol the same initial weights and batch order (its minima are not
     * independent draws).
     *
     * @param seedOf each pair's seed, 0 … seeds − 1
     */
    static GroupBootstrap.Result spearmanOverSeeds(double[] x, double[] y, int[] seedOf, int seeds, int resamples, long rng) {
        return GroupBootstrap.of(new int[] {seeds}, resamples, rng, w -> {
            double[] counts = new double[x.length];
            for (int i = 0; i < x.length; i++) counts[i] = w[0][seedOf[i]];
            return RankCorrelation.spearman(x, y, counts);
        });
    }

    /** Per protocol the median ‖w‖, λ_max and training cross-entropy, and what the squared-loss minima's λ_max is. */
    static String lambdaScaleNote(List<Minimum> minima, List<Protocol> protocols) {
        List<String> parts = new ArrayList<>();
        for (Protocol p : protocols) {
            List<Minimum> of = minima.stream().filter(x -> x.protocol() == p).toList();
            parts.add(String.format(Locale.ROOT, "%s ‖w‖ %.3g, λ_max %.3g, CE %.3g", p.label, median(of.stream().mapToDouble(Minimum::weightNorm).toArray()),
                    median(of.stream().mapToDouble(Minimum::lambdaMax).toArray()), median(of.stream().mapToDouble(Minimum::trainCrossEntropy).toArray())));
        }
        String squared = protocols.stream().anyMatch(p -> p.loss != Loss.CROSS_ENTROPY)
                ? "; a squared-loss minimum's λ_max is the cross-entropy Hessian at a point far from any cross-entropy minimum (its training "
                        + "cross-entropy is high), not the curvature of the loss it minimised"
                : "";
        return "medians by protocol: " + String.join("; ", parts) + squared;
    }

    /** δE curves [yardstick][protocol][σ]: the weighted mean over seeds (w[0]) and draws (w[1]). */
    static double[][][] curves(double[][][][][] sh, double[][] w) {
        int np = sh.length, ns = w[0].length, nd = w[1].length, ng = sh[0][0][0].length;
        double[][][] out = new double[2][np][ng];
        double ws = 0, wd = 0;
        for (double v : w[0]) ws += v;
        for (double v : w[1]) wd += v;
        for (int y = 0; y < 2; y++) {
            for (int p = 0; p < np; p++) {
                for (int g = 0; g < ng; g++) {
                    double sum = 0;
                    for (int s = 0; s < ns; s++) {
                        if (w[0][s] == 0) continue;
                        double[] d = sh[p][s][y][g];
                        double inner = 0;
                        for (int i = 0; i < nd; i++) inner += w[1][i] * d[i];
                        sum += w[0][s] * inner;
                    }
                    out[y][p][g] = sum / (ws * wd);
                }
            }
        }
        return out;
    }

    private static double[] filter(double[] v, boolean[] keep) {
        int n = 0;
        for (boolean b : keep) if (b) n++;
        double[] o = new double[n];
        for (int i = 0, k = 0; i < v.length; i++) if (keep[i]) o[k++] = v[i];
        return o;
    }

    /** The median of the finite values (NaN when there are none). */
    private static double median(double[] v) {
        return BenchHarness.median(Arrays.stream(v).filter(Double::isFinite).toArray());
    }

}
