package flatbench.record;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reproduction table: its result.json form, its round trip through a record, and its place in the catalogue. */
class ReproductionTest {
    @TempDir Path dir;

    static Reproduction table() {
        return new Reproduction(List.of(
                Reproduction.Row.of(Metric.REPRODUCTION_FENG_TU_PSI, Estimate.of(3.6).withInterval(2.9, 4.4), 4, Reproduction.Evidence.SUM,
                        "bootstrap over directions"),
                Reproduction.Row.of(Metric.REPRODUCTION_FENG_TU_LANGEVIN_EXPONENT, Estimate.of(1.8), "≈ 2 (equilibrium)",
                        Reproduction.Evidence.INFERENCE, "")));
    }

    @Test
    void writesMeasuredIntervalPublishedAndEvidence() {
        Map<String, Object> m = table().toMetrics();
        @SuppressWarnings("unchecked") Map<String, Object> psi = (Map<String, Object>) m.get("fengTuPsi");
        assertEquals(3.6, psi.get("measured"));
        assertArrayEquals(new double[] {2.9, 4.4}, (double[]) psi.get("ci95"));
        assertEquals(4.0, psi.get("published"));
        assertEquals("sum", psi.get("evidence"));
        @SuppressWarnings("unchecked") Map<String, Object> lang = (Map<String, Object>) m.get("fengTuLangevinExponent");
        assertFalse(lang.containsKey("ci95"));
        assertFalse(lang.containsKey("note"));
        assertEquals("≈ 2 (equilibrium)", lang.get("published"));
    }

    @Test
    void survivesAResultJsonRoundTripAndCountsAsOneCataloguedMetric() {
        RunRecord r = RunRecord.builder("r", new Provenance("c", false, 1, "java", "float64", "jvm", "os", "cpu", "box", null, Map.of(),
                        null, "s", "b", "2026-01-01T00:00:00Z"))
                .metric(Reproduction.GROUP, table().toMetrics()).build();
        RunRecordStore.write(dir, r);
        RunRecord back = RunRecordStore.read(dir);
        Reproduction t = Reproduction.from(back.metrics()).orElseThrow();
        assertEquals(2, t.rows().size());
        Reproduction.Row psi = t.rows().stream().filter(x -> x.quantity().equals("fengTuPsi")).findFirst().orElseThrow();
        assertEquals(3.6, psi.measured().number());
        assertEquals(2.9, psi.measured().lower(0));
        assertEquals(4.4, psi.measured().upper(0));
        assertEquals(Reproduction.Evidence.SUM, psi.evidence());
        assertEquals("4.000", psi.publishedText());
        assertEquals(3.6, back.metricNumber("reproduction.fengTuPsi").orElseThrow(), "the measured value reads as the metric's number");
        assertEquals(List.of(), Metric.uncatalogued(back.metrics()));
        Map<String, Object> unknown = MetricTree.normalize(Map.of(Reproduction.GROUP,
                Map.of("madeUp", Map.of("measured", 1.0, "published", 2.0, "evidence", "abs"))));
        assertEquals(List.of("reproduction.madeUp"), Metric.uncatalogued(unknown));
    }

    @Test
    void rowsAreCheckedAndTagsParsed() {
        assertThrows(IllegalArgumentException.class, () -> Reproduction.Row.of(Metric.NOISE_TRACE, Estimate.of(1), 1, Reproduction.Evidence.ABS, ""));
        assertThrows(IllegalArgumentException.class, () -> new Reproduction.Row("x", Estimate.of(new double[] {1, 2}), 1, Reproduction.Evidence.ABS, ""));
        assertEquals(Reproduction.Evidence.RECALL, Reproduction.Evidence.parse("[recall]"));
        assertEquals("[n/a]", Reproduction.Evidence.NONE.tag(), "a row with no published value carries no evidence tag of its own");
        for (Reproduction.Evidence e : Reproduction.Evidence.values()) assertEquals(e, Reproduction.Evidence.parse(e.label()), "round trip of " + e);
        assertThrows(IllegalArgumentException.class, () -> Reproduction.Evidence.parse("rumour"));
        assertTrue(table().summary().get(1).contains("measured 3.600 [2.900, 4.400] | published 4.000 [sum]"), table().summary().get(1));
    }
}
