package flatbench.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.record.RunRecord;

/** A reproduction run's page holds the table "measured (95% interval) | published | evidence" and Feng & Tu's figures. */
class ReproductionReportTest {
    @Test
    void tableAndFiguresAreRendered() {
        double[] f = {0.5, 1, 2, 4, 8}, s2 = new double[5];
        for (int i = 0; i < 5; i++) s2[i] = Math.pow(f[i], -4);
        Reproduction t = new Reproduction(List.of(Reproduction.Row.of(Metric.REPRODUCTION_FENG_TU_PSI,
                Estimate.of(4.1).withInterval(3.5, 4.7), 4, Reproduction.Evidence.SUM, "bootstrap over 4 directions")));
        RunRecord r = RunRecord.builder("feng", HtmlReportTest.provenance())
                .metric(Reproduction.GROUP, t.toMetrics())
                .metric("fengTu", Map.of("sigma2", s2, "flatness", f, "fitIntercept", 0.0, "noiseVariance", f,
                        "langevin", Map.of("variance", f, "flatness", f)))
                .build();
        String html = HtmlReport.html(r);
        assertTrue(html.contains("<h2>Reproduction</h2>"), "the table's heading");
        assertTrue(html.contains("measured (95% interval)"));
        assertTrue(html.contains("4.1 (3.5 – 4.7)") || html.contains("4.100 (3.500 – 4.700)"), "measured with its interval");
        assertTrue(html.contains("[sum]"));
        assertTrue(html.contains("Variance against flatness"));
        assertEquals(3, count(html, "<figure>"), "SGD, control and noise figures");
        assertFalse(html.contains("reproduction.fengTuPsi.measured"), "the table is not repeated among the plain metrics");
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
        return n;
    }
}
