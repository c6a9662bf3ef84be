package flatbench.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import flatbench.record.AtomicFiles;
import flatbench.record.MetricInfo;

/**
 * The page of a merged sweep: what is done, missing and failed, and each metric plotted against
 * each numeric axis of the grid, one line per combination of the other axes. Over the replicate
 * axis (the seed) a point is the mean and its error bar the standard error of the mean, so a
 * difference between points can be read against its uncertainty.
 */
public final class SweepReport {
    public static final String REPORT_FILE = "report.html";
    /** Timings vary with the machine's load; they stay in the table but are not plotted. */
    private static final Set<String> UNPLOTTED_UNITS = Set.of("s", "1/s");
    private static final int MAX_PLOTTED_AXES = 2;

    private SweepReport() {}

    public static Path render(SweepTable t, Path file) {
        AtomicFiles.write(file, html(t).getBytes(StandardCharsets.UTF_8));
        return file;
    }

    public static String html(SweepTable t) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>flatbench sweep ").append(Html.esc(t.name())).append("</h1>\n");
        Map<String, Integer> counts = new TreeMap<>();
        t.rows().forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((s, n) -> parts.add(n + " " + s));
        b.append("<p>").append(t.rows().size()).append(" runs: ").append(Html.esc(String.join(", ", parts)))
                .append(". Axes: ").append(Html.esc(t.axes().isEmpty() ? "none" : String.join(" × ", t.axes())))
                .append(t.replicate() != null && t.axes().contains(t.replicate())
                        ? " (points are means over " + Html.esc(t.replicate()) + ", error bars one standard error)" : "")
                .append(".</p>\n");
        unfinished(t, b);
        charts(t, b);
        doneTable(t, b);
        return Html.page("flatbench sweep " + t.name(), b.toString());
    }

    private static void unfinished(SweepTable t, StringBuilder b) {
        List<List<String>> rows = new ArrayList<>();
        for (SweepTable.Row r : t.rows()) {
            if (r.done()) continue;
            List<String> row = new ArrayList<>(List.of(Html.esc(r.id()), Html.esc(r.status())));
            for (String a : t.axes()) row.add(Html.esc(r.settings().getOrDefault(a, "")));
            row.add(Html.esc(r.note()));
            rows.add(row);
        }
        if (rows.isEmpty()) return;
        List<String> header = new ArrayList<>(List.of("run", "status"));
        header.addAll(t.axes());
        header.add("note");
        b.append("<h2>Not done (diverged, failed, running or missing)</h2>\n").append(Html.table(header, rows));
    }

    private static void charts(SweepTable t, StringBuilder b) {
        List<SweepTable.Row> done = t.rows().stream().filter(SweepTable.Row::done).toList();
        if (done.isEmpty()) return;
        List<String> conditions = t.axes().stream().filter(a -> !a.equals(t.replicate())).toList();
        List<String> numeric = conditions.stream().filter(a -> done.stream().allMatch(r -> number(r.settings().get(a)) != null))
                .limit(MAX_PLOTTED_AXES).toList();
        StringBuilder charts = new StringBuilder();
        for (String metric : plotted(t, done)) {
            MetricInfo info = t.metricInfo().get(metric);
            String yTitle = metric + (info == null || info.unit().isEmpty() ? "" : " (" + info.unit() + ")");
            if (numeric.isEmpty()) {
                Map<String, List<Double>> groups = new TreeMap<>();
                for (SweepTable.Row r : done) {
                    Double y = number(r.metrics().get(metric));
                    if (y != null) groups.computeIfAbsent(label(r, conditions), k -> new ArrayList<>()).add(y);
                }
                List<String> names = new ArrayList<>(groups.keySet());
                List<Double> means = names.stream().map(n -> mean(groups.get(n))).toList();
                HtmlReport.chart(charts, metric, () -> Charts.bars(metric, yTitle, names, means),
                        Html.esc(metric) + ": mean per condition" + replicateNote(t));
                continue;
            }
            for (String x : numeric) {
                List<String> others = conditions.stream().filter(a -> !a.equals(x)).toList();
                Map<String, TreeMap<Double, List<Double>>> series = new TreeMap<>();
                for (SweepTable.Row r : done) {
                    Double y = number(r.metrics().get(metric));
                    if (y == null) continue;
                    series.computeIfAbsent(others.isEmpty() ? metric : label(r, others), k -> new TreeMap<>())
                            .computeIfAbsent(number(r.settings().get(x)), k -> new ArrayList<>()).add(y);
                }
                if (series.isEmpty()) continue;
                Map<String, double[][]> lines = new LinkedHashMap<>();
                series.forEach((name, points) -> {
                    double[] xs = new double[points.size()], ys = new double[points.size()], es = new double[points.size()];
                    int i = 0;
                    for (Map.Entry<Double, List<Double>> p : points.entrySet()) {
                        xs[i] = p.getKey();
                        ys[i] = mean(p.getValue());
                        es[i++] = standardError(p.getValue());
                    }
                    lines.put(name, new double[][]{xs, ys, es});
                });
                HtmlReport.chart(charts, metric + " against " + x, () -> Charts.lines(metric + " against " + x, x, yTitle, lines),
                        Html.esc(metric) + " against " + Html.esc(x) + (others.isEmpty() ? "" : ", one line per " + Html.esc(String.join(", ", others)))
                                + replicateNote(t));
            }
        }
        if (!charts.isEmpty()) b.append("<h2>Metrics across the grid</h2>\n<div class=\"charts\">\n").append(charts).append("</div>\n");
    }

    private static String replicateNote(SweepTable t) {
        return t.replicate() != null && t.axes().contains(t.replicate())
                ? "; mean over " + Html.esc(t.replicate()) + " ± one standard error (none drawn for a single " + Html.esc(t.replicate()) + ")."
                : ".";
    }

    /** Metrics with a recorded unit (not a timing) and a number in at least one finished run. */
    private static List<String> plotted(SweepTable t, List<SweepTable.Row> done) {
        List<String> out = new ArrayList<>();
        for (String m : t.metrics()) {
            MetricInfo info = t.metricInfo().get(m);
            if (info == null || UNPLOTTED_UNITS.contains(info.unit())) continue;
            if (done.stream().anyMatch(r -> number(r.metrics().get(m)) != null)) out.add(m);
        }
        return out;
    }

    private static void doneTable(SweepTable t, StringBuilder b) {
        List<SweepTable.Row> done = t.rows().stream().filter(SweepTable.Row::done).toList();
        if (done.isEmpty()) return;
        List<String> shown = plotted(t, done);
        List<String> header = new ArrayList<>(List.of("run"));
        header.addAll(t.axes());
        header.addAll(shown);
        List<List<String>> rows = new ArrayList<>();
        for (SweepTable.Row r : done) {
            List<String> row = new ArrayList<>(List.of(Html.esc(r.id())));
            for (String a : t.axes()) row.add(Html.esc(r.settings().getOrDefault(a, "")));
            for (String m : shown) {
                Object v = r.metrics().get(m);
                row.add(v instanceof Number n ? Html.num(n.doubleValue()) : v == null ? "" : Html.esc(v.toString()));
            }
            rows.add(row);
        }
        b.append("<h2>Finished runs</h2>\n").append(Html.table(header, rows))
                .append("<p class=\"muted\">Every setting and scalar metric of every run is in the CSV beside this page.</p>\n");
    }

    private static String label(SweepTable.Row r, List<String> axes) {
        List<String> parts = new ArrayList<>();
        for (String a : axes) parts.add(a + "=" + r.settings().getOrDefault(a, "-"));
        return parts.isEmpty() ? "all" : String.join(", ", parts);
    }

    private static Double number(Object v) {
        if (v instanceof Number n) return Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
        if (v instanceof String s && !s.isBlank()) {
            try {
                double d = Double.parseDouble(s);
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** s/√n with the n−1 sample variance; 0 for a single value (no error bar). */
    static double standardError(List<Double> v) {
        int n = v.size();
        if (n < 2) return 0;
        double m = mean(v), ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return Math.sqrt(ss / (n - 1) / n);
    }
}
