package flatbench.compare;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;

import flatbench.record.Estimate;
import flatbench.record.Provenance;
import flatbench.record.RunRecord;

class MetricComparisonTest {
    private static RunRecord run(String id, double slope, double lo, double hi) {
        Provenance p = new Provenance("0123456789abcdef", false, 1L, "dl4j", "float64", "jvm", "os", "cpu", "box",
                null, null, null, null, "def1", "2026-01-01T00:00:00Z");
        return RunRecord.builder(id, p)
                .metric("alignment.sigma2VsLambdaSlope", Estimate.of(slope).withInterval(lo, hi).toMap())
                .metric("alignment.trHCTopK", Estimate.of(10.0).toMap())
                .metric("noise.gradientNoiseScale", Estimate.of(50.0).withInterval(30, Double.POSITIVE_INFINITY).toMap())
                .build();
    }

    @Test
    void intervalsDecideWhetherADifferenceIsDistinguishable() {
        // s = 0.1/1.96 each: a difference beyond 1.96·√2·s = 0.141 counts.
        MetricComparison far = MetricComparison.compare("a", run("a", 1.0, 0.9, 1.1), "b", run("b", 1.2, 1.1, 1.3));
        MetricComparison near = MetricComparison.compare("a", run("a", 1.0, 0.9, 1.1), "b", run("b", 1.1, 1.0, 1.2));
        var slope = far.rows().stream().filter(r -> r.metric().equals("alignment.sigma2VsLambdaSlope")).findFirst().orElseThrow();
        assertEquals(MetricComparison.Verdict.DIFFERENT, slope.verdict());
        assertEquals(0.1414, slope.halfWidth(), 1e-4);
        assertEquals(MetricComparison.Verdict.INDISTINGUISHABLE,
                near.rows().stream().filter(r -> r.metric().equals("alignment.sigma2VsLambdaSlope")).findFirst().orElseThrow().verdict());
        // No interval: no row. An unbounded interval distinguishes nothing.
        assertTrue(far.rows().stream().noneMatch(r -> r.metric().equals("alignment.trHCTopK")));
        assertEquals(MetricComparison.Verdict.INDISTINGUISHABLE,
                far.rows().stream().filter(r -> r.metric().equals("noise.gradientNoiseScale")).findFirst().orElseThrow().verdict());
        String md = far.toMarkdown();
        assertTrue(md.contains("**DIFFERENT**") && md.contains("1 distinguishable"), md);
        assertTrue(far.toJson().contains("\"verdict\" : \"DIFFERENT\""));
    }
}
