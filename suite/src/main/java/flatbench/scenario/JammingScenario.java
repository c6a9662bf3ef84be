package flatbench.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import flatbench.data.Dataset;
import flatbench.data.PrincipalComponents;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.EngineProvider;
import flatbench.engine.Engines;
import flatbench.engine.Precision;
import flatbench.jamming.Architecture;
import flatbench.jamming.GapExponents;
import flatbench.jamming.GaussNewtonRank;
import flatbench.jamming.HingeTraining;
import flatbench.jamming.JammingPoint;
import flatbench.jamming.Patterns;
import flatbench.landscape.Ensemble;
import flatbench.measure.GroupBootstrap;
import flatbench.model.Loss;
import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.record.Reproduction.Evidence;
import flatbench.scenario.ReproductionSettings.Scale;
import flatbench.train.UpdateRule;

/**
 * Geiger et al.'s jamming transition (SCIENCE.md §5): fully connected ReLU nets with a scalar
 * output f, labels ±1, the quadratic hinge L = (1/P) Σ ½ max(0, Δ_μ)² with Δ_μ = 1 − y_μ f(x_μ)
 * (exactly the engines' {@link Loss#QUADRATIC_HINGE}, which averages ½ max(0, 1 − y f)² over the
 * batch), trained full-batch with Adam in float64 until the loss stops decreasing
 * ({@link HingeTraining}).
 *
 * <p>At fixed P, for each depth and seed, the width is swept from wide to narrow: wide nets fit
 * every pattern (N_Δ = 0), narrow ones jam at a minimum with N_Δ &gt; 0 unsatisfied patterns. N*,
 * the N of the first jammed net going down ({@link JammingPoint}), gives P/N* (published ≈ 3 at
 * N ≈ 8k, independent of depth); at N* the fraction N_Δ/N (published ≳ 0.4), the exponents θ and γ
 * of the gap distribution's small-Δ ends ({@link GapExponents}, published 0.3 and 0.2 [abs]), and on
 * every jammed net the rank of H₀ = (1/P) Σ_{Δ&gt;0} ∇f∇fᵀ against N_Δ ({@link GaussNewtonRank}).
 * Data: P Gaussian patterns in d dimensions with random labels; at every scale also the parity of
 * the run's data set (MNIST by default) on its first d principal components, as Geiger et al.'s code
 * prepares it. The run's engine and precision train every net (float64 by default); each net is its
 * own engine.
 */
public final class JammingScenario implements Scenario {
    public String name() { return "jamming"; }

    public String description() {
        return "Geiger et al.'s jamming: width sweeps of hinge-loss ReLU nets at fixed P (Gaussian data and MNIST parity on 10 PCs), "
                + "N*, N_Delta/N, depth independence, gap exponents theta and gamma, rank of H0";
    }

    public static final Setting<Integer> PATTERNS = Setting.integer("patterns", "--patterns", "P", 0,
            "jamming: patterns P of each width sweep (0: the scale's preset)").require(v -> v >= 0, "must be zero (preset) or more");
    public static final Setting<Integer> INPUTS = Setting.integer("inputs", "--inputs", "D", 0,
            "jamming: input dimension d of the Gaussian patterns and principal components of the real data (0: the scale's preset, 10)")
            .require(v -> v >= 0, "must be zero (preset) or more");
    public static final Setting<List<Integer>> DEPTHS = Setting.integers("depths", "--depths", "L",
            "jamming: hidden-layer counts to sweep, e.g. 2,3 (empty: the scale's preset)");
    public static final Setting<List<Integer>> WIDTHS = Setting.integers("widths", "--widths", "H",
            "jamming: hidden widths to sweep at every depth (empty: chosen per depth so that P/N spans the transition)");
    public static final Setting<Integer> NET_SEEDS = Setting.integer("netSeeds", "--net-seeds", "S", 0,
            "jamming: seeds (pattern sets and initialisations) per depth (0: the scale's preset)").require(v -> v >= 0, "must be zero (preset) or more");

    /** Full-batch Adam (--optimizer) from η₀ = 0.003 (halved on plateaus): fast enough for the small nets, stable at every width tried; --steps 0 takes the scale's budget per net. */
    public RunConfig defaults() {
        return RunConfig.defaultsOf(this, Map.of(RunSettings.MODEL, "mlp", RunSettings.LOSS, Loss.QUADRATIC_HINGE, RunSettings.PRECISION,
                Precision.FLOAT64, RunSettings.LEARNING_RATE, 0.003, RunSettings.STEPS, 0, RunSettings.OPTIMIZER, UpdateRule.adam(),
                RunSettings.NOISE_SAMPLES, 2));  // no noise batch here: its least value, so a small --train-samples is never refused for it
    }

    @Override public List<Setting<?>> settings() { return List.of(ReproductionSettings.SCALE, PATTERNS, INPUTS, DEPTHS, WIDTHS, NET_SEEDS); }

    /** Widths per depth are chosen so that P/N runs over [RATIO_LOW, RATIO_HIGH]: the transition measured here (≈ 2) and the published one (≈ 3) inside. */
    static final double RATIO_LOW = 0.9, RATIO_HIGH = 4;
    /** The real data's sweep reaches further down in N: structured data jam at a larger P/N. */
    static final double REAL_RATIO_HIGH = 8;
    /** θ and γ are fitted over the smallest values holding this fraction of each side's weight (the small-Δ end). */
    static final double THETA_FRACTION = 0.5, GAMMA_FRACTION = 0.2;
    /** θ is also fitted over these fractions, as a check that it does not drift with the range (reported in its row's note). */
    static final double[] THETA_CHECK_FRACTIONS = {0.1, 0.2, 0.5};
    /** Plateau rule of the training ({@link HingeTraining.Schedule}): relative tolerance per window, and η₀/η at which a stalled net counts as converged. */
    static final double TOLERANCE = 0.001, LEARNING_RATE_SPAN = 1024;

