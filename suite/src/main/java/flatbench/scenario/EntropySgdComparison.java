package flatbench.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import flatbench.data.Dataset;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Engines;
import flatbench.engine.Vec;
import flatbench.landscape.Ensemble;
import flatbench.measure.GroupBootstrap;
import flatbench.model.Loss;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.train.Trainer;
import flatbench.train.TrainingConfig;
import flatbench.train.TrainingListener;
import flatbench.train.UpdateRule;

/**
 * Entropy-SGD against SGD at a matched cost: for each seed, both optimizers train the comparison
 * model from the same initial weights (and the same batch-order seed), and the test error is
 * counted at evenly spaced effective epochs, gradient evaluations × B / N (Entropy-SGD makes L
 * evaluations per step, so SGD makes L steps for each of its). The uncertainty is a percentile
 * bootstrap over the seeds crossed with the test samples (each resample redraws both, the test
 * samples shared by the two optimizers, so the gap between them is paired): it holds the
 * variation between initial weights and the test set's finite size, not that of other data.
 */
final class EntropySgdComparison {
    private EntropySgdComparison() {}

    static final int RESAMPLES = 1000;
    /** Below this many seeds the notes say the interval barely holds the variation between initial weights. */
    static final int FEW_SEEDS = 5;

    /**
     * @param sgdEpochs   SGD's effective epochs at each evaluation (the first at 0)
     * @param esgdEpochs  Entropy-SGD's
     * @param sgdError    SGD's test error there, mean over the seeds, with its interval
     * @param esgdError   Entropy-SGD's
     * @param gap         Entropy-SGD's minus SGD's test error at the budget (paired)
     * @param epochRatio  effective epochs Entropy-SGD takes to first reach SGD's error at the budget, over the budget (∞: not within it)
     * @param ratioNote   how many resamples left the ratio undefined or infinite
     */
    record Result(String model, int seeds, int trainSamples, int testSamples, int batch, double sgdLr, double esgdLr, UpdateRule.EntropySgd rule,
                  double budget, double[] sgdEpochs, double[] esgdEpochs, Estimate sgdError, Estimate esgdError, Estimate gap,
                  Estimate epochRatio, String ratioNote, int diverged) {

        Map<String, Object> metrics() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            Metric.ESGD_COMPARE_MODEL.put(m, model);
            Metric.ESGD_COMPARE_SEEDS.put(m, (long) seeds);
            Metric.ESGD_COMPARE_TRAIN_SAMPLES.put(m, (long) trainSamples);
            Metric.ESGD_COMPARE_TEST_SAMPLES.put(m, (long) testSamples);
            Metric.ESGD_COMPARE_BATCH.put(m, (long) batch);
            Metric.ESGD_COMPARE_SGD_LR.put(m, sgdLr);
            Metric.ESGD_COMPARE_ENTROPY_LR.put(m, esgdLr);
            Metric.ESGD_COMPARE_RULE.put(m, rule.label());
            Metric.ESGD_COMPARE_BUDGET.put(m, budget);
            Metric.ESGD_COMPARE_EPOCHS.put(m, sgdEpochs);
            Metric.ESGD_COMPARE_ENTROPY_EPOCHS.put(m, esgdEpochs);
            Metric.ESGD_COMPARE_SGD_ERROR.put(m, sgdError);
            Metric.ESGD_COMPARE_ENTROPY_ERROR.put(m, esgdError);
            Metric.ESGD_COMPARE_DIVERGED.put(m, (long) diverged);
            return m;
        }

        Estimate esgdAtBudget() { return entry(esgdError, esgdError.value().length - 1); }

        Estimate sgdAtBudget() { return entry(sgdError, sgdError.value().length - 1); }

        private static Estimate entry(Estimate e, int i) {
            Estimate one = Estimate.of(e.value()[i]);
            return e.hasInterval() ? one.withInterval(e.lower(i), e.upper(i)) : one;
        }

        /** What the rows' notes say about the setup. */
        String setup() {
            return String.format(Locale.ROOT, "%s on %d training samples, B = %d; %d seed(s) (initial weights and batch order shared by both), "
                            + "test error on %d held-out samples; SGD η = %.3g, Entropy-SGD (L = %d, η′ = %.3g, ε = %.3g, γ₀ = %.3g, γ₁ = %.3g, α = %.3g) "
                            + "with outer η = %.3g; matched budget %.3g effective "
                            + "epochs (%d Entropy-SGD steps, γ rising only to %.3g by then); %s%s",
                    model, trainSamples, batch, seeds, testSamples, sgdLr, rule.innerSteps(), rule.innerLearningRate(), rule.noise(), rule.gamma0(),
                    rule.gamma1(), rule.meanWeight(), esgdLr, budget, outerSteps(),
                    rule.gamma(outerSteps()), interval(), diverged > 0 ? "; " + diverged + " run(s) diverged" : "");
        }

