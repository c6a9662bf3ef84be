package flatbench.compare;

import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Two runs' measured metrics side by side, using their 95% intervals: a difference counts as
 * distinguishable when |new − base| exceeds 1.96·√(s₁² + s₂²), each s read off its interval as
 * (hi − lo)/3.92 (a normal approximation of two independent estimates). Only scalar metrics of
 * the catalogue with an interval in both runs get a verdict; measured properties have no better
 * direction, so this never fails a build.
 *
 * @param rows one per catalogued metric with an interval in both runs
 */
public record MetricComparison(String baseLabel, String nextLabel, String baseDefinition, String nextDefinition, List<Row> rows) {
    private static final double Z95 = 1.959963984540054;

    public enum Verdict { DIFFERENT, INDISTINGUISHABLE }

    /**
     * @param difference new − base
     * @param halfWidth  1.96·√(s₁² + s₂²): a larger |difference| is distinguishable
     */
    public record Row(String metric, String unit, double base, double baseLower, double baseUpper, double next, double nextLower,
                      double nextUpper, double difference, double halfWidth, Verdict verdict) {}

    public MetricComparison {
        rows = List.copyOf(rows);
    }

    public static MetricComparison compare(String baseLabel, RunRecord base, String nextLabel, RunRecord next) {
        List<Row> rows = new ArrayList<>();
        for (Metric m : Metric.values()) {
            Optional<Estimate> b = base.metricEstimate(m.path()).filter(e -> e.scalar() && e.hasInterval());
            Optional<Estimate> n = next.metricEstimate(m.path()).filter(e -> e.scalar() && e.hasInterval());
            if (b.isEmpty() || n.isEmpty()) continue;
            Estimate x = b.get(), y = n.get();
            double sb = (x.upper(0) - x.lower(0)) / (2 * Z95), sn = (y.upper(0) - y.lower(0)) / (2 * Z95);
            double diff = y.number() - x.number(), half = Z95 * Math.sqrt(sb * sb + sn * sn);
            // An unbounded interval (e.g. a noise scale whose signal a resample did not resolve) distinguishes nothing.
            Verdict v = Double.isFinite(half) && Math.abs(diff) > half ? Verdict.DIFFERENT : Verdict.INDISTINGUISHABLE;
            rows.add(new Row(m.path(), m.unit(), x.number(), x.lower(0), x.upper(0), y.number(), y.lower(0), y.upper(0), diff, half, v));
        }
        return new MetricComparison(baseLabel, nextLabel, base.provenance().benchmarkVersion(), next.provenance().benchmarkVersion(), rows);
    }

    public long count(Verdict v) { return rows.stream().filter(r -> r.verdict() == v).count(); }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("## flatbench compare: metrics with 95% intervals\n\n");
        sb.append("base: `").append(baseLabel).append("` (definition ").append(baseDefinition).append(")  \n");
        sb.append("new: `").append(nextLabel).append("` (definition ").append(nextDefinition).append(")")
                .append(baseDefinition != null && baseDefinition.equals(nextDefinition) ? "" : ": the runs were configured differently")
                .append("\n\n");
        sb.append("| metric | unit | base [95%] | new [95%] | new − base | ± 1.96·√(s₁²+s₂²) | verdict |\n");
        sb.append("|---|---|---|---|---:|---:|---|\n");
        for (Row r : rows) {
            sb.append("| `").append(r.metric()).append("` | ").append(r.unit()).append(" | ")
                    .append(num(r.base())).append(" [").append(num(r.baseLower())).append(", ").append(num(r.baseUpper())).append("] | ")
                    .append(num(r.next())).append(" [").append(num(r.nextLower())).append(", ").append(num(r.nextUpper())).append("] | ")
                    .append(num(r.difference())).append(" | ").append(num(r.halfWidth())).append(" | ")
                    .append(r.verdict() == Verdict.DIFFERENT ? "**DIFFERENT**" : "indistinguishable").append(" |\n");
        }
        sb.append(String.format(Locale.ROOT, "%n%d distinguishable, %d not. Each run's interval is its own 95%% bootstrap (or fit) interval; "
                + "a difference counts when it exceeds 1.96·√(s₁² + s₂²) with s = interval width / 3.92.%n",
                count(Verdict.DIFFERENT), count(Verdict.INDISTINGUISHABLE)));
        return sb.toString();
    }

    public String toJson() { return RunRecordJson.pretty(this, "the comparison"); }

    private static String num(double v) {
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4g", v);
    }
}
