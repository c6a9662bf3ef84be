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
 * The feng-tu scenario end to end at a size below smoke: its table, its figures and every metric in
 * the catalogue; and explicit sizes win over the --scale preset.
 */
class FengTuSmokeTest {
    @TempDir Path tmp;

    @Test
    void tinyRunWritesTheTableTheFiguresAndOnlyCataloguedMetrics() throws Exception {
        Path out = tmp.resolve("runs");
        CliRun r = CliRun.of(List.of("run", "--scenario", "feng-tu", "--scale", "smoke", "--data", "teacher-student", "--train-samples", "300",
                "--steps", "60", "--snapshots", "12", "--snapshot-every", "2", "--directions", "5", "--eigenvectors", "6", "--control-steps", "24",
                "--noise-samples", "32", "--seed", "2", "--out", out.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("fengTuPsi") && r.out().contains("published 4.000 [sum]"), r.out());
        Path dir = CliRun.onlyRunDir(out);
        RunRecord rec = RunRecordStore.read(dir);
        assertEquals(List.of(), Metric.uncatalogued(rec.metrics()), "metrics missing from flatbench.record.Metric");
        Reproduction t = Reproduction.from(rec.metrics()).orElseThrow();
        List<String> quantities = t.rows().stream().map(Reproduction.Row::quantity).toList();
        assertTrue(quantities.containsAll(List.of("fengTuPsi", "fengTuPsiRma", "fengTuEigenPsi", "fengTuFlatnessCurvatureExponent", "fengTuLangevinExponent")),
                "every row but the conditional PCA-direction control: " + quantities);
        assertTrue(rec.metricArray("fengTu.eigen.lambda").orElseThrow().length > 0, "positive eigenvalues of the central block");
        double[] relative = rec.metricArray("fengTu.eigen.relativeResidual").orElseThrow();
        assertEquals(rec.metricArray("fengTu.eigen.lambda").orElseThrow().length, relative.length, "one residual per kept pair");
        double[] analysed = rec.metricArray("fengTu.langevin.directions").orElseThrow();
        for (double j : analysed) assertTrue(relative[(int) j - 1] <= 0.05, "the control analyses only pairs with r ≤ 0.05·λ: " + (int) j);
        assertEquals(analysed.length, rec.metricArray("fengTu.langevin.displacement").orElseThrow().length, "one displacement per analysed direction");
        assertTrue(rec.metricNumber("fengTu.langevin.startGradient").orElseThrow() > 0, "|∇_B L(w̄)| under cross-entropy");
        assertEquals(12, (long) rec.metricNumber("fengTu.snapshots").orElseThrow(), "--snapshots overrides the smoke preset");
        assertEquals(300, (long) rec.metricNumber("fengTu.trainSamples").orElseThrow(), "--train-samples overrides the smoke preset");
        assertEquals(5, rec.metricArray("fengTu.sigma2").orElseThrow().length);
        assertEquals(2500, (long) rec.metricNumber("fengTu.weights").orElseThrow(), "the central 50 × 50 weights");
        String html = Files.readString(dir.resolve(HtmlReport.REPORT_FILE));
        assertTrue(html.contains("<h2>Reproduction</h2>") && html.contains("Variance against flatness")
                && html.contains("Langevin control along Hessian eigenvectors"), "table and figures in report.html");
    }
}
