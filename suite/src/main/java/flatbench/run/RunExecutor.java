package flatbench.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import flatbench.checkpoint.Checkpoint;
import flatbench.checkpoint.CheckpointException;
import flatbench.checkpoint.CheckpointFile;
import flatbench.checkpoint.Checkpoints;
import flatbench.checkpoint.RunIdentity;
import flatbench.data.DataRequest;
import flatbench.data.DataSets;
import flatbench.data.Dataset;
import flatbench.data.Part;
import flatbench.engine.Capabilities;
import flatbench.engine.Engine;
import flatbench.engine.EngineProvider;
import flatbench.engine.Engines;
import flatbench.measure.CurvatureData;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.npy.Npy;
import flatbench.record.AtomicFiles;
import flatbench.record.DatasetInfo;
import flatbench.record.Metric;
import flatbench.record.MetricTree;
import flatbench.record.Provenance;
import flatbench.record.ProvenanceCollector;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;
import flatbench.record.RunStatus;
import flatbench.scenario.RunConfig;
import flatbench.scenario.RunDiverged;
import flatbench.scenario.RunContext;
import flatbench.scenario.RunListener;
import flatbench.scenario.RunSettings;
import flatbench.scenario.Setting;
import flatbench.scenario.Scenario;
import flatbench.scenario.ScenarioResult;
import flatbench.timing.Timings;

/**
 * Runs one scenario end to end: data, engine, the scenario itself, then the run record with
 * its arrays under {@code runs/<run-id>/}. Validates everything the user chose before any
 * expensive work starts.
 */
public final class RunExecutor {
    private final DataSets dataSets;
    private final Path repoDir;

    /** @param repoDir where provenance reads git state (the source tree or the bundle) */
    public RunExecutor(DataSets dataSets, Path repoDir) {
        this.dataSets = dataSets;
        this.repoDir = repoDir;
    }

    /** Where a run went and what it said; a failed run ({@code record.status()}) still has its folder and what it measured. */
    public record Outcome(Path runDir, RunRecord record, List<String> summary) {}

    /** Checks the scenario, model, loss, engine and data set names; throws IllegalArgumentException naming the bad one. */
    public static void validate(RunConfig config) {
        resolveModel(config);
        resolveEngine(config.get(RunSettings.ENGINE));
        DataSets.entry(config.get(RunSettings.DATA));
    }

    public Outcome execute(RunConfig config, Path runsRoot, RunListener listener) {
        return execute(config, runsRoot, listener, Outputs.DEFAULT);
    }

    public Outcome execute(RunConfig config, Path runsRoot, RunListener listener, Outputs outputs) {
        return execute(config, runsRoot, listener, outputs, Checkpointing.OFF);
    }

    /** Runs a configuration into a new folder under {@code runsRoot}, saving checkpoints there as {@code checkpointing} says. */
    public Outcome execute(RunConfig config, Path runsRoot, RunListener listener, Outputs outputs, Checkpointing checkpointing) {
        Scenario scenario = config.scenario();
        if (!scenario.needsNetwork()) {
            // An analytic landscape: no model, engine or data set to resolve or load, and no training state to checkpoint.
            Timings timings = new Timings();
            ScenarioResult result;
            try {
                result = scenario.run(new RunContext(config, null, null, Optional.empty(), timings, listener, outputs.batch(), outputs.eigenvectors(),
                        Checkpoints.off()));
            } catch (RunDiverged d) {
                result = d.partial();
            }
            Provenance provenance = ProvenanceCollector.collect(repoDir).withRun(config.get(RunSettings.SEED), "none", "float64")
                    .withBenchmarkVersion(config.definitionHash());
            return write(RunFolders.create(runsRoot, scenario.name()), config, outputs, timings, result, null, null, provenance, Checkpoints.off());
        }
        Prepared p = prepare(config);
        // Created before training, so that checkpoints have a place from the first step on.
        Path runDir = RunFolders.create(runsRoot, config.scenario().name() + "-" + config.get(RunSettings.MODEL));
        try {
            return run(p, runDir, listener, outputs, checkpointing, null);
        } catch (RuntimeException | Error e) {
            RunFolders.removeIfEmpty(runDir);
            throw e;
        }
    }

