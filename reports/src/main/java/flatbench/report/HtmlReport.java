package flatbench.report;

import flatbench.record.AtomicFiles;
import flatbench.record.BenchmarkResult;
import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.record.MetricInfo;
import flatbench.record.PhaseTiming;
import flatbench.record.Provenance;
import flatbench.record.Reproduction;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordJson;
import flatbench.record.RunRecordStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * One self-contained HTML page per run: charts as inline PNG, inline CSS, no network. It reads
 * the metrics of the catalogue ({@link Metric}) when present and silently leaves out what a run did
 * not measure; every metric with an uncertainty is shown with its 95% interval and, where the
 * curvature data were a sample, its values on the two halves. Units, directions and meanings come
 * from the catalogue (the record's own metricInfo for anything the catalogue does not know).
 */
public final class HtmlReport {
    public static final String REPORT_FILE = "report.html";

    private HtmlReport() {}

    /** Reads {@code runDir/result.json} and writes {@code runDir/report.html} atomically; returns its path. */
    public static Path render(Path runDir) {
        RunRecord r = RunRecordStore.read(runDir);
        Path out = runDir.resolve(REPORT_FILE);
        AtomicFiles.write(out, html(r).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** The page for a record, as text. */
    public static String html(RunRecord r) {
        StringBuilder b = new StringBuilder();
        Provenance p = r.provenance();
        b.append("<h1>flatbench run ").append(Html.esc(r.runId())).append("</h1>\n");
        b.append("<p class=\"muted\">").append(Html.esc(p.createdAt())).append(" · ").append(Html.esc(p.engine()))
                .append(" · ").append(Html.esc(p.precision())).append(" · ").append(Html.esc(p.machine()))
                .append(" · commit ").append(Html.esc(shortCommit(p))).append("</p>\n");
        if (r.status().isFailed()) {
            b.append("<p class=\"warn\"><b>This run failed:</b> ").append(Html.esc(r.status().reason()))
                    .append(" What follows is what it measured before it stopped.</p>\n");
        }
        ReproductionReport.render(r, b);
        hessian(r, b);
        noise(r, b);
        alignment(r, b);
        intervals(r, b);
        scalarTables(r, b);
        timings(r, b);
        benchmarks(r, b);
        provenance(r, b);
        return Html.page("flatbench " + r.runId(), b.toString());
    }

    private static void hessian(RunRecord r, StringBuilder b) {
        Optional<double[]> top = r.metricArray(Metric.HESSIAN_TOP_EIGENVALUES.path());
        Optional<double[]> grid = r.metricArray(Metric.DENSITY_GRID.path());
        Optional<double[]> dens = r.metricArray(Metric.DENSITY_DENSITY.path());
        Optional<Estimate> trace = r.metricEstimate(Metric.HESSIAN_TRACE.path()).filter(e -> e.scalar());
        if (top.isEmpty() && grid.isEmpty() && trace.isEmpty()) return;
        b.append("<h2>Hessian</h2>\n");
        r.metric(Metric.CURVATURE_DATA_USED.path()).ifPresent(used -> b.append("<p>Measured on ")
                .append(Html.esc(curvatureData(String.valueOf(used))))
                .append(r.metricNumber(Metric.CURVATURE_DATA_SAMPLES.path()).stream().mapToObj(n -> " (" + (long) n + " samples)").findFirst().orElse(""))
                .append(".</p>\n"));
        trace.ifPresent(t -> b.append("<p>Trace (Hutchinson estimate, 95% interval over the probes): <b>").append(Html.esc(t.toText())).append("</b></p>\n"));
        b.append("<div class=\"charts\">\n");
        top.filter(v -> v.length > 0).ifPresent(v -> chart(b, "Hessian top eigenvalues",
                () -> Charts.spectrum("Hessian top-" + v.length + " eigenvalues", "λ_k", v),
                "Top " + v.length + " eigenvalues λ_k of the Hessian (Lanczos), largest first."));
        if (grid.isPresent() && dens.isPresent() && grid.get().length == dens.get().length && grid.get().length > 1) {
            String sigma = r.metricNumber(Metric.DENSITY_SIGMA.path()).stream().mapToObj(s -> " Gaussian broadening σ = " + Html.num(s) + ".").findFirst().orElse("");
            chart(b, "Hessian spectral density",
                    () -> Charts.curve("Hessian spectral density", "eigenvalue", "density", grid.get(), dens.get(), true),
                    "Stochastic Lanczos quadrature estimate of the eigenvalue density, log scale." + Html.esc(sigma));
        }
        b.append("</div>\n");
    }

    private static void noise(RunRecord r, StringBuilder b) {
        Optional<double[]> gram = r.metricArray(Metric.NOISE_GRAM_EIGENVALUES.path()).filter(v -> v.length > 0);
        if (gram.isEmpty()) return;
        b.append("<h2>Gradient noise</h2>\n<div class=\"charts\">\n");
        chart(b, "Noise Gram spectrum", () -> Charts.spectrum("Per-sample gradient noise: Gram spectrum", "eigenvalue", gram.get()),
                "Eigenvalues of the Gram matrix K̃ = G̃G̃ᵀ of the n centred per-sample gradients"
                        + r.metricNumber(Metric.NOISE_SAMPLES.path()).stream().mapToObj(n -> " (n = " + (long) n + ")").findFirst().orElse("")
                        + ": n times the nonzero eigenvalues of the noise covariance C.");
        b.append("</div>\n");
    }

    private static void alignment(RunRecord r, StringBuilder b) {
        Optional<Estimate> sigma2 = r.metricEstimate(Metric.ALIGNMENT_SIGMA2.path());
        Optional<double[]> lambda = r.metricArray(Metric.ALIGNMENT_LAMBDA.path());
        if (sigma2.isEmpty() || lambda.isEmpty()) return;
        Optional<Estimate> slopeEstimate = r.metricEstimate(Metric.ALIGNMENT_SLOPE.path()).filter(Estimate::scalar);
        OptionalDouble slope = r.metricNumber(Metric.ALIGNMENT_SLOPE.path());
        OptionalDouble intercept = r.metricNumber(Metric.ALIGNMENT_INTERCEPT.path());
        OptionalDouble r2 = r.metricNumber(Metric.ALIGNMENT_R2.path());
        double[] s2 = sigma2.get().value();
        int n = Math.min(lambda.get().length, s2.length);
        List<double[]> pos = positivePairs(lambda.get(), s2, n);
        if (pos.get(0).length == 0) return;
        double[][] bars = sigma2.get().hasInterval() && pos.get(0).length == s2.length
                ? new double[][] {sigma2.get().lower(), sigma2.get().upper()} : new double[][] {null, null};
        b.append("<h2>Noise against curvature</h2>\n<div class=\"charts\">\n");
        chart(b, "sigma2 against lambda", () -> Charts.logLog("σ²_k against λ_k", "λ_k (Hessian eigenvalue)",
                        "σ²_k (noise variance along v_k)", pos.get(0), pos.get(1), bars[0], bars[1], slope, intercept),
                "Noise variance along each Hessian eigenvector against its eigenvalue, log–log, over " + pos.get(0).length
                        + " positive pairs" + (bars[0] != null ? " with 95% bootstrap intervals" : "") + (slope.isPresent()
                        ? "; the run's least-squares fit has slope " + Html.esc(slopeEstimate.map(Estimate::toText).orElse(Html.num(slope.getAsDouble())))
                                + (r2.isPresent() ? ", R² " + Html.num(r2.getAsDouble()) : "") + "."
                        : "; the run recorded no fit."));
        b.append("</div>\n");
    }

    /** The headline table: every metric with an uncertainty, its 95% interval and split halves. */
    private static void intervals(RunRecord r, StringBuilder b) {
        List<List<String>> rows = new ArrayList<>();
        for (Metric m : Metric.values()) {
            if (!m.uncertainty().isObject()) continue;
            Optional<Estimate> e = r.metricEstimate(m.path());
            if (e.isEmpty() || !e.get().scalar()) continue;
            Estimate x = e.get();
            rows.add(List.of("<span title=\"" + Html.esc(m.definition()) + "\">" + Html.esc(m.path()) + "</span>", Html.num(x.number()),
                    x.hasInterval() ? "[" + Html.num(x.lower(0)) + ", " + Html.num(x.upper(0)) + "]" : "",
                    x.hasHalves() ? Html.num(x.halves()[0][0]) + " / " + Html.num(x.halves()[1][0]) : "",
                    Html.esc(m.unit()), Html.esc(m.uncertainty().description())));
        }
        if (rows.isEmpty()) return;
        b.append("<h2>Estimates with their uncertainty</h2>\n");
        b.append(Html.table(List.of("metric", "value", "95% interval", "split halves", "unit", "interval from"), rows));
        r.metric(Metric.SPLIT_HALF_SUFFICIENT.path()).ifPresent(ok -> {
            Object moved = r.metric(Metric.SPLIT_HALF_MOVED.path()).orElse(List.of());
            b.append("<p>").append(Boolean.TRUE.equals(ok)
                    ? "Split-half check: no metric moved between the two halves of the curvature data by more than the width of its interval; the curvature data suffice."
                    : "<b>Split-half check:</b> " + Html.esc(movedText(moved))
                    + " moved between the two halves of the curvature data by more than the width of the interval; more curvature data (--curvature-data train) would change them.")
                    .append("</p>\n");
        });
    }

    private static String movedText(Object moved) {
        if (moved instanceof List<?> l) return String.join(", ", l.stream().map(String::valueOf).toList());
        return String.valueOf(moved);
    }

    private static String curvatureData(String used) {
        return switch (used) {
            case "train" -> "the whole training set";
            case "noise" -> "the noise batch";
            default -> used + " training samples";
        };
    }

    private static List<double[]> positivePairs(double[] x, double[] y, int n) {
        double[] px = new double[n], py = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                px[k] = x[i];
                py[k++] = y[i];
            }
        }
        return List.of(java.util.Arrays.copyOf(px, k), java.util.Arrays.copyOf(py, k));
    }

    /** One table per metric group (alignment, noise, training first) with its scalars and short arrays. */
    private static void scalarTables(RunRecord r, StringBuilder b) {
        List<String> groups = new ArrayList<>(List.of("alignment", "noise", "training", "hessian"));
        // the reproduction table has its own section (ReproductionReport)
        r.metrics().keySet().stream().filter(k -> !groups.contains(k) && !k.equals(Reproduction.GROUP)).forEach(groups::add);
        StringBuilder all = new StringBuilder();
        for (String g : groups) {
            Object node = r.metrics().get(g);
            List<List<String>> rows = new ArrayList<>();
            if (node instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) node;
                collectScalars(m, g, r.metricInfo(), rows);
            } else if (node != null && !(node instanceof double[]) && !(node instanceof List<?>)) {
                rows.add(row(g, node, r.metricInfo()));
            }
            if (rows.isEmpty()) continue;
            all.append("<h3>").append(Html.esc(g)).append("</h3>\n").append(Html.table(List.of("metric", "value", "unit"), rows));
        }
        if (!all.isEmpty()) b.append("<h2>Metrics</h2>\n").append(all);
    }

    private static void collectScalars(Map<String, Object> m, String prefix, Map<String, MetricInfo> info, List<List<String>> rows) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String path = prefix + "." + e.getKey();
            Object v = e.getValue();
            Optional<Estimate> estimate = v instanceof Map<?, ?> map && map.containsKey(Estimate.VALUE) ? Estimate.from(v) : Optional.empty();
            if (estimate.isPresent()) {
                if (estimate.get().scalar()) rows.add(row(path, estimate.get().toText(), info));
            } else if (v instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked") Map<String, Object> sub = (Map<String, Object>) v;
                collectScalars(sub, path, info, rows);
            } else if (v instanceof Number || v instanceof String || v instanceof Boolean) {
                rows.add(row(path, v, info));
            }
        }
    }

    private static List<String> row(String path, Object v, Map<String, MetricInfo> info) {
        String value = v instanceof Number num ? Html.num(num.doubleValue()) : Html.esc(String.valueOf(v));
        MetricInfo mi = Metric.byPath(path).map(Metric::info).orElse(info.get(path));
        String unit = mi == null ? "" : Html.esc(mi.unit() + switch (mi.better()) {
            case HIGHER -> " (higher is better)";
            case LOWER -> " (lower is better)";
            case NEITHER -> "";
        });
        String name = Metric.byPath(path).map(m -> "<span title=\"" + Html.esc(m.definition()) + "\">" + Html.esc(path) + "</span>")
                .orElse(Html.esc(path));
        return List.of(name, value, unit.strip());
    }

    private static void timings(RunRecord r, StringBuilder b) {
        if (r.timings().isEmpty()) return;
        b.append("<h2>Time per phase</h2>\n");
        List<List<String>> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Double> totals = new ArrayList<>();
        double grand = r.timings().values().stream().mapToDouble(PhaseTiming::totalSeconds).sum();
        r.timings().forEach((phase, t) -> {
            rows.add(List.of(Html.esc(phase), Html.num(t.count()), Html.num(t.totalSeconds()), Html.num(t.meanSeconds()),
                    Html.num(BenchmarkResult.median(t.samplesSeconds())), Html.num(t.maxSeconds()),
                    grand > 0 ? String.format(java.util.Locale.ROOT, "%.1f%%", 100 * t.totalSeconds() / grand) : ""));
            names.add(phase);
            totals.add(t.totalSeconds());
        });
        b.append(Html.table(List.of("phase", "count", "total s", "mean s", "median s", "max s", "share"), rows));
        chart(b, "Time per phase", () -> Charts.bars("Total wall time per phase", "seconds", names, totals), "Total wall time per phase.");
    }

    private static void benchmarks(RunRecord r, StringBuilder b) {
        if (r.benchmarks().isEmpty()) return;
        b.append("<h2>Benchmarks</h2>\n");
        List<List<String>> rows = new ArrayList<>();
        for (BenchmarkResult x : r.benchmarks()) {
            rows.add(List.of(Html.esc(x.name()), Html.esc(x.version()), Html.num(x.forks().size()), Html.num(x.samples().length), Html.num(x.median()),
                    Html.esc(x.unit()), Html.esc(x.better().toString().toLowerCase(java.util.Locale.ROOT)),
                    Html.esc(x.machine()), Html.esc(x.precision())));
        }
        b.append(Html.table(List.of("benchmark", "version", "forks", "samples", "median", "unit", "better", "machine", "precision"), rows));
    }

    private static void provenance(RunRecord r, StringBuilder b) {
        Provenance p = r.provenance();
        b.append("<h2>Provenance</h2>\n");
        List<List<String>> rows = new ArrayList<>();
        add(rows, "git commit", p.gitCommit() + (Boolean.TRUE.equals(p.gitDirty()) ? " (dirty: uncommitted changes)" : p.gitDirty() == null ? " (state unknown)" : ""));
        add(rows, "seed", Long.toString(p.seed()));
        add(rows, "engine", p.engine());
        add(rows, "precision", p.precision());
        add(rows, "machine", p.machine());
        add(rows, "JVM", p.jvm());
        add(rows, "OS", p.os());
        add(rows, "CPU", p.cpu());
        if (p.gpu() != null) add(rows, "GPU", p.gpu().name() + ", driver " + p.gpu().driver() + ", CUDA " + p.gpu().cudaVersion());
        if (p.dataset() != null) add(rows, "data set", p.dataset().name() + " (checksum " + p.dataset().checksum() + ")");
        add(rows, "sampling", p.sampling());
        add(rows, "benchmark version", p.benchmarkVersion());
        p.kernelHashes().forEach((k, v) -> add(rows, "kernel " + k, v));
        add(rows, "schema version", Integer.toString(r.schemaVersion()));
        if (!r.arrays().isEmpty()) add(rows, "arrays", String.join(", ", r.arrays()));
        b.append(Html.table(List.of("field", "value"), rows));
        if (!r.config().isEmpty()) {
            b.append("<h3>Configuration</h3>\n<pre>").append(Html.esc(configJson(r.config()))).append("</pre>\n");
        }
    }

    private static String configJson(Map<String, Object> config) {
        try {
            return RunRecordJson.mapper().writeValueAsString(config);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(config);
        }
    }

    private static void add(List<List<String>> rows, String k, String v) { rows.add(List.of(Html.esc(k), Html.esc(v))); }

    private static String shortCommit(Provenance p) {
        String c = p.gitCommit();
        return (c.length() > 12 ? c.substring(0, 12) : c) + (Boolean.TRUE.equals(p.gitDirty()) ? "+dirty" : "");
    }

    /** A chart that cannot be drawn (e.g. a JVM without fonts) becomes a note; the rest of the page still renders. */
    static void chart(StringBuilder b, String alt, Supplier<byte[]> png, String caption) {
        try {
            b.append(Html.figure(png.get(), alt, caption));
        } catch (RuntimeException | LinkageError | java.awt.AWTError e) {
            b.append("<p class=\"warn\">Chart '").append(Html.esc(alt)).append("' could not be drawn: ")
                    .append(Html.esc(String.valueOf(e.getMessage()))).append("</p>\n");
        }
    }

}
