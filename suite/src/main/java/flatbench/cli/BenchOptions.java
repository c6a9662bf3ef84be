package flatbench.cli;

import java.util.List;
import java.util.Set;

import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.WarmUp;
import flatbench.engine.Precision;
import flatbench.run.RunExecutor;
import flatbench.scenario.RunSettings;
import picocli.CommandLine.Option;

/** What to benchmark and how: shared by bench and by compare --run, which benchmarks two builds. */
final class BenchOptions {
    @Option(names = "--engine", paramLabel = "NAME", description = "engine (default: as for run, the first available here by the engines' own ranking, e.g. cpu where present)") String engine;
    @Option(names = "--precision", paramLabel = "P", description = "float32 or float64") String precision;
    @Option(names = "--models", paramLabel = "NAMES", split = ",", description = "models, e.g. lenet,resnet18") List<String> models;
    @Option(names = "--batch", paramLabel = "B", description = "batch size") Integer batch;
    @Option(names = "--forks", paramLabel = "N", description = "fresh JVMs, each timing every item (0: in this JVM, for a quick look only; default: the engine's, 5 on the CPU, 3 on a GPU)")
    Integer forks;
    @Option(names = "--warmup", paramLabel = "N", description = "untimed runs at least, per item and fork") Integer warmup;
    @Option(names = "--warmup-time", paramLabel = "SECONDS", description = "warm-up budget per item and fork: warming stops when the last " + WarmUp.WINDOW
            + " runs agree within " + (int) (100 * WarmUp.TOLERANCE) + "%%, or here") Double warmupSeconds;
    @Option(names = "--iterations", paramLabel = "N", description = "timed samples per item and fork") Integer iterations;
    @Option(names = "--lanczos-iterations", paramLabel = "N", description = "timed top-k Lanczos solves per fork (0 skips them)") Integer lanczosIterations;
    @Option(names = "--projections", paramLabel = "K", description = "directions of the projection G·V") Integer projections;
    @Option(names = "--lanczos-steps", paramLabel = "N", description = "steps of the Lanczos solve") Integer lanczosSteps;
    @Option(names = "--top-k", paramLabel = "K", description = "eigenpairs of the Lanczos solve") Integer topK;
    @Option(names = "--seed", paramLabel = "N", description = "seeds weights, batch and directions") Long seed;

    /**
     * Options that say how often and in how many JVMs the work is timed, not what is timed (the
     * keys {@link BenchConfig#definition()} leaves out): a build that lacks one may still be compared.
     */
    static final Set<String> TIMING_ONLY = Set.of("--forks", "--warmup", "--warmup-time", "--iterations", "--lanczos-iterations");

    /** The engine's defaults with the options the user gave. */
    BenchConfig config() {
        String name = engine != null ? engine : RunSettings.ENGINE.defaultValue();
        BenchConfig d = RunExecutor.resolveEngine(name).benchDefaults();
        return new BenchConfig(name, precision == null ? d.precision() : Precision.parse(precision),
                models == null ? d.models() : models, batch == null ? d.batch() : batch, warmup == null ? d.warmup() : warmup,
                warmupSeconds == null ? d.warmupSeconds() : warmupSeconds, iterations == null ? d.iterations() : iterations,
                forks == null ? d.forks() : forks, projections == null ? d.projections() : projections,
                lanczosSteps == null ? d.lanczosSteps() : lanczosSteps, topK == null ? d.topK() : topK,
                lanczosIterations == null ? d.lanczosIterations() : lanczosIterations, seed == null ? d.seed() : seed);
    }

    /** The options that make {@code flatbench bench} time exactly {@code c}, as option-value pairs. */
    static List<String> arguments(BenchConfig c) {
        return List.of("--engine", c.engine(), "--precision", c.precision().label(), "--models", String.join(",", c.models()),
                "--batch", Integer.toString(c.batch()), "--forks", Integer.toString(c.forks()), "--warmup", Integer.toString(c.warmup()),
                "--warmup-time", Double.toString(c.warmupSeconds()), "--iterations", Integer.toString(c.iterations()),
                "--lanczos-iterations", Integer.toString(c.lanczosIterations()), "--projections", Integer.toString(c.projections()),
                "--lanczos-steps", Integer.toString(c.lanczosSteps()), "--top-k", Integer.toString(c.topK()),
                "--seed", Long.toString(c.seed()));
    }
}
