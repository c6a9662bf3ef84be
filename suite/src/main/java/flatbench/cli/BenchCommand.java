package flatbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import flatbench.benchmark.BenchConfig;
import flatbench.bench.BenchRunner;
import flatbench.bench.TorchPeer;
import flatbench.compare.ResultStore;
import flatbench.engine.Precision;
import flatbench.record.BenchmarkResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times the engine primitives (forward+backward, per-sample gradients, noise Gram, projection, HVP, top-k Lanczos)",
                "and writes every raw sample to runs/<run-id>/result.json; 'flatbench compare' compares two such results."})
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--engine", paramLabel = "NAME", description = "engine (default: ${DEFAULT-VALUE})", defaultValue = "cpu") String engine;
    @Option(names = "--precision", paramLabel = "P", description = "float32 or float64") String precision;
    @Option(names = "--models", paramLabel = "NAMES", split = ",", description = "models, e.g. lenet,resnet18") List<String> models;
    @Option(names = "--batch", paramLabel = "B", description = "batch size") Integer batch;
    @Option(names = "--warmup", paramLabel = "N", description = "untimed runs before timing") Integer warmup;
    @Option(names = "--iterations", paramLabel = "N", description = "timed samples per work item") Integer iterations;
    @Option(names = "--lanczos-iterations", paramLabel = "N", description = "timed top-k Lanczos solves (0 skips them)") Integer lanczosIterations;
    @Option(names = "--out", paramLabel = "FOLDER", description = "where run folders go (default: ${DEFAULT-VALUE})", defaultValue = "runs") Path out;
    @Option(names = "--baseline", description = "also store the result as the baseline of this machine and commit under reports/baselines/")
    boolean baseline;
    @Option(names = "--quiet", description = "no progress line") boolean quiet;
    @Option(names = "--no-peer", description = "CPU engines: skip the PyTorch peer (bench/torch_peer.py on the same shapes, dtype and threads)")
    boolean noPeer;

    @Override public Integer call() {
        BenchConfig d = engine.equalsIgnoreCase("cuda") ? BenchConfig.gpuDefaults() : BenchConfig.cpuDefaults(engine);
        BenchConfig c = new BenchConfig(engine, precision == null ? d.precision() : Precision.parse(precision),
                models == null ? d.models() : models, batch == null ? d.batch() : batch, warmup == null ? d.warmup() : warmup,
                iterations == null ? d.iterations() : iterations, d.projections(), d.lanczosSteps(), d.topK(),
                lanczosIterations == null ? d.lanczosIterations() : lanczosIterations, d.seed());
        PrintWriter out = spec.commandLine().getOut();
        ProgressLine progress = ProgressLine.forTerminal(spec.commandLine().getErr(), quiet);
        BenchRunner.Outcome o;
        try {
            o = BenchRunner.run(c, this.out, Cli.home(), progress);
        } finally {
            progress.done();
        }
        out.printf("%-36s %12s %12s %4s%n", "benchmark", "median", "min", "n");
        for (BenchmarkResult r : o.record().benchmarks()) {
            double min = java.util.Arrays.stream(r.samples()).min().orElse(Double.NaN);
            out.printf("%-36s %10.2f ms %10.2f ms %4d%n", r.name(), 1000 * r.median(), 1000 * min, r.samples().length);
        }
        out.println("result: " + o.runDir().resolve("result.json"));
        if (!noPeer && !engine.equalsIgnoreCase("cuda")) out.print(TorchPeer.run(c, o.record(), o.runDir(), Cli.home()).table());
        out.flush();
        if (baseline) out.println("baseline: " + new ResultStore(ResultStore.DEFAULT_ROOT).save(o.record()));
        return 0;
    }
}