    /**
     * @param patterns     P
     * @param inputs       d
     * @param depths       hidden-layer counts of the Gaussian sweeps
     * @param widths       nets per sweep
     * @param seeds        seeds per depth (Gaussian data)
     * @param realSeeds    seeds of the real-data sweep (at the first depth)
     * @param realPatterns P of the real-data sweep
     * @param window       steps per plateau check
     * @param maxSteps     step budget per net
     * @param resamples    bootstrap resamples
     *
     * <p>Expected times on a 2-core CPU: smoke ≈ 30–40 s, standard ≈ 7–13 min (60 nets at P = 600), paper months to years
     * (200 nets of up to 27k parameters at P = 24,000, ~0.7 s per Adam step at N ≈ 8k; docs/METRICS.md prices it).
     */
    record Sizes(int patterns, int inputs, int[] depths, int widths, int seeds, int realSeeds, int realPatterns, int window, int maxSteps,
                 int resamples) {
        static Sizes of(Scale s) {
            return s.pick(new Sizes(160, 10, new int[] {1, 2}, 5, 1, 1, 160, 1000, 30_000, 200),
                    new Sizes(600, 10, new int[] {2, 3}, 6, 4, 2, 600, 2000, 80_000, 1000),
                    new Sizes(24_000, 10, new int[] {2, 3, 5}, 10, 5, 5, 8000, 100_000, 1_000_000, 1000));
        }
    }

    /** One trained net. */
    record Net(int data, int depth, int seed, Architecture arch, HingeTraining.Outcome outcome, double seconds, GaussNewtonRank.Result h0) {
        double fraction() { return outcome.unsatisfied() / (double) arch.parameters(); }

        /** min(N_Δ, N − hidden units): the rank H₀ can reach (the ReLU rescaling symmetries take one direction per hidden unit). */
        int expectedRank() { return (int) Math.min(outcome.unsatisfied(), arch.parameters() - arch.hiddenUnits()); }

        /** Jammed at a minimum whose H₀ is not degenerate: rank H₀ ≥ RANK_FRACTION · {@link #expectedRank()}. */
        boolean nonDegenerate() { return h0 != null && h0.rank() >= RANK_FRACTION * expectedRank(); }
    }

    /**
     * One width sweep at fixed P: its nets widest first, where it jams by the literal rule (first
     * N_Δ &gt; 0) and at the first non-degenerate jammed net ({@link Net#nonDegenerate()}).
     */
    record Sweep(int data, int depth, int seed, int patterns, List<Net> nets, JammingPoint.Transition transition, JammingPoint.Transition nonDegenerate) {
        double pOverNStar() { return transition.bracketed() ? patterns / transition.nStar() : Double.NaN; }

        double pOverNNonDegenerate() { return nonDegenerate.bracketed() ? patterns / nonDegenerate.nStar() : Double.NaN; }

        Net atJamming() { return transition.index() >= 0 ? nets.get(transition.index()) : null; }

        Net atNonDegenerate() { return nonDegenerate.index() >= 0 ? nets.get(nonDegenerate.index()) : null; }
    }

    /**
     * A jammed net counts as non-degenerate when rank H₀ ≥ this fraction of min(N_Δ, N − hidden units). Nets stuck in
     * a dead-unit region have ranks of 1–2 for tens of unsatisfied patterns; jammed minima measured here reach 0.9–1.
     */
    static final double RANK_FRACTION = 0.5;

    static final String[] DATA_NAMES = {"gaussian", "real"};

