package flatbench.record;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The metric catalogue is the one place metric names, units and meanings live: its paths are
 * unique, docs/METRICS.md holds its table unchanged, and {@link Metric#uncatalogued} finds
 * anything a writer added without declaring it (the scenario tests run it on real runs).
 */
class MetricCatalogueTest {
    static final String BEGIN = "<!-- catalogue:begin (generated from flatbench.record.Metric; `bin/flatbench list --metrics` prints it) -->";
    static final String END = "<!-- catalogue:end -->";

    @Test
    void pathsAreUniqueAndEveryEntryIsDefined() {
        Set<String> seen = new HashSet<>();
        for (Metric m : Metric.values()) {
            assertTrue(seen.add(m.path()), "declared twice: " + m.path());
            assertFalse(m.definition().isBlank(), m.path());
            assertFalse(m.key().isBlank(), m.path());
            assertEquals(m, Metric.byPath(m.path()).orElseThrow());
        }
    }

    @Test
    void docsHoldTheCatalogueTable() throws Exception {
        Path doc = Path.of("..", "docs", "METRICS.md");
        assertTrue(Files.isRegularFile(doc), "docs/METRICS.md is missing");
        String text = Files.readString(doc);
        int b = text.indexOf(BEGIN), e = text.indexOf(END);
        assertTrue(b >= 0 && e > b, "docs/METRICS.md lacks the catalogue markers");
        String table = text.substring(b + BEGIN.length(), e).strip();
        assertEquals(Metric.markdownTable().strip(), table,
                "docs/METRICS.md's table differs from the catalogue: paste the output of `bin/flatbench list --metrics` between the markers");
    }

    @Test
    void uncataloguedPathsAreFoundAndEstimatesCountAsOneMetric() {
        Map<String, Object> tree = MetricTree.normalize(Map.of(
                "alignment", Map.of("sigma2VsLambdaSlope", Estimate.of(1.1).withInterval(1.0, 1.2).toMap(), "madeUp", 3.0),
                "noise", Map.of("trace", 2.0, "sampling", Map.of("scheme", "with-replacement", "oops", 1)),
                "checkpoints", List.of(Map.of("step", 10, "alignment", Map.of("subspaceOverlap", 0.5, "alsoMadeUp", 1)))));
        assertEquals(Set.of("alignment.madeUp", "noise.sampling.oops", "alignment.alsoMadeUp"), Set.copyOf(Metric.uncatalogued(tree)));
    }
}
