package flatbench.scenario;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import flatbench.engine.Precision;
import flatbench.measure.CurvatureOperator;
import flatbench.train.Sampling;

/**
 * Everything that determines a run. Each scenario supplies its defaults as one of these; the
 * CLI overrides fields the user set. Recorded in full in every result, and enough to re-run.
 *
 * @param scenario      scenario name
 * @param model         model name from the catalogue
 * @param data          data set name
 * @param dataDir       folder holding the data set's files (null: the data set's default)
 * @param trainSamples  training samples to load (0: all)
 * @param engine        engine name
 * @param precision     float32 or float64
 * @param steps         SGD steps before measuring
 * @param batch         mini-batch size B
 * @param learningRate  η
 * @param momentum      heavy-ball μ
 * @param sampling      batch sampling scheme
 * @param seed          seeds initial weights, batch order and every random probe
 * @param noiseSamples  n, samples for per-sample gradients and the noise covariance
 * @param curvatureSamples samples of the batch on which the Hessian is measured
 * @param topK          Hessian eigenpairs to compute
 * @param curvature     the curvature matrix measured: the Hessian or the (positive semi-definite) Gauss–Newton matrix
 * @param probes        Hutchinson probes for the Hessian trace and diagonal
 * @param slqRuns       random starts of stochastic Lanczos quadrature for the spectral density
 * @param checkpoints   steps at which to measure (empty: at the end only)
 */
public record RunConfig(String scenario, String model, String data, Path dataDir, int trainSamples,
                        String engine, Precision precision, int steps, int batch, double learningRate,
                        double momentum, Sampling sampling, long seed, int noiseSamples,
                        int curvatureSamples, int topK, CurvatureOperator curvature, int probes, int slqRuns, int[] checkpoints) {

    public RunConfig {
        checkpoints = checkpoints == null ? new int[0] : checkpoints.clone();
        if (curvature == null) throw new IllegalArgumentException("--curvature must be hessian or ggn");
        if (steps < 0) throw new IllegalArgumentException("--steps must be zero or more, not " + steps);
        if (batch <= 0) throw new IllegalArgumentException("--batch must be positive, not " + batch);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("--lr must be a positive number, not " + learningRate);
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("--momentum must be in [0, 1), not " + momentum);
        if (noiseSamples < 2) throw new IllegalArgumentException("--noise-samples must be at least 2, not " + noiseSamples);
        if (curvatureSamples < 1) throw new IllegalArgumentException("--curvature-samples must be positive, not " + curvatureSamples);
        if (topK < 1) throw new IllegalArgumentException("--top-k must be positive, not " + topK);
        if (probes < 2) throw new IllegalArgumentException("--probes must be at least 2 (the trace's standard error needs two), not " + probes);
        if (slqRuns < 1) throw new IllegalArgumentException("--slq-runs must be positive, not " + slqRuns);
        if (trainSamples < 0) throw new IllegalArgumentException("--train-samples must be zero (all) or more, not " + trainSamples);
        for (int c : checkpoints) {
            if (c < 0 || c > steps) throw new IllegalArgumentException("checkpoint " + c + " lies outside 0.." + steps + " steps");
        }
    }

    @Override public int[] checkpoints() { return checkpoints.clone(); }

    /** The config as a JSON-friendly map, in declaration order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("model", model);
        m.put("data", data);
        if (dataDir != null) m.put("dataDir", dataDir.toString());
        m.put("trainSamples", trainSamples);
        m.put("engine", engine);
        m.put("precision", precision.label());
        m.put("steps", steps);
        m.put("batch", batch);
        m.put("learningRate", learningRate);
        m.put("momentum", momentum);
        m.put("sampling", sampling.label());
        m.put("seed", seed);
        m.put("noiseSamples", noiseSamples);
        m.put("curvatureSamples", curvatureSamples);
        m.put("topK", topK);
        m.put("curvature", curvature.label());
        m.put("probes", probes);
        m.put("slqRuns", slqRuns);
        m.put("checkpoints", java.util.Arrays.stream(checkpoints).boxed().toList());  // a list: stable toString for the definition hash
        return m;
    }

    /** Rebuilds a config from {@link #toMap()} output (as read back from JSON). */
    public static RunConfig fromMap(Map<String, ?> m) {
        Object dir = m.get("dataDir");
        Object cps = m.get("checkpoints");
        int[] checkpoints;
        if (cps instanceof int[] a) checkpoints = a;
        else if (cps instanceof java.util.List<?> l) checkpoints = l.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        else checkpoints = new int[0];
        return new RunConfig(str(m, "scenario"), str(m, "model"), str(m, "data"), dir == null ? null : Path.of(dir.toString()),
                num(m, "trainSamples").intValue(), str(m, "engine"), Precision.parse(str(m, "precision")),
                num(m, "steps").intValue(), num(m, "batch").intValue(), num(m, "learningRate").doubleValue(),
                num(m, "momentum").doubleValue(), Sampling.parse(str(m, "sampling")), num(m, "seed").longValue(),
                num(m, "noiseSamples").intValue(), num(m, "curvatureSamples").intValue(), num(m, "topK").intValue(),
                m.containsKey("curvature") ? CurvatureOperator.parse(str(m, "curvature")) : CurvatureOperator.HESSIAN, num(m, "probes").intValue(), num(m, "slqRuns").intValue(), checkpoints);
    }

    private static String str(Map<String, ?> m, String k) {
        Object o = m.get(k);
        if (o == null) throw new IllegalArgumentException("the recorded config lacks '" + k + "'");
        return o.toString();
    }

    private static Number num(Map<String, ?> m, String k) {
        Object o = m.get(k);
        if (!(o instanceof Number n)) throw new IllegalArgumentException("the recorded config has no number for '" + k + "'");
        return n;
    }

    /** A builder seeded from this config, for overriding some fields. */
    public Builder toBuilder() { return new Builder(this); }

    /** Mutable copy used to apply overrides; {@link #build()} validates. */
    public static final class Builder {
        public String scenario, model, data, engine;
        public Path dataDir;
        public int trainSamples, steps, batch, noiseSamples, curvatureSamples, topK, probes, slqRuns;
        public double learningRate, momentum;
        public Precision precision;
        public Sampling sampling;
        public CurvatureOperator curvature;
        public long seed;
        public int[] checkpoints;

        Builder(RunConfig c) {
            scenario = c.scenario; model = c.model; data = c.data; dataDir = c.dataDir; trainSamples = c.trainSamples;
            engine = c.engine; precision = c.precision; steps = c.steps; batch = c.batch; learningRate = c.learningRate;
            momentum = c.momentum; sampling = c.sampling; seed = c.seed; noiseSamples = c.noiseSamples;
            curvatureSamples = c.curvatureSamples; topK = c.topK; curvature = c.curvature; probes = c.probes; slqRuns = c.slqRuns; checkpoints = c.checkpoints;
        }

        public RunConfig build() {
            return new RunConfig(scenario, model, data, dataDir, trainSamples, engine, precision, steps, batch, learningRate,
                    momentum, sampling, seed, noiseSamples, curvatureSamples, topK, curvature, probes, slqRuns, checkpoints);
        }
    }
}
