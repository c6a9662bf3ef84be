package flatbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;

/**
 * The entropy-sgd scenario end to end below smoke size: the spectrum of the real 47,658-weight
 * cnn-small (a few SLQ steps on 32 samples) and the comparison on the mlp; its table, its
 * figures, every metric catalogued, and the explicit sizes winning over the preset.
 */
class EntropySgdScenarioTest {
    @TempDir Path tmp;

    @Test void tinyRunWritesTheTableTheFiguresAndOnlyCataloguedMetrics() throws Exception {
        Path out = tmp.resolve("esgd");
        CliRun r = CliRun.of("run", "--scenario", "entropy-sgd", "--scale", "smoke", "--data", "teacher-student", "--train-samples", "600",
                "--steps", "40", "--curvature-data", "32", "--slq-steps", "10", "--slq-runs", "3", "--top-k", "3", "--compare-model", "mlp",
                "--compare-epochs", "0.8", "--compare-seeds", "2", "--out", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r::toString);
        Path dir = CliRun.onlyRunDir(out);
        RunRecord rec = RunRecordStore.read(dir);
        assertEquals(List.of(), Metric.uncatalogued(rec.metrics()), "metrics missing from flatbench.record.Metric");
        assertEquals(47_658, (long) rec.metricNumber(Metric.ESGD_SPECTRUM_PARAMETERS.path()).orElseThrow(), "the paper's CNN");
        assertEquals(32, (long) rec.metricNumber(Metric.CURVATURE_DATA_SAMPLES.path()).orElseThrow(), "--curvature-data wins over the preset");
        assertEquals(40, (long) rec.metricNumber(Metric.TRAINING_STEPS.path()).orElseThrow(), "--steps wins over the preset");
        assertEquals(2, (long) rec.metricNumber(Metric.ESGD_COMPARE_SEEDS.path()).orElseThrow());
        // 600 samples, B = 32, L = 20: 0.8 epochs round to one Entropy-SGD step of 20 evaluations, 640/600 epochs.
        assertEquals(20.0 * 32 / 600, rec.metricNumber(Metric.ESGD_COMPARE_BUDGET.path()).orElseThrow(), 1e-12);
        Estimate f = rec.metricEstimate(Metric.ESGD_SPECTRUM_FRACTION.path()).orElseThrow();
        double[] lo = rec.metricArray(Metric.ESGD_SPECTRUM_BRACKET_LOW.path()).orElseThrow();
        double[] hi = rec.metricArray(Metric.ESGD_SPECTRUM_BRACKET_HIGH.path()).orElseThrow();
        for (int j = 0; j < lo.length; j++) {
            assertTrue(lo[j] <= f.value()[j] + 1e-12 && f.value()[j] <= hi[j] + 1e-12, "the estimate lies in its quadrature bracket");
            if (j > 0) assertTrue(f.value()[j] >= f.value()[j - 1], "the fraction grows with the threshold");
        }
        // Rank ≤ 32 · 9 of 47,658: at least 99.4% of the Gauss–Newton part's eigenvalues are zero on 32 samples.
        assertEquals(1 - 32.0 * 9 / 47_658, rec.metricNumber(Metric.ESGD_SPECTRUM_GGN_ZERO_BOUND.path()).orElseThrow(), 1e-12);
        Reproduction t = Reproduction.from(rec.metrics()).orElseThrow();
        assertEquals(Set.of(Metric.REPRODUCTION_ESGD_NEAR_ZERO_FRACTION.key(), Metric.REPRODUCTION_ESGD_TEST_ERROR.key(),
                        Metric.REPRODUCTION_ESGD_TEST_ERROR_GAP.key(), Metric.REPRODUCTION_ESGD_EPOCH_RATIO.key()),
                Set.copyOf(t.rows().stream().map(Reproduction.Row::quantity).toList()));
        for (Reproduction.Row row : t.rows()) {
            assertEquals(Reproduction.Evidence.RECALL, row.evidence());
            if (row.quantity().equals(Metric.REPRODUCTION_ESGD_EPOCH_RATIO.key())) continue;  // may be unresolved (∞) this short
            assertTrue(row.measured().hasInterval(), row.quantity() + " has an interval");
            if (row.quantity().equals(Metric.REPRODUCTION_ESGD_NEAR_ZERO_FRACTION.key())) {
                // A value only where the bracket at 1e-4 resolves it; the interval holds the bracket either way.
                int at = 1;  // thresholds 1e-5, 1e-4, …
                boolean resolved = hi[at] - lo[at] <= 0.05;
                assertEquals(resolved, Double.isFinite(row.measured().number()), row.toText());
                assertTrue(row.measured().lower(0) <= lo[at] + 1e-12 && hi[at] <= row.measured().upper(0) + 1e-12, row.toText());
                assertTrue(row.note().contains(resolved ? "resolved at t = 1e-4" : "NOT resolved at t = 1e-4"), row.note());
                assertTrue(row.note().contains("4,096 samples"), "the authors' curvature data in the note");
                continue;
            }
            assertTrue(Double.isFinite(row.measured().number()), row.quantity() + " has a value");
        }
        Reproduction.Row gap = t.rows().stream().filter(x -> x.quantity().equals(Metric.REPRODUCTION_ESGD_TEST_ERROR_GAP.key())).findFirst().orElseThrow();
        assertTrue(gap.note().contains("mostly over the test samples"), "2 seeds: the note says what the interval holds");
        assertTrue(gap.note().contains("Nesterov"), "the note says where flatbench's Entropy-SGD differs");
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Fraction of Hessian eigenvalues with |λ| &lt; t") || html.contains("near-zero fraction"), "the spectrum figure");
        assertTrue(html.contains("test error against effective epochs"), "the comparison figure");
        assertTrue(html.contains("<h2>Reproduction</h2>"));
    }

    @Test void noiseCurvatureDataIsRefusedInOneSentence() throws Exception {
        Path out = tmp.resolve("noise");
        CliRun r = CliRun.of("run", "--scenario", "entropy-sgd", "--data", "teacher-student", "--train-samples", "600", "--steps", "2",
                "--curvature-data", "noise", "--out", out.toString(), "--quiet");
        assertEquals(Errors.USER_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().contains("no noise batch"), r.err());
    }
}
