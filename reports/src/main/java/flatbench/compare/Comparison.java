package flatbench.compare;

import flatbench.record.RunRecordJson;

import java.util.List;
import java.util.Locale;

/**
 * The result of {@link Compare#compare}: one row per benchmark name and a geometric-mean summary
 * of the ratios (new / base medians) of the comparable rows.
 */
public record Comparison(String baseLabel, String nextLabel, String baseMachine, String nextMachine,
                         String baseCommit, String nextCommit, double sizeFactor, double alpha,
                         List<BenchmarkComparison> rows, double geometricMeanRatio) {
    public Comparison {
        rows = List.copyOf(rows);
    }

    public boolean anyRegressed() { return count(Verdict.REGRESSED) > 0; }

    /** Process exit status for the CLI: 1 when any benchmark regressed, else 0. */
    public int exitCode() { return anyRegressed() ? 1 : 0; }

    public long count(Verdict v) { return rows.stream().filter(r -> r.verdict() == v).count(); }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("## flatbench compare\n\n");
        sb.append("base: `").append(baseLabel).append("` (").append(baseMachine).append(" @ ").append(shortCommit(baseCommit)).append(")  \n");
        sb.append("new: `").append(nextLabel).append("` (").append(nextMachine).append(" @ ").append(shortCommit(nextCommit)).append(")\n\n");
        sb.append("| benchmark | unit | base median | new median | ratio | ").append(level()).append(" interval | p | forks | fork spread | verdict | why |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (BenchmarkComparison r : rows) {
            sb.append("| ").append(cell(r.name())).append(" | ").append(cell(r.unit())).append(" | ")
                    .append(num(r.baseMedian())).append(" | ").append(num(r.nextMedian())).append(" | ")
                    .append(ratio(r.ratio())).append(" | ")
                    .append(Double.isNaN(r.ratioLow()) ? "–" : ratio(r.ratioLow()) + "–" + ratio(r.ratioHigh())).append(" | ")
                    .append(Double.isNaN(r.pValue()) ? "–" : String.format(Locale.ROOT, "%.3g", r.pValue()))
                    .append(" | ").append(r.baseForks()).append("/").append(r.nextForks()).append(r.paired() ? " paired" : "")
                    .append(" | ").append(spread(r.baseSpread())).append("/").append(spread(r.nextSpread()))
                    .append(" | ").append(r.verdict() == Verdict.REGRESSED || r.verdict() == Verdict.IMPROVED
                            ? "**" + r.verdict() + "**" : r.verdict().toString())
                    .append(" | ").append(cell(r.reason())).append(" |\n");
        }
        sb.append("| **geometric mean** | | | | **").append(ratio(geometricMeanRatio)).append("** | | | | | | ")
                .append(rows.size() - count(Verdict.INCOMPARABLE)).append(" comparable |\n\n");
        sb.append(String.format(Locale.ROOT,
                "Ratio = new / base of the geometric means of the per-fork medians (one fork = one fresh JVM). "
                        + "A verdict needs the ratio beyond ×%.2f (or ÷%.2f) AND a p-value below %.3g in a t-test on the "
                        + "logarithms of the fork medians (paired by round where the forks were interleaved, Welch's otherwise), "
                        + "so the spread between JVMs, not the samples within one, decides; p is Holm-adjusted over the "
                        + "benchmarks compared, so that alpha bounds the chance of any false verdict in the table; "
                        + "the interval is the ratio's %s confidence interval from the same test. Fork spread = standard "
                        + "deviation of the log fork medians (≈ relative spread between JVMs), base/new. "
                        + "%d regressed, %d improved, %d unchanged, %d inconclusive, %d incomparable.%n",
                sizeFactor, sizeFactor, alpha, level(), count(Verdict.REGRESSED), count(Verdict.IMPROVED), count(Verdict.UNCHANGED),
                count(Verdict.INCONCLUSIVE), count(Verdict.INCOMPARABLE)));
        return sb.toString();
    }

    /** Pretty JSON of this record (NaN written as the string "NaN"). */
    public String toJson() { return RunRecordJson.pretty(this, "the comparison"); }

    private String level() { return String.format(Locale.ROOT, "%.3g%%", 100 * (1 - alpha)); }

    private static String spread(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "±%.1f%%", 100 * v); }

    private static String shortCommit(String c) { return c.length() > 12 ? c.substring(0, 12) : c; }

    private static String cell(String s) { return s.replace("|", "\\|").replace("\n", " "); }

    private static String num(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4g", v); }

    private static String ratio(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v); }
}
