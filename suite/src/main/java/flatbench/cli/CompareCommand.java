package flatbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.run.BenchRunner;
import flatbench.benchmark.run.Forks;
import flatbench.benchmark.run.RefBuild;
import flatbench.compare.BenchmarkSet;
import flatbench.compare.Compare;
import flatbench.compare.Comparison;
import flatbench.compare.MetricComparison;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares the benchmarks of two results: ratio and a verdict per benchmark.",
                "A change counts only if it is both larger than the factor and significant in a test over the per-fork medians",
                "(one fork = one fresh JVM), so the spread between JVMs, not the samples inside one, decides.",
                "With --run, BASE and NEW are git refs ('.' is this checkout as built): both are built under .cache/compare/",
                "and benchmarked with the bench options below, their forks alternating so that load on the machine hits both alike.",
                "Scenario runs (no benchmarks): each metric with a 95% interval in both, and whether the difference is distinguishable.",
                "Exit code 1 when anything regressed, so a workstation's CI can gate on it."})
final class CompareCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "BASE", description = "baseline: run folder, result file, or a commit's folder of a result store (its runs pooled); with --run a git ref")
    String base;
    @Parameters(index = "1", paramLabel = "NEW", description = "new result, likewise") String next;
    @Option(names = "--run", description = "build the refs BASE and NEW and benchmark them, interleaved, before comparing") boolean run;
    @Option(names = "--factor", paramLabel = "F", description = "smallest ratio that counts (default: ${DEFAULT-VALUE})")
    double factor = Compare.DEFAULT_SIZE_FACTOR;
    @Option(names = "--alpha", paramLabel = "A", description = "significance level (default: ${DEFAULT-VALUE})")
    double alpha = Compare.DEFAULT_ALPHA;
    @Option(names = "--json", description = "JSON instead of a Markdown table") boolean json;
    @Option(names = "--out", paramLabel = "FOLDER", description = "with --run: where the two results go (default: ${DEFAULT-VALUE})", defaultValue = "runs")
    Path out;
    @Option(names = "--quiet", description = "no progress line") boolean quiet;
    @Mixin BenchOptions bench;

    @Override public Integer call() {
        if (!(factor > 1.0)) throw new IllegalArgumentException("--factor must be greater than 1, not " + factor);
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("--alpha must lie strictly between 0 and 1, not " + alpha);
        BenchmarkSet b, n;
        if (run) {
            Path[] dirs = runBoth();
            b = BenchmarkSet.read(dirs[0]);
            n = BenchmarkSet.read(dirs[1]);
        } else {
            // Scenario runs carry metrics with intervals and no benchmarks: compare those instead.
            MetricComparison metrics = scenarioRuns(Path.of(base), Path.of(next));
            if (metrics != null) {
                spec.commandLine().getOut().println(json ? metrics.toJson() : metrics.toMarkdown());
                return 0;
            }
            b = BenchmarkSet.read(Path.of(base));
            n = BenchmarkSet.read(Path.of(next));
        }
        Comparison c = Compare.compare(b, n, factor, alpha);
        spec.commandLine().getOut().println(json ? c.toJson() : c.toMarkdown());
        return c.exitCode();
    }

    /** The metric comparison when both paths are single run records with intervals and at least one has no benchmarks; else null. */
    private static MetricComparison scenarioRuns(Path base, Path next) {
        if (!isRecord(base) || !isRecord(next)) return null;
        RunRecord b = RunRecordStore.read(base), n = RunRecordStore.read(next);
        MetricComparison m = MetricComparison.compare(base.toString(), b, next.toString(), n);
        return !m.rows().isEmpty() && (b.benchmarks().isEmpty() || n.benchmarks().isEmpty()) ? m : null;
    }

    /** A result file, or a run folder holding one (a result store's commit folder pools several and is not one record). */
    private static boolean isRecord(Path p) {
        return java.nio.file.Files.isRegularFile(p) || java.nio.file.Files.isRegularFile(p.resolve(RunRecordStore.RESULT_FILE));
    }

    /** Builds both refs, runs their forks alternately, and writes each side's pooled result; returns the two run folders. */
    private Path[] runBoth() {
        BenchConfig c = bench.config();
        if (c.forks() < 1) throw new IllegalArgumentException("--run needs at least one fork per side, not " + c.forks());
        PrintWriter err = spec.commandLine().getErr();
        RefBuild baseBuild = RefBuild.prepare(Cli.home(), base, err::println);
        RefBuild nextBuild = RefBuild.prepare(Cli.home(), next, err::println);
        List<String> args = BenchOptions.arguments(c.withForks(0));
        err.printf("benchmarking %s against %s: %d forks each, alternating%n", nextBuild.label(), baseBuild.label(), c.forks());
        ProgressLine progress = ProgressLine.forTerminal(err, quiet);
        Forks.Sides sides;
        try {
            sides = Forks.interleave(baseBuild.fork(args, BenchOptions.TIMING_ONLY), nextBuild.fork(args, BenchOptions.TIMING_ONLY), c.forks(), progress);
        } finally {
            progress.done();
        }
        Path baseDir = BenchRunner.write(out, "bench-base", sides.base()).runDir();
        Path nextDir = BenchRunner.write(out, "bench-new", sides.next()).runDir();
        err.println("results: " + baseDir + " and " + nextDir);
        return new Path[] {baseDir, nextDir};
    }
}