    public ScenarioResult run(RunContext ctx) {
        RunConfig c = ctx.config();
        Scale scale = c.get(ReproductionSettings.SCALE);
        Sizes z = Sizes.of(scale);
        int p = ReproductionSettings.sized(c, PATTERNS, z.patterns());
        int d = ReproductionSettings.sized(c, INPUTS, z.inputs());
        int seeds = ReproductionSettings.sized(c, NET_SEEDS, z.seeds());
        int realSeeds = c.get(NET_SEEDS) == 0 ? z.realSeeds() : seeds;
        int maxSteps = ReproductionSettings.sized(c, RunSettings.STEPS, z.maxSteps());
        int[] depths = c.get(DEPTHS).isEmpty() ? z.depths() : c.get(DEPTHS).stream().mapToInt(Integer::intValue).toArray();
        for (int depth : depths) if (depth < 1) throw new IllegalArgumentException("--depths must be positive, not " + depth);
        long root = c.get(RunSettings.SEED);
        double lr = c.get(RunSettings.LEARNING_RATE);
        HingeTraining.Schedule schedule = new HingeTraining.Schedule(lr, z.window(), TOLERANCE, lr / LEARNING_RATE_SPAN, maxSteps);
        EngineProvider provider = Engines.find(c.get(RunSettings.ENGINE))
                .orElseThrow(() -> new IllegalArgumentException("unknown engine '" + c.get(RunSettings.ENGINE) + "'"));
        Precision precision = c.get(RunSettings.PRECISION);
        UpdateRule rule = TrainingPhase.rule(c);

        Dataset real = ctx.train();
        int realP = Math.min(ReproductionSettings.sized(c, PATTERNS, z.realPatterns()), real.size());
        PrincipalComponents pcs = ctx.timings().time("pca", () -> PrincipalComponents.of(real, Math.min(d, real.shape().size())));

        List<int[]> plan = new ArrayList<>();  // {data, depth, seed}
        for (int depth : depths) for (int s = 0; s < seeds; s++) plan.add(new int[] {0, depth, s});
        for (int s = 0; s < realSeeds; s++) plan.add(new int[] {1, depths[0], s});
        List<int[]> widthsOf = new ArrayList<>();
        for (int[] q : plan) widthsOf.add(widths(c, q[0] == 0 ? p : realP, d, q[1], z.widths(), q[0] == 0 ? RATIO_HIGH : REAL_RATIO_HIGH));
        long total = widthsOf.stream().mapToLong(w -> w.length).sum();
        List<Sweep> sweeps = new ArrayList<>();
        long[] done = {0};
        double[] work = {0, 0};  // seconds, steps·P·N
        ctx.timings().time("train", () -> {
            for (int i = 0; i < plan.size(); i++) {
                int[] q = plan.get(i);
                int pp = q[0] == 0 ? p : realP;
                Batch patterns = q[0] == 0 ? Patterns.gaussian(pp, d, Ensemble.stream(root, "patterns", q[2]))
                        : realPatterns(real, pcs, pp, Ensemble.stream(root, "real-patterns", q[2]));
                List<Net> nets = new ArrayList<>();
                for (int h : widthsOf.get(i)) {
                    Architecture arch = new Architecture(d, q[1], h);
                    long initSeed = Ensemble.stream(root, DATA_NAMES[q[0]] + "-weights-L" + q[1] + "-h" + h, q[2]);
                    long t0 = System.nanoTime();
                    try (Engine e = provider.create(arch.spec(), precision, initSeed);
                         var theta0 = e.vectors().fromHost(arch.initialParameters(initSeed))) {
                        e.setParameters(theta0);
                        HingeTraining.Outcome o = HingeTraining.train(e, patterns, rule, schedule);
                        double sec = (System.nanoTime() - t0) / 1e9;
                        work[0] += sec;
                        work[1] += (double) o.steps() * pp * arch.parameters();
                        GaussNewtonRank.Result h0 = o.unsatisfied() > 0 ? GaussNewtonRank.of(e, patterns, o.gaps(), pp) : null;
                        nets.add(new Net(q[0], q[1], q[2], arch, o, sec, h0));
                    }
                    ctx.listener().update("jamming nets", ++done[0], total);
                }
                long[] n = nets.stream().mapToLong(x -> x.arch().parameters()).toArray();
                int[] nd = nets.stream().mapToInt(x -> x.outcome().unsatisfied()).toArray();
                boolean[] good = new boolean[nets.size()];
                for (int k = 0; k < good.length; k++) good[k] = nets.get(k).nonDegenerate();
                sweeps.add(new Sweep(q[0], q[1], q[2], pp, nets, JammingPoint.find(n, nd), JammingPoint.find(n, good)));
            }
        });
        return report(ctx, z, p, realP, d, depths, seeds, schedule, sweeps, work);
    }

    /** The real data's patterns: P samples drawn without replacement, their first d whitened principal coordinates, labels the parity (even +1). */
    static Batch realPatterns(Dataset data, PrincipalComponents pcs, int p, long seed) {
        int[] rows = TrainingPhase.sampleIndices(data, p, seed);
        double[][] x = new double[p][];
        int[] y = new int[p];
        for (int i = 0; i < p; i++) {
            x[i] = pcs.whiten(data.image(rows[i]));
            int label = data.label(rows[i]);
            // A scalar-output data set already holds the parity as ±1 (Dataset.parity); a class-labelled one gives it here.
            y[i] = data.numClasses() == 1 ? label : (label % 2 == 0 ? 1 : -1);
        }
        return Patterns.of(x, y);
    }

    /**
     * The widths of one sweep, widest first: --widths when given, else up to {@code count} integer
     * widths whose N lies in [P/ratioHigh, P/RATIO_LOW], spread evenly in log N.
     */
    static int[] widths(RunConfig c, int p, int d, int depth, int count, double ratioHigh) {
        if (!c.get(WIDTHS).isEmpty()) {
            TreeSet<Integer> s = new TreeSet<>(c.get(WIDTHS));
            if (s.first() < 1) throw new IllegalArgumentException("--widths must be positive, not " + s.first());
            return s.descendingSet().stream().mapToInt(Integer::intValue).toArray();
        }
        return spread(p, d, depth, count, RATIO_LOW, ratioHigh);
    }

    static int[] spread(int p, int d, int depth, int count, double ratioLow, double ratioHigh) {
        List<Integer> candidates = new ArrayList<>();
        for (int h = 1; new Architecture(d, depth, h).parameters() <= p / ratioLow; h++) {
            if (new Architecture(d, depth, h).parameters() >= p / ratioHigh) candidates.add(h);
        }
        if (candidates.isEmpty()) candidates.add(1);
        TreeSet<Integer> chosen = new TreeSet<>();
        if (candidates.size() <= count) chosen.addAll(candidates);
        else {
            double lo = Math.log(new Architecture(d, depth, candidates.get(0)).parameters());
            double hi = Math.log(new Architecture(d, depth, candidates.get(candidates.size() - 1)).parameters());
            for (int t = 0; t < count; t++) {
                double target = lo + (hi - lo) * t / (count - 1);
                int best = -1;
                double bestDist = Double.POSITIVE_INFINITY;
                for (int h : candidates) {
                    double dist = Math.abs(Math.log(new Architecture(d, depth, h).parameters()) - target);
                    if (!chosen.contains(h) && dist < bestDist) {
                        bestDist = dist;
                        best = h;
                    }
                }
                chosen.add(best);
            }
        }
        return chosen.descendingSet().stream().mapToInt(Integer::intValue).toArray();
    }