        /** What the intervals are over; with few seeds a percentile bootstrap barely carries the variation between initial weights. */
        String interval() {
            String few = seeds == 1 ? " — with one seed it is over the test samples alone and holds no variation between initial weights"
                    : seeds < FEW_SEEDS ? String.format(Locale.ROOT, " — with %d seeds a resample can draw only %d initial weights, so the interval "
                            + "is mostly over the test samples and understates the variation between initial weights", seeds, seeds) : "";
            return "interval: bootstrap over seeds × test samples" + few;
        }

        /** Where this comparison differs from the authors' LeNet experiment (ucla-vision/entropy-sgd). */
        String differences() {
            String net = model.equals("lenet")
                    ? "flatbench's lenet has the parameter count of the authors' mnistconv LeNet (431,080) but neither its BatchNorm nor its dropout; "
                    : "";
            return "Where it differs from the authors: " + net + "flatbench's Entropy-SGD runs here without Nesterov momentum in its inner loop (theirs 0.9) and "
                    + "keeps its outer η where theirs decays it (1 → 0.1 → 0.01) (README, Optimizers) [code]";
        }

        int outerSteps() { return (int) Math.round(budget * trainSamples / ((double) batch * rule.innerSteps())); }
    }

    /**
     * @param epochs effective epochs each optimizer gets (rounded to whole Entropy-SGD steps, at least one)
     * @param seeds  initial weights
     * @param points test-error evaluations after the start (at most one per Entropy-SGD step)
     */
    static Result run(RunContext ctx, double epochs, int seeds, int points, long seed) {
        RunConfig c = ctx.config();
        String name = c.get(EntropySgdScenario.COMPARE_MODEL);
        ModelSpec spec = Models.byName(name).orElseThrow(() -> new IllegalArgumentException("unknown --compare-model '" + name + "' (known: "
                + String.join(", ", Models.entries().stream().map(Models.Entry::name).toList()) + ")")).withLoss(c.get(RunSettings.LOSS));
        UpdateRule.EntropySgd rule = c.get(RunSettings.OPTIMIZER) instanceof UpdateRule.EntropySgd given ? given : UpdateRule.entropySgd();
        double momentum = c.get(RunSettings.MOMENTUM), sgdLr = c.get(RunSettings.LEARNING_RATE), esgdLr = c.get(EntropySgdScenario.ENTROPY_LR);
        rule = (UpdateRule.EntropySgd) rule.withMomentum(momentum);
        Dataset train = ctx.train();
        Dataset test = ctx.test().orElse(train);
        int n = train.size(), b = c.get(RunSettings.BATCH), l = rule.innerSteps();
        int outer = (int) Math.max(1, Math.round(epochs * n / ((double) b * l)));
        int p = Math.max(1, Math.min(points, outer));
        int[] at = new int[p + 1];
        for (int k = 1; k <= p; k++) at[k] = (int) Math.round((double) outer * k / p);
        Batch[] testChunks = testChunks(test);
        int nt = Arrays.stream(testChunks).mapToInt(Batch::size).sum();
        // wrong[arm][seed][point][sample]: 1 where misclassified, NaN after a divergence.
        double[][][][] wrong = new double[2][seeds][p + 1][];
        int diverged = 0;
        long total = 2L * seeds * outer * l, done = 0;
        try (Engine engine = Engines.find(c.get(RunSettings.ENGINE)).orElseThrow().create(spec, c.get(RunSettings.PRECISION), seed)) {
            for (int s = 0; s < seeds; s++) {
                double[] init = spec.initialParameters(Ensemble.stream(seed, "compare-init", s));
                long batches = Ensemble.stream(seed, "compare-batches", s);
                for (int arm = 0; arm < 2; arm++) {
                    TrainingConfig tc = arm == 0
                            ? new TrainingConfig(sgdLr, b, new UpdateRule.Sgd(momentum), c.get(RunSettings.SAMPLING), batches, c.get(RunSettings.DIVERGENCE_FACTOR))
                            : new TrainingConfig(esgdLr, b, rule, c.get(RunSettings.SAMPLING), batches, c.get(RunSettings.DIVERGENCE_FACTOR));
                    int perPoint = arm == 0 ? l : 1;
                    try (Vec start = engine.vectors().fromHost(init)) {
                        engine.setParameters(start);
                    }
                    try (Trainer trainer = new Trainer(engine, tc, n, train::batch)) {
                        wrong[arm][s][0] = errors(engine, testChunks, nt);
                        for (int k = 1; k <= p; k++) {
                            Trainer.Summary sum = trainer.run(perPoint * (at[k] - at[k - 1]), TrainingListener.NONE);
                            done += sum.gradientEvaluations();
                            ctx.listener().update("compare", done, total);
                            if (sum.divergence() != null) {
                                diverged++;
                                for (int r = k; r <= p; r++) {
                                    wrong[arm][s][r] = new double[nt];
                                    Arrays.fill(wrong[arm][s][r], Double.NaN);
                                }
                                break;
                            }
                            wrong[arm][s][k] = errors(engine, testChunks, nt);
                        }
                    }
                }
            }
        }
        double[] sgdEpochs = new double[p + 1], esgdEpochs = new double[p + 1];
        for (int k = 0; k <= p; k++) {
            // Both make L gradient evaluations per Entropy-SGD step: the same effective epochs at every point.
            sgdEpochs[k] = (double) at[k] * l * b / n;
            esgdEpochs[k] = sgdEpochs[k];
        }
        double budget = sgdEpochs[p];
        int pts = p + 1;
        GroupBootstrap.Result[] r = GroupBootstrap.ofAll(new int[] {seeds, nt}, RESAMPLES, Ensemble.stream(seed, "compare-bootstrap", 0),
                w -> statistics(wrong, w[0], w[1], esgdEpochs, budget));
        double[] sv = new double[pts], sl = new double[pts], sh = new double[pts], ev = new double[pts], el = new double[pts], eh = new double[pts];
        boolean intervals = true;
        for (int k = 0; k < pts; k++) {
            sv[k] = r[k].value();
            ev[k] = r[pts + k].value();
            intervals &= r[k].ci95() != null && r[pts + k].ci95() != null;
        }
        Estimate sgd = Estimate.of(sv), esgd = Estimate.of(ev);
        if (intervals) {
            for (int k = 0; k < pts; k++) {
                sl[k] = r[k].ci95()[0];
                sh[k] = r[k].ci95()[1];
                el[k] = r[pts + k].ci95()[0];
                eh[k] = r[pts + k].ci95()[1];
            }
            sgd = sgd.withInterval(sl, sh);
            esgd = esgd.withInterval(el, eh);
        }
        return new Result(spec.name(), seeds, n, nt, b, sgdLr, esgdLr, rule, budget, sgdEpochs, esgdEpochs, sgd, esgd,
                YangTangTuScenario.estimate(r[2 * pts]), YangTangTuScenario.estimate(r[2 * pts + 1]), r[2 * pts + 1].nonFiniteNote(), diverged);
    }

    /** The test set (at most TrainingPhase.MAX_EVAL_SAMPLES of it) in chunks, built once. */
    private static Batch[] testChunks(Dataset test) {
        int nt = Math.min(TrainingPhase.MAX_EVAL_SAMPLES, test.size()), chunk = 500;
        Batch[] out = new Batch[(nt + chunk - 1) / chunk];
        for (int i = 0; i < out.length; i++) out[i] = test.batch(i * chunk, Math.min(nt, (i + 1) * chunk));
        return out;
    }

    /** 1 per misclassified test sample, 0 per correct one, at the engine's current parameters. */
    private static double[] errors(Engine e, Batch[] chunks, int nt) {
        double[] w = new double[nt];
        int o = 0;
        for (Batch b : chunks) {
            double[][] pr = e.probabilities(b);
            for (int i = 0; i < b.size(); i++) w[o + i] = Loss.correct(pr[i], b.labels()[i]) ? 0 : 1;
            o += b.size();
        }
        return w;
    }

    /**
     * For seed weights ws and test-sample weights wt: SGD's curve, Entropy-SGD's curve, the gap at
     * the budget and the epoch ratio, in that order.
     */
    static double[] statistics(double[][][][] wrong, double[] ws, double[] wt, double[] epochs, double budget) {
        int pts = epochs.length;
        double[] out = new double[2 * pts + 2];
        double sws = Arrays.stream(ws).sum(), swt = Arrays.stream(wt).sum();
        for (int arm = 0; arm < 2; arm++) {
            for (int k = 0; k < pts; k++) {
                double m = 0;
                for (int s = 0; s < ws.length; s++) {
                    if (ws[s] == 0) continue;
                    double[] e = wrong[arm][s][k];
                    double q = 0;
                    for (int j = 0; j < e.length; j++) if (wt[j] != 0) q += wt[j] * e[j];
                    m += ws[s] * q / swt;
                }
                out[arm * pts + k] = m / sws;
            }
        }
        double target = out[pts - 1];
        out[2 * pts] = out[2 * pts - 1] - target;
        out[2 * pts + 1] = epochRatio(Arrays.copyOfRange(out, pts, 2 * pts), epochs, target, budget);
        return out;
    }

    /**
     * The first effective epoch at which the curve reaches the target (linear between evaluations),
     * over the budget; ∞ when it does not within the budget, NaN when the curve is not defined.
     */
    static double epochRatio(double[] curve, double[] epochs, double target, double budget) {
        if (!Double.isFinite(target)) return Double.NaN;
        for (int k = 0; k < curve.length; k++) {
            if (!Double.isFinite(curve[k])) return Double.NaN;
            if (curve[k] <= target) {
                if (k == 0) return 0;
                double f = (curve[k - 1] - target) / (curve[k - 1] - curve[k]);
                return (epochs[k - 1] + f * (epochs[k] - epochs[k - 1])) / budget;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
