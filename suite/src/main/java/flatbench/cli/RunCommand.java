package flatbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import flatbench.data.DataSets;
import flatbench.engine.Precision;
import flatbench.measure.CurvatureOperator;
import flatbench.report.HtmlReport;
import flatbench.run.Outputs;
import flatbench.run.RunExecutor;
import flatbench.scenario.RunConfig;
import flatbench.scenario.Scenario;
import flatbench.scenario.Scenarios;
import flatbench.train.Sampling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a model and measures what the scenario asks for; writes runs/<run-id>/result.json.",
                "Options left out take the scenario's defaults (flatbench list shows the scenarios)."})
final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", description = "scenario (default: ${DEFAULT-VALUE})", defaultValue = "noise")
    String scenario;
    @Option(names = "--model", paramLabel = "NAME", description = "model: mlp, cnn-small, lenet, resnet18") String model;
    @Option(names = "--data", paramLabel = "NAME", description = "data set: mnist, fashion-mnist, cifar10, teacher-student, …") String data;
    @Option(names = "--data-dir", paramLabel = "FOLDER", description = "folder with the data set's files") Path dataDir;
    @Option(names = "--train-samples", paramLabel = "N", description = "load at most N training samples (0: all)") Integer trainSamples;
    @Option(names = "--engine", paramLabel = "NAME", description = "engine: dl4j, java, cuda") String engine;
    @Option(names = "--precision", paramLabel = "P", description = "float32 or float64") String precision;
    @Option(names = "--steps", paramLabel = "N", description = "SGD steps") Integer steps;
    @Option(names = "--batch", paramLabel = "B", description = "mini-batch size") Integer batch;
    @Option(names = "--lr", paramLabel = "ETA", description = "learning rate") Double lr;
    @Option(names = "--momentum", paramLabel = "MU", description = "heavy-ball momentum (0: plain SGD)") Double momentum;
    @Option(names = "--sampling", paramLabel = "S", description = "with-replacement or without-replacement") String sampling;
    @Option(names = "--seed", paramLabel = "N", description = "seeds weights, batches and probes") Long seed;
    @Option(names = "--noise-samples", paramLabel = "N", description = "samples for per-sample gradients and the noise covariance") Integer noiseSamples;
    @Option(names = "--curvature-samples", paramLabel = "N", description = "samples of the batch the Hessian is measured on") Integer curvatureSamples;
    @Option(names = "--top-k", paramLabel = "K", description = "Hessian eigenpairs") Integer topK;
    @Option(names = "--curvature", paramLabel = "OP", description = "hessian or ggn (Gauss–Newton, positive semi-definite)") String curvature;
    @Option(names = "--probes", paramLabel = "N", description = "Hutchinson probes for the Hessian trace") Integer probes;
    @Option(names = "--slq-runs", paramLabel = "N", description = "random starts of the spectral density estimate") Integer slqRuns;
    @Option(names = "--checkpoints", paramLabel = "STEPS", split = ",", description = "steps at which to measure, e.g. 100,200") int[] checkpoints;
    @Option(names = "--out", paramLabel = "FOLDER", description = "where run folders go (default: ${DEFAULT-VALUE})", defaultValue = "runs") Path out;
    @Option(names = "--quiet", description = "no progress line") boolean quiet;
    @Mixin OutputOptions outputs;

    @Override public Integer call() {
        return execute(spec, config(), out, quiet, outputs.outputs());
    }

    /** Runs a configuration, prints the summary and writes the report; shared with rerun. */
    static int execute(CommandSpec spec, RunConfig config, Path out, boolean quiet, Outputs outputs) {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        RunExecutor.validate(config);
        ProgressLine progress = ProgressLine.forTerminal(err, quiet);
        stdout.printf("flatbench run: %s scenario, %s on %s, %s engine (%s), %d steps of B=%d, seed %d%n", config.scenario(),
                config.model(), config.data(), config.engine(), config.precision().label(), config.steps(), config.batch(), config.seed());
        RunExecutor.Outcome o;
        try {
            o = new RunExecutor(new DataSets(), Cli.home()).execute(config, out, progress, outputs);
        } finally {
            progress.done();
        }
        o.summary().forEach(stdout::println);
        stdout.println("result: " + o.runDir().resolve("result.json"));
        stdout.println("report: " + HtmlReport.render(o.runDir()));
        return 0;
    }

    /** The scenario's defaults with the options the user gave. */
    RunConfig config() {
        Scenario s = Scenarios.require(scenario);
        RunConfig.Builder b = s.defaults().toBuilder();
        if (model != null) b.model = model;
        if (data != null) b.data = data;
        if (dataDir != null) b.dataDir = dataDir.toAbsolutePath().normalize();  // a rerun from elsewhere finds the same files
        if (trainSamples != null) b.trainSamples = trainSamples;
        if (engine != null) b.engine = engine;
        if (precision != null) b.precision = Precision.parse(precision);
        if (steps != null) b.steps = steps;
        if (batch != null) b.batch = batch;
        if (lr != null) b.learningRate = lr;
        if (momentum != null) b.momentum = momentum;
        if (sampling != null) b.sampling = Sampling.parse(sampling);
        if (seed != null) b.seed = seed;
        if (noiseSamples != null) b.noiseSamples = noiseSamples;
        if (curvatureSamples != null) b.curvatureSamples = curvatureSamples;
        if (topK != null) b.topK = topK;
        if (curvature != null) b.curvature = CurvatureOperator.parse(curvature);
        if (probes != null) b.probes = probes;
        if (slqRuns != null) b.slqRuns = slqRuns;
        if (checkpoints != null) b.checkpoints = checkpoints;
        return b.build();
    }
}
