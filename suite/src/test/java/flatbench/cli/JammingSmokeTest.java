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
 * The jamming scenario end to end below smoke size: its table, its figures, only catalogued
 * metrics; explicit sizes win over the preset; and the widest net of a sweep far above the
 * transition fits every pattern while the narrowest, far below it, jams.
 */
class JammingSmokeTest {
    @TempDir Path tmp;

    @Test
    void tinyRunWritesTheTableTheFiguresAndOnlyCataloguedMetrics() throws Exception {
        Path out = tmp.resolve("runs");
        CliRun r = CliRun.of(List.of("run", "--scenario", "jamming", "--scale", "smoke", "--data", "teacher-student", "--train-samples", "300",
                "--patterns", "60", "--depths", "1", "--widths", "2,30", "--net-seeds", "1", "--seed", "3", "--out", out.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("jammingTheta") && r.out().contains("published 0.3000 [abs]"), r.out());
        Path dir = CliRun.onlyRunDir(out);
        RunRecord rec = RunRecordStore.read(dir);
        assertEquals(List.of(), Metric.uncatalogued(rec.metrics()), "metrics missing from flatbench.record.Metric");
        Reproduction t = Reproduction.from(rec.metrics()).orElseThrow();
        assertTrue(t.rows().stream().anyMatch(row -> row.quantity().equals("jammingPOverNStar")));
        assertEquals(60, (long) rec.metricNumber(Metric.JAMMING_PATTERNS.path()).orElseThrow(), "--patterns overrides the smoke preset");
        double[] width = rec.metricArray(Metric.JAMMING_NET_WIDTH.path()).orElseThrow();
        double[] unsatisfied = rec.metricArray(Metric.JAMMING_NET_UNSATISFIED.path()).orElseThrow();
        double[] data = rec.metricArray(Metric.JAMMING_NET_DATA.path()).orElseThrow();
        // Gaussian sweep first, widest first: h = 30 (N = 391 ≫ P = 60) fits all 60 patterns; h = 2 (N = 25) cannot.
        assertEquals(0, data[0]);
        assertEquals(30, width[0]);
        assertEquals(0, unsatisfied[0]);
        assertEquals(2, width[1]);
        assertTrue(unsatisfied[1] > 0, "a 25-parameter net cannot fit 60 random labels");
        String html = Files.readString(dir.resolve(HtmlReport.REPORT_FILE));
        assertTrue(html.contains("<h2>Reproduction</h2>") && html.contains("Jamming of hinge-loss networks"), "table and figures in report.html");
    }
}
