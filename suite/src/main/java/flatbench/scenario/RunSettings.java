package flatbench.scenario;

import java.nio.file.Path;
import java.util.List;

import flatbench.data.DataSets;
import flatbench.engine.EngineProvider;
import flatbench.engine.Engines;
import flatbench.engine.Precision;
import flatbench.measure.CurvatureConfig;
import flatbench.measure.CurvatureData;
import flatbench.measure.CurvatureOperator;
import flatbench.model.Loss;
import flatbench.model.Models;
import flatbench.train.Sampling;
import flatbench.train.UpdateRule;

/**
 * The settings every scenario has, each declared once with its default. A scenario changes
 * defaults in {@link Scenario#defaults()} and adds its own settings in {@link Scenario#settings()}.
 * The order here is the order of {@code flatbench run --help} and of the recorded config.
 */
public final class RunSettings {
    private RunSettings() {}

    public static final Setting<String> SCENARIO = Setting.text("scenario", "--scenario", "NAME", "noise",
            () -> "scenario: " + String.join(", ", Scenarios.all().stream().map(Scenario::name).toList()));
    public static final Setting<String> MODEL = Setting.text("model", "--model", "NAME", "lenet",
            () -> "model: " + String.join(", ", Models.entries().stream().map(Models.Entry::name).toList()));
    public static final Setting<Loss> LOSS = Setting.choice("loss", "--loss", "LOSS", Loss.CROSS_ENTROPY,
            "cross-entropy (softmax), squared (½‖f − onehot(y)‖²) or quadratic-hinge (½ max(0, 1 − y f)², a scalar output "
                    + "and labels ±1: the digit's parity), each averaged over the samples", Loss::parse, Loss::label);
    public static final Setting<String> DATA = Setting.text("data", "--data", "NAME", "mnist",
            () -> "data set: " + String.join(", ", DataSets.entries().stream().map(DataSets.Entry::name).toList()));
    public static final Setting<Path> DATA_DIR = Setting.path("dataDir", "--data-dir", "FOLDER",
            "folder with the data set's files (default: the data set's own)").outsideDefinition();
    public static final Setting<Integer> TRAIN_SAMPLES = Setting.integer("trainSamples", "--train-samples", "N", 0,
            "load at most N training samples (0: all)").require(v -> v >= 0, "must be zero (all) or more");
    // The providers decide (EngineProvider.defaultRank): the fastest correct CPU engine where it is present,
    // else a usable GPU (the GPU bundle has no cpu engine); DL4J stays the independent check behind --engine dl4j.
    public static final Setting<String> ENGINE = Setting.text("engine", "--engine", "NAME", Engines::defaultName,
            () -> "engine: " + String.join(", ", Engines.providers().stream().map(EngineProvider::name).toList()));
    public static final Setting<Precision> PRECISION = Setting.choice("precision", "--precision", "P", Precision.FLOAT32,
            "float32 or float64", Precision::parse, Precision::label);
    // 300 steps of B = 32: LeNet trains to about 92% on the 8,000 digits, in seconds on the cpu engine.
    public static final Setting<Integer> STEPS = Setting.integer("steps", "--steps", "N", 300, "SGD steps")
            .require(v -> v >= 0, "must be zero or more");
    public static final Setting<Integer> BATCH = Setting.integer("batch", "--batch", "B", 32, "mini-batch size")
            .require(v -> v > 0, "must be positive");
    public static final Setting<Double> LEARNING_RATE = Setting.real("learningRate", "--lr", "ETA", 0.05, "learning rate")
            .require(v -> v > 0 && Double.isFinite(v), "must be a positive number");
    public static final Setting<UpdateRule> OPTIMIZER = Setting.choice("optimizer", "--optimizer", "RULE", new UpdateRule.Sgd(0),
            UpdateRule.HELP, UpdateRule::parse, UpdateRule::label);
    public static final Setting<Double> MOMENTUM = Setting.real("momentum", "--momentum", "MU", 0.0, "heavy-ball momentum of sgd and of entropy-sgd's outer step (0: none)")
            .require(v -> v >= 0 && v < 1, "must be in [0, 1)");
    public static final Setting<Sampling> SAMPLING = Setting.choice("sampling", "--sampling", "S", Sampling.WITHOUT_REPLACEMENT,
            "with-replacement or without-replacement", Sampling::parse, Sampling::label);
    public static final Setting<Long> SEED = Setting.whole("seed", "--seed", "N", 1L, "seeds weights, batches and probes")
            .outsideDefinition();
    public static final Setting<Integer> NOISE_SAMPLES = Setting.integer("noiseSamples", "--noise-samples", "N", 512,
            "samples for per-sample gradients and the noise covariance").require(v -> v >= 2, "must be at least 2");
    public static final Setting<CurvatureData> CURVATURE_DATA = Setting.choice("curvatureData", "--curvature-data", "DATA",
            CurvatureData.AUTO, CurvatureData.HELP, CurvatureData::parse, CurvatureData::label);
    public static final Setting<Integer> TOP_K = Setting.integer("topK", "--top-k", "K", CurvatureConfig.defaults().topK(),
            "Hessian eigenpairs").require(v -> v >= 1, "must be positive");
    public static final Setting<CurvatureOperator> CURVATURE = Setting.choice("curvature", "--curvature", "OP",
            CurvatureConfig.defaults().operator(), "hessian or ggn (Gauss–Newton, positive semi-definite)",
            CurvatureOperator::parse, CurvatureOperator::label);
    public static final Setting<Integer> PROBES = Setting.integer("probes", "--probes", "N", CurvatureConfig.defaults().hutchinsonProbes(),
            "Hutchinson probes for the Hessian trace").require(v -> v >= 2, "must be at least 2 (the trace's standard error needs two)");
    public static final Setting<Integer> SLQ_RUNS = Setting.integer("slqRuns", "--slq-runs", "N", CurvatureConfig.defaults().slqRuns(),
            "random starts of the spectral density estimate").require(v -> v >= 1, "must be positive");
    public static final Setting<Double> DIVERGENCE_FACTOR = Setting.real("divergenceFactor", "--divergence-factor", "F", 100.0,
            "training has diverged at a step whose loss is not finite or exceeds F times the first step's loss")
            .require(v -> v > 1 && Double.isFinite(v), "must be a number above 1").outsideDefinition();
    public static final Setting<OnDivergence> ON_DIVERGENCE = Setting.choice("onDivergence", "--on-divergence", "WHAT", OnDivergence.STOP,
            "when training diverges: stop (keep what was measured) or measure (the diverged model anyway); the run is marked failed either way",
            OnDivergence::parse, OnDivergence::label).outsideDefinition();
    public static final Setting<List<Integer>> CHECKPOINTS = Setting.integers("checkpoints", "--checkpoints", "STEPS",
            "steps at which to measure besides the end, e.g. 100,200");

    /** Every core setting, in help and record order. */
    public static final List<Setting<?>> ALL = List.of(SCENARIO, MODEL, LOSS, DATA, DATA_DIR, TRAIN_SAMPLES, ENGINE, PRECISION, STEPS, BATCH,
            LEARNING_RATE, OPTIMIZER, MOMENTUM, SAMPLING, SEED, NOISE_SAMPLES, CURVATURE_DATA, TOP_K, CURVATURE, PROBES, SLQ_RUNS,
            DIVERGENCE_FACTOR, ON_DIVERGENCE, CHECKPOINTS);
}
