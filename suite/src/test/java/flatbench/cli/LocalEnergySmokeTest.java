package flatbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;
import flatbench.report.HtmlReport;

/**
 * The local-energy scenario end to end below smoke size: its table, its figures, only catalogued
 * metrics, explicit sizes winning over the preset, and every curve point inside its own interval.
 */
class LocalEnergySmokeTest {
    @TempDir Path tmp;

    @Test
    void tinyRunWritesTheTableTheFiguresAndOnlyCataloguedMetrics() throws Exception {
        Path out = tmp.resolve("runs");
        CliRun r = CliRun.of(List.of("run", "--scenario", "local-energy", "--scale", "smoke", "--data", "teacher-student", "--train-samples", "300",
                "--steps", "40", "--draws", "3", "--minima-per-protocol", "3", "--noise-samples", "32", "--seed", "2", "--out", out.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("localEnergyTestErrorSpearman") && r.out().contains("published > 0 [abs]"), r.out());
        Path dir = CliRun.onlyRunDir(out);
        RunRecord rec = RunRecordStore.read(dir);
        assertEquals(List.of(), Metric.uncatalogued(rec.metrics()), "metrics missing from flatbench.record.Metric");
        Reproduction t = Reproduction.from(rec.metrics()).orElseThrow();
        assertEquals(List.of("localEnergyCrossEntropyMinusSquared", "localEnergyTestErrorSpearman", "localEnergyTopEigenvalueSpearman"),
                t.rows().stream().map(Reproduction.Row::quantity).sorted().toList(), "smoke trains two protocols: one difference and both correlations");
        assertEquals(3, (long) rec.metricNumber(Metric.LOCAL_ENERGY_DRAWS.path()).orElseThrow(), "--draws overrides the smoke preset");
        assertEquals(300, (long) rec.metricNumber(Metric.LOCAL_ENERGY_TRAIN_SAMPLES.path()).orElseThrow());
        double[] steps = rec.metricArray(Metric.LOCAL_ENERGY_MINIMA_STEPS.path()).orElseThrow();
        assertEquals(6, steps.length, "two protocols × three seeds");
        for (double s : steps) assertEquals(40, s, "--steps overrides the smoke preset");
        double[] sigmas = rec.metricArray(Metric.LOCAL_ENERGY_SIGMAS.path()).orElseThrow();
        @SuppressWarnings("unchecked") List<Object> mean = (List<Object>) rec.metric(Metric.LOCAL_ENERGY_ERROR_CURVES.path()).orElseThrow();
        @SuppressWarnings("unchecked") List<Object> lo = (List<Object>) rec.metric(Metric.LOCAL_ENERGY_ERROR_LOWER.path()).orElseThrow();
        @SuppressWarnings("unchecked") List<Object> hi = (List<Object>) rec.metric(Metric.LOCAL_ENERGY_ERROR_UPPER.path()).orElseThrow();
        assertEquals(2, mean.size());
        for (int p = 0; p < 2; p++) {
            double[] m = (double[]) mean.get(p), l = (double[]) lo.get(p), h = (double[]) hi.get(p);
            assertEquals(sigmas.length, m.length);
            for (int g = 0; g < m.length; g++) assertTrue(l[g] <= m[g] && m[g] <= h[g], "protocol " + p + " σ " + sigmas[g] + ": " + l[g] + " " + m[g] + " " + h[g]);
        }
        String html = Files.readString(dir.resolve(HtmlReport.REPORT_FILE));
        assertTrue(html.contains("<h2>Reproduction</h2>") && html.contains("Local energy of minima") && html.contains("local energy against test error"),
                "table and figures in report.html");
        assertFalse(html.contains("could not be drawn"), "every figure drawn");
    }
}