    /**
     * The checkpoint a stopped run folder holds, read and checked ({@link CheckpointFile}); one
     * sentence when the folder has none or holds a finished run.
     */
    public static Checkpoint checkpointOf(Path runDir) {
        if (!Files.isDirectory(runDir)) throw new IllegalArgumentException(runDir + " is not a run folder.");
        if (Files.exists(runDir.resolve(RunRecordStore.RESULT_FILE))) {
            throw new IllegalArgumentException(runDir + " holds a finished run (" + RunRecordStore.RESULT_FILE + "); there is nothing to resume.");
        }
        Path file = runDir.resolve(Checkpoints.FILE);
        if (!Files.exists(file)) {
            throw new CheckpointException(runDir + " holds no checkpoint (" + Checkpoints.FILE
                    + "): the run stopped before its first one or was started without checkpoints, so start it again.");
        }
        return CheckpointFile.read(file);
    }

    /** The configuration a checkpoint continues, refused when this build would define the run differently. */
    public static RunConfig configOf(Path runDir, Checkpoint c) {
        Path file = runDir.resolve(Checkpoints.FILE);
        RunConfig config;
        try {
            config = RunConfig.fromMap(c.identity().config());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + " holds a configuration this build cannot read (" + e.getMessage() + ").", e);
        }
        if (!config.definitionHash().equals(c.identity().definitionHash())) {
            throw new CheckpointException(file + " was written for run definition " + c.identity().definitionHash() + ", but this build defines it as "
                    + config.definitionHash() + "; finish the run with the build that started it, or start it again.");
        }
        return config;
    }

    /**
     * Continues a stopped run in its folder from its checkpoint ({@link #checkpointOf}); the
     * result is the one the run would have written had it not been stopped (result.json's
     * timings and timestamps aside).
     */
    public Outcome resume(Path runDir, Checkpoint c, RunListener listener, Checkpointing checkpointing) {
        Prepared p = prepare(configOf(runDir, c));
        return run(p, runDir, listener, Outputs.fromMap(c.identity().options()), checkpointing, c);
    }

    /** A validated configuration with its model, engine and data loaded. */
    private record Prepared(RunConfig config, ModelSpec spec, EngineProvider provider, Timings timings, Dataset train, Optional<Dataset> test) {}

    private Prepared prepare(RunConfig config) {
        validate(config);
        ModelSpec spec = resolveModel(config);
        EngineProvider provider = resolveEngine(config.get(RunSettings.ENGINE));
        Timings timings = new Timings();

        Dataset loaded = timings.time("data", () -> load(config, Part.TRAIN));
        Optional<Dataset> loadedTest = timings.time("data", () -> loadTest(config));
        // A scalar-output model (the quadratic hinge) learns a two-class problem: the parity of the class index.
        boolean scalar = spec.numClasses() == 1;
        Dataset train = scalar ? loaded.parity() : loaded;
        Optional<Dataset> test = scalar ? loadedTest.map(Dataset::parity) : loadedTest;
        if (!train.shape().equals(spec.input())) {
            throw new IllegalArgumentException("model " + spec.name() + " takes " + spec.input() + " inputs but data set "
                    + train.name() + " has " + train.shape() + " samples");
        }
        if (train.numClasses() != spec.numClasses()) {
            throw new IllegalArgumentException("model " + spec.name() + " has " + spec.numClasses() + " outputs but data set "
                    + train.name() + " has " + train.numClasses() + " classes");
        }
        requireSamples(RunSettings.BATCH, config, train);
        requireSamples(RunSettings.NOISE_SAMPLES, config, train);
        CurvatureData curvature = config.get(RunSettings.CURVATURE_DATA);
        if (curvature.kind() == CurvatureData.Kind.SAMPLE && curvature.samples() > train.size()) {
            throw new IllegalArgumentException(RunSettings.CURVATURE_DATA + " " + curvature.samples() + " exceeds the " + train.size()
                    + " training samples of " + train.name() + "; use train for all of them, or load more with --train-samples");
        }
        return new Prepared(config, spec, provider, timings, train, test);
    }

    /** What a checkpoint of this run must match, and what it records. */
    private static RunIdentity identity(Prepared p, Provenance provenance, Outputs outputs) {
        return new RunIdentity(p.config().toMap(), p.config().definitionHash(), provenance.gitCommit(), p.train().checksum(),
                Engines.cpuThreads(), outputs.toMap());
    }

    /** Refuses a checkpoint that this process would not continue bit-identically; one sentence naming the file. */
    private static void requireSameRun(Path file, RunIdentity saved, RunIdentity now, Checkpoint c, ModelSpec spec) {
        if (!saved.code().equals(now.code()) && !saved.code().equals(Provenance.UNKNOWN) && !now.code().equals(Provenance.UNKNOWN)) {
            throw new CheckpointException(file + " was written by the build at commit " + saved.code() + ", this is " + now.code()
                    + "; resume with that build (a result is bit-identical only on the same code).");
        }
        if (!saved.dataset().equals(now.dataset())) {
            throw new CheckpointException(file + " was written for other training data (checksum " + abbreviate(saved.dataset()) + ", now "
                    + abbreviate(now.dataset()) + "); resume with the data the run started on.");
        }
        if (saved.threads() != now.threads()) {
            throw new CheckpointException(file + " was written with " + saved.threads() + " CPU threads and this process has " + now.threads()
                    + " (the order of the batch's partial sums); set " + Engines.THREADS_VARIABLE + "=" + saved.threads() + " to resume.");
        }
        if (c.training().parameters().length != spec.parameterCount()) {
            throw new CheckpointException(file + " holds " + c.training().parameters().length + " parameters, but model " + spec.name()
                    + " has " + spec.parameterCount() + "; it is damaged.");
        }
    }

    private static String abbreviate(String checksum) { return checksum.length() > 12 ? checksum.substring(0, 12) : checksum; }

    private Outcome run(Prepared p, Path runDir, RunListener listener, Outputs outputs, Checkpointing checkpointing, Checkpoint resumed) {
        RunConfig config = p.config();
        Timings timings = p.timings();
        Provenance provenance = ProvenanceCollector.collect(repoDir)
                .withRun(config.get(RunSettings.SEED), config.get(RunSettings.ENGINE), config.get(RunSettings.PRECISION).label())
                .withDataset(new DatasetInfo(p.train().name(), p.train().checksum()))
                .withSampling(config.get(RunSettings.SAMPLING).label() + " b=" + config.get(RunSettings.BATCH))
                .withBenchmarkVersion(config.definitionHash())
                .withKernelHashes(p.provider().kernelHashes());
        RunIdentity identity = identity(p, provenance, outputs);
        if (resumed != null) requireSameRun(runDir.resolve(Checkpoints.FILE), resumed.identity(), identity, resumed, p.spec());
        Checkpoints checkpoints = checkpointing.enabled() ? Checkpoints.in(runDir, identity, checkpointing.every(), resumed, listener)
                : resumed != null ? Checkpoints.resumedOnly(runDir, resumed) : Checkpoints.off();

        ScenarioResult result;
        Map<String, Object> engineFacts;
        double[] weights = null;
        try (Engine engine = timings.time("engine-init", () -> p.provider().create(p.spec(), config.get(RunSettings.PRECISION), config.get(RunSettings.SEED)))) {
            engineFacts = engineFacts(engine);
            try {
                result = config.scenario().run(new RunContext(config, engine, p.train(), p.test(), timings, listener, outputs.batch(),
                        outputs.eigenvectors(), checkpoints));
            } catch (RunDiverged d) {
                result = d.partial();  // kept, and marked failed below
            }
            if (outputs.weights()) {
                try (var theta = engine.parameters()) {
                    weights = engine.vectors().toHost(theta);
                }
            }
        }

        return write(runDir, config, outputs, timings, result, engineFacts, weights, provenance, checkpoints);
    }

    /** The run folder: result.json with the metrics (and engine facts when there is an engine), the arrays, the timings; result.json last. */
    private static Outcome write(Path runDir, RunConfig config, Outputs outputs, Timings timings, ScenarioResult result,
                                 Map<String, Object> engineFacts, double[] weights, Provenance provenance, Checkpoints checkpoints) {
        RunRecord.Builder record = RunRecord.builder(runDir.getFileName().toString(), provenance)
                .status(RunDiverged.recordedIn(result).map(RunStatus::failed).orElse(RunStatus.completed()))
                .config(config.toMap())
                .metrics(result.metrics());
        if (engineFacts != null) record.metric("engine", engineFacts);
        // Units and directions for every catalogued metric the run wrote (the catalogue is the one source).
        Map<String, Object> written = new LinkedHashMap<>(result.metrics());
        if (engineFacts != null) written.put("engine", engineFacts);
        for (Metric m : Metric.values()) {
            if (MetricTree.get(written, m.path()).isPresent()) record.metricInfo(m.path(), m.unit(), m.better());
        }
        for (Map.Entry<String, Object> a : result.arrays().entrySet()) {
            String file = a.getKey() + ".npy";
            writeArray(runDir.resolve(file), a.getValue());
            record.array(file);
        }
        if (weights != null) {
            writeArray(runDir.resolve("weights.npy"), weights);
            record.array("weights.npy");
        }
        if (outputs.prometheus()) {
            AtomicFiles.write(runDir.resolve("metrics.prom"), timings.prometheusText().getBytes(StandardCharsets.UTF_8));
        }
        RunRecord built = record.timings(timings.snapshot()).build();
        // The result is written last: a run folder with result.json is finished, and its checkpoint has served.
        RunRecordStore.write(runDir, built);
        checkpoints.finished();
        return new Outcome(runDir, built, result.summary());
    }

    /** Fails before training rather than after it when the training set cannot supply what an option asks for. */
    private static void requireSamples(Setting<Integer> option, RunConfig config, Dataset train) {
        int wanted = config.get(option);
        if (wanted > train.size()) {
            throw new IllegalArgumentException(option + " " + wanted + " exceeds the " + train.size() + " training samples of "
                    + train.name() + "; lower it or load more with --train-samples");
        }
    }

    /** How the engine computes what it computes: a number is never read without this. */
    private static Map<String, Object> engineFacts(Engine e) {
        Capabilities c = e.capabilities();
        Map<String, Object> m = new LinkedHashMap<>();
        Metric.ENGINE_NAME.put(m, e.name());
        Metric.ENGINE_PRECISION.put(m, e.precision().label());
        Metric.ENGINE_PARAMETERS.put(m, e.parameterCount());
        Metric.ENGINE_HVP_METHOD.put(m, c.hvpMethod());
        Metric.ENGINE_EXACT_HVP.put(m, c.exactHvp());
        Metric.ENGINE_GAUSS_NEWTON.put(m, c.gaussNewton());
        Metric.ENGINE_GRAM_METHOD.put(m, c.gramMethod());
        return m;
    }

    /** The named model under the run's loss (a scalar last layer for the quadratic hinge). */
    public static ModelSpec resolveModel(RunConfig config) {
        return resolveModel(config.get(RunSettings.MODEL)).withLoss(config.get(RunSettings.LOSS));
    }

    public static ModelSpec resolveModel(String name) {
        return Models.byName(name).orElseThrow(() -> new IllegalArgumentException("unknown model '" + name + "' (known: "
                + String.join(", ", Models.entries().stream().map(Models.Entry::name).toList()) + ")"));
    }

    public static EngineProvider resolveEngine(String name) {
        EngineProvider p = Engines.find(name).orElseThrow(() -> new IllegalArgumentException("unknown engine '" + name
                + "' (found: " + String.join(", ", Engines.providers().stream().map(EngineProvider::name).toList()) + ")"));
        String why = p.unavailableReason();
        if (why != null) throw new IllegalArgumentException("engine '" + name + "' cannot run here: " + why);
        return p;
    }

    private Dataset load(RunConfig c, Part part) {
        DataRequest r = DataRequest.of(c.get(RunSettings.DATA)).withSeed(c.get(RunSettings.SEED)).withPart(part);
        if (c.get(RunSettings.DATA_DIR) != null) r = r.withFolder(c.get(RunSettings.DATA_DIR));
        int max = c.get(RunSettings.TRAIN_SAMPLES);
        if (max > 0 && part == Part.TRAIN) r = r.withMaxSamples(max);
        return dataSets.load(r);
    }

    /** Held-out samples if the data set has them; their absence is not an error, a corrupt file is. */
    private Optional<Dataset> loadTest(RunConfig c) {
        if (DataSets.entry(c.get(RunSettings.DATA)).kind() == DataSets.Kind.SYNTHETIC) return Optional.empty();
        try {
            return Optional.of(load(c, Part.TEST));
        } catch (flatbench.data.DataException e) {
            if (e.isMissing()) return Optional.empty();
            throw e;
        }
    }

    private static void writeArray(Path file, Object value) {
        if (value instanceof double[] v) Npy.write(file, v);
        else if (value instanceof double[][] m) Npy.write(file, m);
        else throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as .npy");
    }

}
