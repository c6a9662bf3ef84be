package flatbench.report;

import flatbench.compare.ResultStore;
import flatbench.record.AtomicFiles;
import flatbench.record.BenchmarkResult;
import flatbench.record.Provenance;
import flatbench.record.RecordException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A trend page: the median of each benchmark over the stored runs, oldest first, one line per
 * machine, precision and benchmark version (a new version starts a new line, since old and new
 * values measure different things).
 */
public final class History {
    public static final String HISTORY_FILE = "history.html";

    private History() {}

    /** Scans {@code dir} (see {@link ResultStore#scan}) and writes {@code dir/history.html} atomically; returns its path. */
    public static Path render(Path dir) {
        ResultStore.Scan scan = ResultStore.scan(dir);
        if (scan.entries().isEmpty()) {
            throw new RecordException(dir + " holds no readable run record" + (scan.skipped().isEmpty() ? ""
                    : " (" + scan.skipped().size() + " JSON files could not be read, e.g. " + scan.skipped().get(0).reason() + ")")
                    + "; pass a result store or runs directory.");
        }
        Path out = dir.resolve(HISTORY_FILE);
        AtomicFiles.write(out, html(dir, scan).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    static String html(Path dir, ResultStore.Scan scan) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>flatbench history</h1>\n<p class=\"muted\">").append(Html.esc(dir.toString())).append(" · ")
                .append(scan.entries().size()).append(" runs</p>\n");
        List<ResultStore.Entry> runs = scan.entries();
        List<List<String>> runRows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Provenance p = runs.get(i).record().provenance();
            runRows.add(List.of(Integer.toString(i), Html.esc(shortCommit(p)), Html.esc(p.createdAt()), Html.esc(p.machine()),
                    Html.esc(p.engine()), Html.esc(p.precision()), Html.esc(dir.relativize(runs.get(i).file()).toString())));
        }
        TreeSet<String> names = new TreeSet<>();
        runs.forEach(e -> e.record().benchmarks().forEach(x -> names.add(x.name())));
        for (String name : names) {
            Map<String, List<double[]>> lines = new TreeMap<>();
            List<List<String>> rows = new ArrayList<>();
            String unit = "";
            for (int i = 0; i < runs.size(); i++) {
                for (BenchmarkResult x : runs.get(i).record().benchmarks()) {
                    if (!x.name().equals(name)) continue;
                    unit = x.unit();
                    String key = x.machine() + " · " + x.precision() + " · v" + abbreviate(x.version());
                    if (Double.isFinite(x.median())) lines.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[]{i, x.median()});
                    rows.add(List.of(Integer.toString(i), Html.esc(shortCommit(runs.get(i).record().provenance())), Html.esc(key),
                            Html.num(x.median()), x.forks().size() + " × " + x.samples().length / Math.max(1, x.forks().size())));
                }
            }
            b.append("<h2>").append(Html.esc(name)).append("</h2>\n");
            Map<String, double[][]> series = new LinkedHashMap<>();
            lines.forEach((k, pts) -> series.put(k, new double[][]{
                    pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray()}));
            String yTitle = unit.isEmpty() ? "median" : "median (" + unit + ")";
            if (!series.isEmpty()) {
                HtmlReport.chart(b, name, () -> Charts.trend(name, "run (oldest first, see table below)", yTitle, series),
                        "Median of " + Html.esc(name) + " per run; one line per machine, precision and benchmark version.");
            }
            b.append(Html.table(List.of("run", "commit", "machine · precision · version", "median", "forks × samples"), rows));
        }
        b.append("<h2>Runs</h2>\n").append(Html.table(List.of("run", "commit", "created", "machine", "engine", "precision", "file"), runRows));
        if (!scan.skipped().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            scan.skipped().forEach(s -> rows.add(List.of(Html.esc(dir.relativize(s.file()).toString()), Html.esc(s.reason()))));
            b.append("<h2>Skipped files</h2>\n").append(Html.table(List.of("file", "why"), rows));
        }
        return Html.page("flatbench history", b.toString());
    }

    private static String shortCommit(Provenance p) {
        String c = p.gitCommit();
        return (c.length() > 10 ? c.substring(0, 10) : c) + (Boolean.TRUE.equals(p.gitDirty()) ? "+dirty" : "");
    }

    private static String abbreviate(String version) { return version.length() > 8 ? version.substring(0, 8) : version; }
}
