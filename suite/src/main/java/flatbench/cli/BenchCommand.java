package flatbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.WarmUp;
import flatbench.benchmark.run.BenchRunner;
import flatbench.benchmark.run.ForkCommand;
import flatbench.benchmark.run.TorchPeer;
import flatbench.compare.ForkRatio;
import flatbench.compare.ResultStore;
import flatbench.record.BenchmarkResult;
import flatbench.record.RunRecord;
import flatbench.run.RunExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times the engine primitives (forward+backward, per-sample gradients, noise Gram, projection, HVP, top-k Lanczos)",
                "in several fresh JVMs (--forks), each warming every item up until its times settle, and writes every raw sample,",
                "per fork, to runs/<run-id>/result.json; 'flatbench compare' compares two such results."})
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin BenchOptions options;
    @Option(names = "--out", paramLabel = "FOLDER", description = "where run folders go (default: ${DEFAULT-VALUE})", defaultValue = "runs") Path out;
    @Option(names = "--baseline", description = "also store the result in the result store under reports/baselines/<machine>/<commit>/")
    boolean baseline;
    @Option(names = "--quiet", description = "no progress line") boolean quiet;
    @Option(names = "--no-peer", description = "CPU engines: skip the PyTorch peer (bench/torch_peer.py on the same shapes, dtype and threads; never run with --forks 0)")
    boolean noPeer;

    @Override public Integer call() {
        BenchConfig c = options.config();
        PrintWriter out = spec.commandLine().getOut();
        ProgressLine progress = ProgressLine.forTerminal(spec.commandLine().getErr(), quiet);
        BenchRunner.Outcome o;
        try {
            o = BenchRunner.run(c, this.out, Cli.home(), forkOf(c), progress);
        } finally {
            progress.done();
        }
        print(out, o.record());
        out.println("result: " + o.runDir().resolve("result.json"));
        // Forks are `bench --forks 0` runs of their own: the peer runs once, after the forked benchmark.
        if (!noPeer && c.forks() > 0 && RunExecutor.resolveEngine(c.engine()).runsOnCpu()) out.print(TorchPeer.run(c, o.record(), o.runDir(), Cli.home()).table());
        out.flush();
        if (baseline) out.println("baseline: " + new ResultStore(ResultStore.DEFAULT_ROOT).save(o.record()));
        return 0;
    }

    /** One fork of this build: this command again in a fresh JVM, with every setting spelled out and no forks of its own. */
    static ForkCommand forkOf(BenchConfig c) {
        List<String> args = new ArrayList<>(List.of("bench"));
        args.addAll(BenchOptions.arguments(c.withForks(0)));
        return ForkCommand.ofThisJvm("this build", Main.class.getName(), List.of(), args);
    }

    /** Median and spread of each benchmark, and how its warm-up went. */
    static void print(PrintWriter out, RunRecord r) {
        out.printf("%-36s %12s %12s %11s %7s %9s%n", "benchmark", "median", "min", "fork spread", "forks", "steady");
        for (BenchmarkResult b : r.benchmarks()) {
            double min = java.util.Arrays.stream(b.samples()).min().orElse(Double.NaN);
            double[] m = b.forkMedians();
            String spread = m.length < 2 ? "–" : String.format(Locale.ROOT, "±%.1f%%", 100 * ForkRatio.logSpread(m));
            long steady = b.forks().stream().filter(f -> f.warmup() != null && f.warmup().steady()).count();
            out.printf(Locale.ROOT, "%-36s %9.2f ms %9.2f ms %11s %7d %5d/%d%n", b.name(), 1000 * b.median(), 1000 * min, spread,
                    b.forks().size(), steady, b.forks().size());
        }
        out.printf(Locale.ROOT, "fork spread: standard deviation of the log fork medians (about the relative spread between JVMs);"
                + " steady: forks whose warm-up settled (last %d runs within %.0f%%) before its time budget.%n", WarmUp.WINDOW, 100 * WarmUp.TOLERANCE);
    }
}
