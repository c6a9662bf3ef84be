package flatbench.report;

import flatbench.record.AtomicFiles;
import flatbench.record.BenchmarkResult;
import flatbench.record.MetricInfo;
import flatbench.record.PhaseTiming;
import flatbench.record.Provenance;
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
 * these metrics when present and silently leaves out what a run did not measure:
 * {@code hessian.topEigenvalues}, {@code hessian.trace}, {@code hessian.density.{grid,density,sigma}},
 * {@code noise.gramEigenvalues}, {@code alignment.{sigma2,lambda,sigma2VsLambdaSlope,sigma2VsLambdaR2}},
 * and every scalar of every metric group for the tables.
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
        hessian(r, b);
        noise(r, b);
        alignment(r, b);
        scalarTables(r, b);
        timings(r, b);
        benchmarks(r, b);
        provenance(r, b);
        return Html.page("flatbench " + r.runId(), b.toString());
    }

    private static void hessian(RunRecord r, StringBuilder b) {
        Optional<double[]> top = r.metricArray("hessian.topEigenvalues");
        Optional<double[]> grid = r.metricArray("hessian.density.grid");
        Optional<double[]> dens = r.metricArray("hessian.density.density");
        OptionalDouble trace = r.metricNumber("hessian.trace");
        if (top.isEmpty() && grid.isEmpty() && trace.isEmpty()) return;
        b.append("<h2>Hessian</h2>\n");
        if (trace.isPresent()) b.append("<p>Trace (Hutchinson estimate): <b>").append(Html.num(trace.getAsDouble())).append("</b></p>\n");
        b.append("<div class=\"charts\">\n");
        top.filter(v -> v.length > 0).ifPresent(v -> chart(b, "Hessian top eigenvalues",
                () -> Charts.spectrum("Hessian top-" + v.length + " eigenvalues", "λ_k", v),
                "Top " + v.length + " eigenvalues λ_k of the Hessian (Lanczos), largest first."));
        if (grid.isPresent() && dens.isPresent() && grid.get().length == dens.get().length && grid.get().length > 1) {
            String sigma = r.metricNumber("hessian.density.sigma").stream().mapToObj(s -> " Gaussian broadening σ = " + Html.num(s) + ".").findFirst().orElse("");
            chart(b, "Hessian spectral density",
                    () -> Charts.curve("Hessian spectral density", "eigenvalue", "density", grid.get(), dens.get(), true),
                    "Stochastic Lanczos quadrature estimate of the eigenvalue density, log scale." + Html.esc(sigma));
        }
        b.append("</div>\n");
    }

    private static void noise(RunRecord r, StringBuilder b) {
        Optional<double[]> gram = r.metricArray("noise.gramEigenvalues").filter(v -> v.length > 0);
        if (gram.isEmpty()) return;
        b.append("<h2>Gradient noise</h2>\n<div class=\"charts\">\n");
        chart(b, "Noise Gram spectrum", () -> Charts.spectrum("Per-sample gradient noise: Gram spectrum", "eigenvalue", gram.get()),
                "Eigenvalues of the Gram matrix K̃ = G̃G̃ᵀ of the n centred per-sample gradients"
                        + r.metricNumber("noise.samples").stream().mapToObj(n -> " (n = " + (long) n + ")").findFirst().orElse("")
                        + ": n times the nonzero eigenvalues of the noise covariance C.");
        b.append("</div>\n");
    }

    private static void alignment(RunRecord r, StringBuilder b) {
        Optional<double[]> sigma2 = r.metricArray("alignment.sigma2");
        Optional<double[]> lambda = r.metricArray("alignment.lambda");
        if (sigma2.isEmpty() || lambda.isEmpty()) return;
        OptionalDouble slope = r.metricNumber("alignment.sigma2VsLambdaSlope");
        OptionalDouble intercept = r.metricNumber("alignment.sigma2VsLambdaIntercept");
        OptionalDouble r2 = r.metricNumber("alignment.sigma2VsLambdaR2");
        int n = Math.min(lambda.get().length, sigma2.get().length);
        List<double[]> pos = positivePairs(lambda.get(), sigma2.get(), n);
        if (pos.get(0).length == 0) return;
        b.append("<h2>Noise against curvature</h2>\n<div class=\"charts\">\n");
        chart(b, "sigma2 against lambda", () -> Charts.logLog("σ²_k against λ_k", "λ_k (Hessian eigenvalue)",
                        "σ²_k (noise variance along v_k)", pos.get(0), pos.get(1), slope, intercept),
                "Noise variance along each Hessian eigenvector against its eigenvalue, log–log, over " + pos.get(0).length
                        + " positive pairs" + (slope.isPresent()
                        ? "; the run's least-squares fit has slope " + Html.num(slope.getAsDouble())
                                + (r2.isPresent() ? ", R² " + Html.num(r2.getAsDouble()) : "") + "."
                        : "; the run recorded no fit."));
        b.append("</div>\n");
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
        r.metrics().keySet().stream().filter(k -> !groups.contains(k)).forEach(groups::add);
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
            if (v instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked") Map<String, Object> sub = (Map<String, Object>) v;
                collectScalars(sub, path, info, rows);
            } else if (v instanceof Number || v instanceof String || v instanceof Boolean) {
                rows.add(row(path, v, info));
            }
        }
    }

    private static List<String> row(String path, Object v, Map<String, MetricInfo> info) {
        String value = v instanceof Number num ? Html.num(num.doubleValue()) : Html.esc(String.valueOf(v));
        MetricInfo mi = info.get(path);
        String unit = mi == null ? "" : Html.esc(mi.unit() + switch (mi.better()) {
            case HIGHER -> " (higher is better)";
            case LOWER -> " (lower is better)";
            case NEITHER -> "";
        });
        return List.of(Html.esc(path), value, unit.strip());
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