    // ---- the report ------------------------------------------------------------------------------

    private ScenarioResult report(RunContext ctx, Sizes z, int p, int realP, int d, int[] depths, int seeds, HingeTraining.Schedule schedule,
                                  List<Sweep> sweeps, double[] work) {
        long root = ctx.config().get(RunSettings.SEED);
        List<Sweep> gauss = sweeps.stream().filter(s -> s.data() == 0).toList();
        List<Sweep> realSweeps = sweeps.stream().filter(s -> s.data() == 1).toList();
        List<Net> nets = sweeps.stream().flatMap(s -> s.nets().stream()).toList();

        // P/N* overall, per depth and the depth ratio, by both rules: a bootstrap over seeds within each depth.
        int nd = depths.length;
        GroupBootstrap.Result[] pn = byDepth(gauss, depths, Sweep::pOverNStar, z.resamples(), Ensemble.stream(root, "bootstrap-p-over-n", 0));
        GroupBootstrap.Result[] pj = byDepth(gauss, depths, Sweep::pOverNNonDegenerate, z.resamples(), Ensemble.stream(root, "bootstrap-p-over-n", 1));
        long bracketed = gauss.stream().filter(s -> s.transition().bracketed()).count();
        long bracketedNonDegenerate = gauss.stream().filter(s -> s.nonDegenerate().bracketed()).count();
        // N* lies between the last unjammed net and the first jammed one: the grid's own resolution, beside the interval over seeds.
        double lowerBracket = gauss.stream().filter(s -> s.nonDegenerate().bracketed()).mapToDouble(s -> s.patterns() / s.nonDegenerate().nAbove())
                .average().orElse(Double.NaN);
        double lowerBracketLiteral = gauss.stream().filter(s -> s.transition().bracketed()).mapToDouble(s -> s.patterns() / s.transition().nAbove())
                .average().orElse(Double.NaN);
        // How much smaller than the published N ≈ 8k the nets at N* are.
        double[] nAtStar = gauss.stream().filter(s -> s.nonDegenerate().bracketed()).mapToDouble(s -> s.nonDegenerate().nStar()).toArray();
        double nLow = Arrays.stream(nAtStar).min().orElse(Double.NaN), nHigh = Arrays.stream(nAtStar).max().orElse(Double.NaN);
        double[] nSwept = gauss.stream().flatMap(s -> s.nets().stream()).mapToDouble(x -> x.arch().parameters()).toArray();
        double sweptLow = Arrays.stream(nSwept).min().orElse(Double.NaN), sweptHigh = Arrays.stream(nSwept).max().orElse(Double.NaN);

        // N_Δ/N at N* (the first non-degenerate jammed net; the literal rule's in the note), and the gaps there.
        List<Net> atJamming = gauss.stream().filter(s -> s.transition().bracketed()).map(Sweep::atJamming).toList();
        double[] literalFractions = atJamming.stream().mapToDouble(Net::fraction).toArray();
        GroupBootstrap.Result literalFraction = GroupBootstrap.of(new int[] {literalFractions.length}, z.resamples(),
                Ensemble.stream(root, "bootstrap-fraction", 1), w -> weightedMean(literalFractions, w[0]));
        List<Net> atNonDegenerate = gauss.stream().filter(s -> s.nonDegenerate().bracketed()).map(Sweep::atNonDegenerate).toList();
        int m = atNonDegenerate.size();
        double[] fractions = atNonDegenerate.stream().mapToDouble(Net::fraction).toArray();
        GroupBootstrap.Result fractionAtStar = GroupBootstrap.of(new int[] {m}, z.resamples(), Ensemble.stream(root, "bootstrap-fraction", 0),
                w -> weightedMean(fractions, w[0]));
        Gaps gaps = Gaps.of(atNonDegenerate);
        // Gaps at or below their net's end resolution are left-censored: in the CDF, not fitted (GapExponents.cdfFit).
        GroupBootstrap.Result[] exps = GroupBootstrap.ofAll(new int[] {m}, z.resamples(), Ensemble.stream(root, "bootstrap-gaps", 0), w -> {
            double[] pw = gaps.weights(gaps.positiveNet(), w[0]), nw = gaps.weights(gaps.negativeNet(), w[0]);
            double[] out = new double[2 + THETA_CHECK_FRACTIONS.length];
            out[0] = GapExponents.theta(gaps.positive(), pw, gaps.positiveFloor(), THETA_FRACTION);
            out[1] = GapExponents.gamma(gaps.negative(), nw, gaps.negativeFloor(), GAMMA_FRACTION);
            for (int k = 0; k < THETA_CHECK_FRACTIONS.length; k++) out[2 + k] = GapExponents.theta(gaps.positive(), pw, gaps.positiveFloor(), THETA_CHECK_FRACTIONS[k]);
            return out;
        });
        double[] ones = new double[gaps.positive().length];
        Arrays.fill(ones, 1);
        int thetaPoints = GapExponents.cdfFit(gaps.positive(), ones, gaps.positiveFloor(), THETA_FRACTION).points();
        double[] onesNeg = new double[gaps.negative().length];
        Arrays.fill(onesNeg, 1);
        int gammaPoints = GapExponents.cdfFit(gaps.negative(), onesNeg, gaps.negativeFloor(), GAMMA_FRACTION).points();
        int thetaCensored = GapExponents.censored(gaps.positive(), gaps.positiveFloor());
        int gammaCensored = GapExponents.censored(gaps.negative(), gaps.negativeFloor());
        StringBuilder thetaCheck = new StringBuilder();
        for (int k = 0; k < THETA_CHECK_FRACTIONS.length; k++) {
            thetaCheck.append(k > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.0f%%: ", 100 * THETA_CHECK_FRACTIONS[k]))
                    .append(YangTangTuScenario.estimate(exps[2 + k]).toText());
        }

        // rank H₀ against min(N_Δ, N − hidden units) on every jammed net.
        List<Net> jammed = nets.stream().filter(x -> x.h0() != null).toList();
        double[] rankRatio = jammed.stream().mapToDouble(x -> x.h0().rank() / (double) x.expectedRank()).toArray();
        long exact = jammed.stream().filter(x -> x.h0().rank() == x.expectedRank()).count();
        long degenerate = jammed.stream().filter(x -> !x.nonDegenerate()).count();
        GroupBootstrap.Result rankMatch = GroupBootstrap.of(new int[] {rankRatio.length}, z.resamples(), Ensemble.stream(root, "bootstrap-rank", 0),
                w -> weightedMean(rankRatio, w[0]));
        double minGap = jammed.stream().mapToDouble(x -> x.h0().gap()).filter(Double::isFinite).min().orElse(Double.NaN);

        // The real data: P/N* over its seeds.
        double[] realRatio = realSweeps.stream().mapToDouble(Sweep::pOverNStar).toArray();
        GroupBootstrap.Result realPn = GroupBootstrap.of(new int[] {realRatio.length}, z.resamples(), Ensemble.stream(root, "bootstrap-real", 0),
                w -> weightedMean(realRatio, w[0]));

        long unconverged = nets.stream().filter(x -> !x.outcome().stop().converged()).count();
        double maxUnsettled = nets.stream().mapToDouble(x -> x.outcome().unsettled() / (double) x.arch().parameters()).max().orElse(0);
        double costPerUnit = work[1] > 0 ? work[0] / work[1] : Double.NaN;

        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Object> g = new LinkedHashMap<>();
        Metric.JAMMING_PATTERNS.put(g, (long) p);
        Metric.JAMMING_REAL_PATTERNS.put(g, (long) realP);
        Metric.JAMMING_INPUTS.put(g, (long) d);
        Metric.JAMMING_DEPTHS.put(g, Arrays.stream(depths).asDoubleStream().toArray());
        Metric.JAMMING_SEEDS.put(g, (long) seeds);
        Metric.JAMMING_WINDOW.put(g, (long) schedule.window());
        Metric.JAMMING_MAX_STEPS.put(g, (long) schedule.maxSteps());
        Metric.JAMMING_MIN_LEARNING_RATE.put(g, schedule.minLearningRate());
        Metric.JAMMING_P_OVER_N_STAR_BY_DEPTH.put(g, perDepth(pn, nd));
        Metric.JAMMING_P_OVER_N_NON_DEGENERATE_BY_DEPTH.put(g, perDepth(pj, nd));
        Metric.JAMMING_BRACKETED.put(g, bracketed);
        Metric.JAMMING_BRACKETED_NON_DEGENERATE.put(g, bracketedNonDegenerate);
        Metric.JAMMING_UNCONVERGED.put(g, unconverged);
        Metric.JAMMING_MAX_UNSETTLED.put(g, maxUnsettled);
        Metric.JAMMING_THETA_POINTS.put(g, (long) thetaPoints);
        Metric.JAMMING_GAMMA_POINTS.put(g, (long) gammaPoints);
        Metric.JAMMING_H0_MIN_GAP.put(g, minGap);
        Metric.JAMMING_SECONDS_PER_UNIT.put(g, costPerUnit);
        Map<String, Object> table = new LinkedHashMap<>();
        Metric.JAMMING_NET_DATA.put(table, nets.stream().mapToDouble(Net::data).toArray());
        Metric.JAMMING_NET_DEPTH.put(table, nets.stream().mapToDouble(Net::depth).toArray());
        Metric.JAMMING_NET_SEED.put(table, nets.stream().mapToDouble(Net::seed).toArray());
        Metric.JAMMING_NET_WIDTH.put(table, nets.stream().mapToDouble(x -> x.arch().width()).toArray());
        Metric.JAMMING_NET_PARAMETERS.put(table, nets.stream().mapToDouble(x -> x.arch().parameters()).toArray());
        Metric.JAMMING_NET_P_OVER_N.put(table, nets.stream().mapToDouble(x -> (x.data() == 0 ? p : realP) / (double) x.arch().parameters()).toArray());
        Metric.JAMMING_NET_UNSATISFIED.put(table, nets.stream().mapToDouble(x -> x.outcome().unsatisfied()).toArray());
        Metric.JAMMING_NET_FRACTION.put(table, nets.stream().mapToDouble(Net::fraction).toArray());
        Metric.JAMMING_NET_LOSS.put(table, nets.stream().mapToDouble(x -> x.outcome().loss()).toArray());
        Metric.JAMMING_NET_STEPS.put(table, nets.stream().mapToDouble(x -> x.outcome().steps()).toArray());
        Metric.JAMMING_NET_CONVERGED.put(table, nets.stream().mapToDouble(x -> x.outcome().stop().converged() ? 1 : 0).toArray());
        Metric.JAMMING_NET_RESOLUTION.put(table, nets.stream().mapToDouble(x -> nanToMinusOne(x.outcome().resolution())).toArray());
        Metric.JAMMING_NET_UNSETTLED.put(table, nets.stream().mapToDouble(x -> x.outcome().unsettled()).toArray());
        Metric.JAMMING_NET_RANK.put(table, nets.stream().mapToDouble(x -> x.h0() == null ? 0 : x.h0().rank()).toArray());
        Metric.JAMMING_NET_EXPECTED_RANK.put(table, nets.stream().mapToDouble(Net::expectedRank).toArray());
        Metric.JAMMING_NET_SECONDS.put(table, nets.stream().mapToDouble(Net::seconds).toArray());
        g.put("nets", table);
        Map<String, Object> cdf = new LinkedHashMap<>();
        double[][] pc = cdfPoints(gaps.positive()), nc = cdfPoints(gaps.negative());
        Metric.JAMMING_POSITIVE_GAPS.put(cdf, pc[0]);
        Metric.JAMMING_POSITIVE_CDF.put(cdf, pc[1]);
        Metric.JAMMING_NEGATIVE_GAPS.put(cdf, nc[0]);
        Metric.JAMMING_NEGATIVE_CDF.put(cdf, nc[1]);
        g.put("gaps", cdf);
        metrics.put("jamming", g);

        String pub = "≈ 3 at N ≈ 8k, independent of depth (SCIENCE.md: [code + inference])";
        Reproduction t = new Reproduction(List.of(
                Reproduction.Row.of(Metric.REPRODUCTION_JAMMING_P_OVER_N_STAR, YangTangTuScenario.estimate(pn[nd]), pub, Evidence.INFERENCE,
                        String.format(Locale.ROOT, "P = %d Gaussian patterns in d = %d; N* the N (weights and biases) of the first net with N_Δ > 0 "
                                + "going down in width; mean over %d of %d sweeps (depths %s × %d seeds) whose transition lies inside the sweep; "
                                + "bootstrap over seeds within each depth (seed spread only). The width grid brackets N*: the last unjammed net's P/N "
                                + "averages %.3g, so P/N* lies in [%.3g, %.3g] up to the seeds (the value is the grid's upper end). The swept nets "
                                + "have N = %.0f–%.0f, %.0f–%.0f times smaller than the published N ≈ 8k (the first non-degenerate jammed ones "
                                + "%.0f–%.0f). The N of Geiger et al.'s code counts weights only (a few %% smaller, P/N* a few %% larger)", p, d,
                                bracketed, gauss.size(), Arrays.toString(depths), seeds, lowerBracketLiteral, lowerBracketLiteral, pn[nd].value(),
                                sweptLow, sweptHigh, 8000 / sweptHigh, 8000 / sweptLow, nLow, nHigh)),
                Reproduction.Row.of(Metric.REPRODUCTION_JAMMING_P_OVER_N_NON_DEGENERATE, YangTangTuScenario.estimate(pj[nd]), pub, Evidence.INFERENCE,
                        String.format(Locale.ROOT, "the same with N* the first net with N_Δ > 0 and rank H₀ ≥ %.1f·min(N_Δ, N − hidden units) "
                                + "(passes over nets stuck wider than N* with a few unsatisfied patterns on dead units, H₀ of rank 1–2); %d of %d "
                                + "sweeps bracketed; per depth %s; the interval covers the seed spread only: the width grid (consecutive N about "
                                + "1.35× apart) brackets P/N* in [%.3g, %.3g] (mean P/N of the last unjammed net, of the first non-degenerate "
                                + "jammed one; the value is the grid's upper end)", RANK_FRACTION, bracketedNonDegenerate, gauss.size(),
                                perDepthText(depths, pj), lowerBracket, pj[nd].value())),
                Reproduction.Row.of(Metric.REPRODUCTION_JAMMING_DEPTH_RATIO, YangTangTuScenario.estimate(pj[nd + 1]), 1.0, Evidence.INFERENCE,
                        String.format(Locale.ROOT, "(P/N*) at depth %d over depth %d, N* the first non-degenerate jammed net; bootstrap over seeds",
                                depths[nd - 1], depths[0])),
                Reproduction.Row.of(Metric.REPRODUCTION_JAMMING_DEPTH_RATIO_LITERAL, YangTangTuScenario.estimate(pn[nd + 1]), 1.0, Evidence.INFERENCE,
                        String.format(Locale.ROOT, "the same with N* the first net with N_Δ > 0 (the issue's rule); per depth %s; bootstrap over seeds",
                                perDepthText(depths, pn))),
                Reproduction.Row.of(Metric.REPRODUCTION_JAMMING_FRACTION_AT_N_STAR, YangTangTuScenario.estimate(fractionAtStar),
                        "≳ 0.4 (a jump from 0)", Evidence.INFERENCE,
                        String.format(Locale.ROOT, "N_Δ/N of the first non-degenerate jammed net of each sweep, mean over %d sweeps, "
                                + "bootstrap over sweeps; the first jammed net lies up to one grid step (≈ 1.35× in N) past N*, so N_Δ/N is "
                                + "an upper estimate of the jump; N_Δ counts Δ > %.0e; patterns still changing side at the end (|Δ| below how "
                                + "far the gaps moved over the last window): at most %.3g N on any net", m, HingeTraining.GAP_FLOOR, maxUnsettled)),
                Reproduction.Row.of(Metric.REPRODUCTION_JAMMING_FRACTION_AT_N_STAR_LITERAL, YangTangTuScenario.estimate(literalFraction),
                        "≳ 0.4 (a jump from 0)", Evidence.INFERENCE,
                        String.format(Locale.ROOT, "the same at the first net with N_Δ > 0 (the issue's rule, nets stuck on dead units included), "
                                + "mean over %d sweeps; bootstrap over sweeps", literalFractions.length)),
                Reproduction.Row.of(Metric.REPRODUCTION_JAMMING_THETA, YangTangTuScenario.estimate(exps[0]), 0.3, Evidence.ABS,
                        String.format(Locale.ROOT, "P(Δ) ~ Δ^θ for Δ > 0 at N* (the first non-degenerate jammed net): slope − 1 of the log–log empirical CDF of the positive gaps (each "
                                + "net's scaled by their RMS) over the smallest %.0f%%: %d points fitted, pooled over %d nets (small nets leave few "
                                + "unsatisfied patterns); %d of the %d positive gaps are at or below their net's end resolution (how far the gaps "
                                + "moved over the last window: the pattern may still change side) and are left-censored, counted in the CDF "
                                + "(product-limit estimate) but not fitted; θ over the smallest %s; bootstrap over nets", 100 * THETA_FRACTION,
                                thetaPoints, m, thetaCensored, gaps.positive().length, thetaCheck)),
                Reproduction.Row.of(Metric.REPRODUCTION_JAMMING_GAMMA, YangTangTuScenario.estimate(exps[1]), 0.2, Evidence.ABS,
                        String.format(Locale.ROOT, "P(Δ) ~ |Δ|^(−γ) for Δ < 0 at the same nets: 1 − slope of the log–log empirical CDF of |Δ| over the "
                                + "smallest %.0f%%: %d points fitted, pooled over %d nets; %d of the %d negative gaps at or below their net's end "
                                + "resolution, left-censored as for θ; bootstrap over nets", 100 * GAMMA_FRACTION, gammaPoints, m, gammaCensored,
                                gaps.negative().length)),
                Reproduction.Row.of(Metric.REPRODUCTION_JAMMING_RANK_RATIO, YangTangTuScenario.estimate(rankMatch),
                        "1: rank H₀ = N_Δ below N", Evidence.INFERENCE,
                        String.format(Locale.ROOT, "mean over the %d jammed nets of rank H₀ / min(N_Δ, N − hidden units), H₀ = (1/P) Σ_{Δ>0} "
                                + "∇f∇fᵀ (each hidden unit's rescaling leaves f unchanged: one null direction each); %d nets exactly at it, %d "
                                + "degenerate (rank < %.1f of it: stuck with their unsatisfied patterns on dead units); singular values of the "
                                + "N_Δ × N matrix of ∇f counted above s_max·max(N_Δ, N)·2⁻⁵², smallest gap between counted and dropped %.3g; "
                                + "bootstrap over nets", jammed.size(), exact, degenerate, RANK_FRACTION, minGap)),
                Reproduction.Row.of(Metric.REPRODUCTION_JAMMING_REAL_P_OVER_N_STAR, YangTangTuScenario.estimate(realPn),
                        "Geiger et al. sweep MNIST parity on 10 PCs too [code]; no value in SCIENCE.md", Evidence.CODE,
                        String.format(Locale.ROOT, "%s parity (even +1) on its first %d whitened principal components (float64 PCA of %d samples), "
                                + "P = %d, depth %d, %d seeds; bootstrap over seeds", ctx.train().name(), d, ctx.train().size(), realP, depths[0],
                                realRatio.length))));
        metrics.put(Reproduction.GROUP, t.toMetrics());

        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "%d nets (%d width sweeps) trained full-batch with %s, %s %s; %d hit the step budget or diverged "
                + "(N per net: N_Δ; * not converged)", nets.size(), sweeps.size(), ctx.config().get(RunSettings.OPTIMIZER).label(), ctx.config().get(RunSettings.ENGINE), ctx.config().get(RunSettings.PRECISION).label(), unconverged));
        for (Sweep s : sweeps) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %s L=%d seed %d P=%d:", DATA_NAMES[s.data()], s.depth(), s.seed(), s.patterns()));
            for (Net x : s.nets()) {
                b.append(String.format(Locale.ROOT, " h%d N%d:%d%s", x.arch().width(), x.arch().parameters(), x.outcome().unsatisfied(),
                        x.outcome().stop().converged() ? "" : "*"));
            }
            b.append(s.transition().bracketed() ? String.format(Locale.ROOT, "  P/N*=%.3g", s.pOverNStar()) : "  (first N_Δ > 0 not bracketed)");
            b.append(s.nonDegenerate().bracketed() ? String.format(Locale.ROOT, ", non-degenerate: %.3g", s.pOverNNonDegenerate()) : "");
            summary.add(b.toString());
        }
        summary.add(String.format(Locale.ROOT, "cost: %.3g s per step per pattern·parameter (for the paper preset's estimate)", costPerUnit));
        summary.addAll(t.summary());
        Map<String, Object> arrays = new LinkedHashMap<>();
        arrays.put("jamming_positive_gaps", gaps.positive());
        arrays.put("jamming_negative_gaps", gaps.negative());
        return new ScenarioResult(metrics, arrays, summary);
    }

    private static String perDepthText(int[] depths, GroupBootstrap.Result[] r) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < depths.length; k++) b.append(k > 0 ? ", " : "").append("L=").append(depths[k]).append(": ")
                .append(YangTangTuScenario.estimate(r[k]).toText());
        return b.toString();
    }

    /** The per-depth entries of {@link #byDepth} as one array estimate. */
    private static Estimate perDepth(GroupBootstrap.Result[] r, int nd) {
        double[] v = new double[nd], lo = new double[nd], hi = new double[nd];
        for (int k = 0; k < nd; k++) {
            v[k] = r[k].value();
            lo[k] = r[k].ci95() == null ? Double.NaN : r[k].ci95()[0];
            hi[k] = r[k].ci95() == null ? Double.NaN : r[k].ci95()[1];
        }
        return Estimate.of(v).withInterval(lo, hi);
    }

    /**
     * P/N* of the Gaussian sweeps by a rule: per depth (entries 0..L−1), over all depths (entry L)
     * and deepest over shallowest (entry L + 1), each the mean over the sweeps where the rule located
     * N*; the bootstrap redraws the seeds of each depth.
     */
    static GroupBootstrap.Result[] byDepth(List<Sweep> gauss, int[] depths, java.util.function.ToDoubleFunction<Sweep> rule, int resamples, long seed) {
        int nd = depths.length;
        double[][] ratio = new double[nd][];
        int[] sizes = new int[nd];
        for (int k = 0; k < nd; k++) {
            int depth = depths[k];
            ratio[k] = gauss.stream().filter(s -> s.depth() == depth).mapToDouble(rule).toArray();
            sizes[k] = ratio[k].length;
        }
        return GroupBootstrap.ofAll(sizes, resamples, seed, w -> {
            double[] out = new double[nd + 2];
            double sum = 0, wsum = 0;
            for (int k = 0; k < nd; k++) {
                double s = 0, ws = 0;
                for (int i = 0; i < ratio[k].length; i++) {
                    if (Double.isFinite(ratio[k][i]) && w[k][i] > 0) {
                        s += w[k][i] * ratio[k][i];
                        ws += w[k][i];
                    }
                }
                out[k] = ws > 0 ? s / ws : Double.NaN;
                sum += s;
                wsum += ws;
            }
            out[nd] = wsum > 0 ? sum / wsum : Double.NaN;
            out[nd + 1] = out[nd - 1] / out[0];
            return out;
        });
    }

    private static double nanToMinusOne(double v) { return Double.isFinite(v) ? v : -1; }

    static double weightedMean(double[] v, double[] w) {
        double s = 0, ws = 0;
        for (int i = 0; i < v.length; i++) {
            if (Double.isFinite(v[i]) && w[i] > 0) {
                s += w[i] * v[i];
                ws += w[i];
            }
        }
        return ws > 0 ? s / ws : Double.NaN;
    }

    /**
     * The gaps of the nets at jamming, pooled: positive ones scaled by their net's RMS positive gap
     * (the nets sit at different distances from N*, and only the shape of the small-Δ end is
     * compared), magnitudes of the negative ones as they are (their scale is the margin 1); each
     * value knows its net and its floor, the net's end resolution on the same scale (|Δ| at or below
     * it is left-censored: the pattern may still change side).
     */
    record Gaps(double[] positive, int[] positiveNet, double[] positiveFloor, double[] negative, int[] negativeNet, double[] negativeFloor) {
        static Gaps of(List<Net> nets) {
            List<Double> pos = new ArrayList<>(), neg = new ArrayList<>(), pf = new ArrayList<>(), nf = new ArrayList<>();
            List<Integer> pn = new ArrayList<>(), nn = new ArrayList<>();
            for (int k = 0; k < nets.size(); k++) {
                double[] gaps = nets.get(k).outcome().gaps();
                double ss = 0;
                int np = 0;
                for (double x : gaps) {
                    if (x > HingeTraining.GAP_FLOOR) {
                        ss += x * x;
                        np++;
                    }
                }
                double rms = np > 0 ? Math.sqrt(ss / np) : 1;
                double res = nets.get(k).outcome().resolution();
                if (!Double.isFinite(res)) res = 0;  // no whole window: nothing to censor by
                for (double x : gaps) {
                    if (x > HingeTraining.GAP_FLOOR) {
                        pos.add(x / rms);
                        pn.add(k);
                        pf.add(res / rms);
                    } else if (x < 0) {
                        neg.add(-x);
                        nn.add(k);
                        nf.add(res);
                    }
                }
            }
            return new Gaps(doubles(pos), pn.stream().mapToInt(Integer::intValue).toArray(), doubles(pf), doubles(neg),
                    nn.stream().mapToInt(Integer::intValue).toArray(), doubles(nf));
        }

        private static double[] doubles(List<Double> l) { return l.stream().mapToDouble(Double::doubleValue).toArray(); }

        /** Each value's weight: its net's. */
        double[] weights(int[] netOf, double[] netWeights) {
            double[] w = new double[netOf.length];
            for (int i = 0; i < w.length; i++) w[i] = netWeights[netOf[i]];
            return w;
        }
    }

    /** The empirical CDF of the values at up to 200 of them (sorted; mid-point rule), for the figure. */
    static double[][] cdfPoints(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length, k = Math.min(n, 200);
        double[] x = new double[k], f = new double[k];
        for (int i = 0; i < k; i++) {
            int j = k == 1 ? 0 : (int) Math.round((double) i * (n - 1) / (k - 1));
            x[i] = s[j];
            f[i] = (j + 0.5) / n;
        }
        return new double[][] {x, f};
    }
}
