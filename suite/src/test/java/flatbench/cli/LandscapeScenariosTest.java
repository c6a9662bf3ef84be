package flatbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;

/**
 * The yang-tang-tu and xie scenarios end to end at smoke scale: every reproduction row has a
 * finite measurement with its interval, every metric they write is catalogued, and the report
 * draws their figures. yang-tang-tu needs no model, engine or data set.
 */
class LandscapeScenariosTest {
    @TempDir Path tmp;

    private static RunRecord run(Path out, String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r::toString);
        return RunRecordStore.read(CliRun.onlyRunDir(out));
    }

    private static void checkTable(RunRecord rec, List<Metric> rows) {
        Reproduction t = Reproduction.from(rec.metrics()).orElseThrow();
        // The record reads JSON keys back in sorted order: compare as sets.
        assertEquals(java.util.Set.copyOf(rows.stream().map(Metric::key).toList()),
                java.util.Set.copyOf(t.rows().stream().map(Reproduction.Row::quantity).toList()));
        for (Reproduction.Row row : t.rows()) {
            assertTrue(Double.isFinite(row.measured().number()), row.quantity());
            assertTrue(row.measured().hasInterval(), row.quantity() + " has an interval");
            assertTrue(row.measured().lower(0) <= row.measured().upper(0), row.quantity());
        }
        assertEquals(List.of(), Metric.uncatalogued(rec.metrics()));
    }

    @Test void yangTangTuSmokeRunsWithoutANetwork() throws Exception {
        Path out = tmp.resolve("ytt");
        RunRecord rec = run(out, "run", "--scenario", "yang-tang-tu", "--scale", "smoke", "--data", "no-such-data", "--out", out.toString(), "--quiet");
        checkTable(rec, List.of(Metric.REPRODUCTION_YTT_KAPPA, Metric.REPRODUCTION_YTT_DENSITY_EXPONENT,
                Metric.REPRODUCTION_YTT_DENSITY_MODEL_EXPONENT, Metric.REPRODUCTION_YTT_CONTROL_EXPONENT, Metric.REPRODUCTION_YTT_CONVERGENCE_ETA_SLOPE,
                Metric.REPRODUCTION_YTT_CONVERGENCE_BATCH_SLOPE, Metric.REPRODUCTION_YTT_CRITICAL_ETA));
        assertFalse(rec.metrics().containsKey("engine"), "no engine was built");
        // The published directions hold at smoke scale already: time falls with η, rises with B; a critical η exists below GD's limit.
        Map<String, Object> t = Reproduction.from(rec.metrics()).orElseThrow().toMetrics();
        assertTrue(((Number) ((Map<?, ?>) t.get(Metric.REPRODUCTION_YTT_CONVERGENCE_ETA_SLOPE.key())).get("measured")).doubleValue() < 0);
        assertTrue(((Number) ((Map<?, ?>) t.get(Metric.REPRODUCTION_YTT_CONVERGENCE_BATCH_SLOPE.key())).get("measured")).doubleValue() > 0);
        String html = Files.readString(CliRun.onlyRunDir(out).resolve("report.html"));
        assertTrue(html.contains("Stationary density along the valley") || html.contains("density against flatness"), "the density figure");
        assertTrue(html.contains("Reproduction"));
    }

    @Test void xieSmokeOnASmallNet() throws Exception {
        Path out = tmp.resolve("xie");
        RunRecord rec = run(out, "run", "--scenario", "xie", "--scale", "smoke", "--data", "teacher-student", "--train-samples", "600",
                "--steps", "150", "--noise-samples", "128", "--top-k", "5", "--out", out.toString(), "--quiet");
        checkTable(rec, List.of(Metric.REPRODUCTION_XIE_SIGMA2_LAMBDA_SLOPE, Metric.REPRODUCTION_XIE_MAGNITUDE,
                Metric.REPRODUCTION_XIE_ESCAPE_SGD_B_SLOPE, Metric.REPRODUCTION_XIE_ESCAPE_SGD_CURVATURE_SLOPE,
                Metric.REPRODUCTION_XIE_ESCAPE_WHITE_CURVATURE_SLOPE, Metric.REPRODUCTION_XIE_NET_ESCAPE_SGD_B_SLOPE,
                Metric.REPRODUCTION_XIE_NET_ESCAPE_SGD_CURVATURE_SLOPE, Metric.REPRODUCTION_XIE_NET_ESCAPE_WHITE_CURVATURE_SLOPE));
        String html = Files.readString(CliRun.onlyRunDir(out).resolve("report.html"));
        assertTrue(html.contains("escape time against B/η"), "the escape figure");
        assertTrue(html.contains("single tanh neuron: escape time against B/η") && html.contains("single tanh neuron: escape time against 1/curvature"),
                "the single neuron's figures");
        // On the network SGD's escape time grows with B/η at smoke scale already (about e^3.5 per unit of B at η₀).
        Map<String, Object> t = Reproduction.from(rec.metrics()).orElseThrow().toMetrics();
        assertTrue(((Number) ((Map<?, ?>) t.get(Metric.REPRODUCTION_XIE_NET_ESCAPE_SGD_B_SLOPE.key())).get("measured")).doubleValue() > 0);
    }
}
