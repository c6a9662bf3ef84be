package flatbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import flatbench.compare.BenchmarkSet;
import flatbench.compare.Compare;
import flatbench.compare.Comparison;
import flatbench.compare.MetricComparison;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares the benchmarks of two results: ratio of medians and a verdict per benchmark.",
                "A change counts only if it is both larger than the factor and significant (Mann–Whitney U on the raw samples).",
                "Scenario runs (no benchmarks): each metric with a 95% interval in both, and whether the difference is distinguishable.",
                "Exit code 1 when anything regressed, so a workstation's CI can gate on it."})
final class CompareCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "BASE", description = "baseline result (run folder or .json)") Path base;
    @Parameters(index = "1", paramLabel = "NEW", description = "new result (run folder or .json)") Path next;
    @Option(names = "--factor", paramLabel = "F", description = "smallest ratio of medians that counts (default: ${DEFAULT-VALUE})")
    double factor = Compare.DEFAULT_SIZE_FACTOR;
    @Option(names = "--alpha", paramLabel = "A", description = "significance level (default: ${DEFAULT-VALUE})")
    double alpha = Compare.DEFAULT_ALPHA;
    @Option(names = "--json", description = "JSON instead of a Markdown table") boolean json;

    @Override public Integer call() {
        if (!(factor > 1.0)) throw new IllegalArgumentException("--factor must be greater than 1, not " + factor);
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("--alpha must lie strictly between 0 and 1, not " + alpha);
        RunRecord b = RunRecordStore.read(base), n = RunRecordStore.read(next);
        // Scenario runs carry metrics with intervals and no benchmarks: compare those instead.
        MetricComparison metrics = MetricComparison.compare(base.toString(), b, next.toString(), n);
        if (!metrics.rows().isEmpty() && (b.benchmarks().isEmpty() || n.benchmarks().isEmpty())) {
            spec.commandLine().getOut().println(json ? metrics.toJson() : metrics.toMarkdown());
            return 0;
        }
        Comparison c = Compare.compare(BenchmarkSet.read(base), BenchmarkSet.read(next), factor, alpha);
        spec.commandLine().getOut().println(json ? c.toJson() : c.toMarkdown());
        if (!metrics.rows().isEmpty() && !json) spec.commandLine().getOut().println(metrics.toMarkdown());
        return c.exitCode();
    }
}
