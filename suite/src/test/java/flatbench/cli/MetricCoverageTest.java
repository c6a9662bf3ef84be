package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.record.Metric;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;
import flatbench.scenario.Scenario;
import flatbench.scenario.Scenarios;

/**
 * Every metric key any scenario writes into result.json has its entry in the catalogue
 * (flatbench.record.Metric): each scenario is run at a tiny size as it completes, as it diverges
 * and stops, and as it diverges and measures anyway (and with checkpoints), and the keys of each
 * record are compared with the catalogue.
 */
class MetricCoverageTest {
    @TempDir Path tmp;

    @Test void everyKeyEveryScenarioWritesIsCatalogued() throws Exception {
        Map<String, List<String>> missing = new TreeMap<>();
        // Scenarios with their own training (e.g. on a landscape) may not diverge at this rate; the SGD ones do.
        Map<List<String>, Integer> diverged = new java.util.HashMap<>();
        int runs = 0;
        for (Scenario sc : Scenarios.all()) {
            List<List<String>> variants = new ArrayList<>(List.of(
                    List.of(),                                              // completes
                    List.of("--lr", "5000"),                                // diverges and stops
                    List.of("--lr", "5000", "--on-divergence", "measure"))); // diverges and is measured anyway
            if (sc.defaults().has(flatbench.scenario.RunSettings.CHECKPOINTS)) variants.add(List.of("--checkpoints", "4,8"));
            for (List<String> v : variants) {
                Path out = Files.createDirectories(tmp.resolve(sc.name() + "-" + runs++));
                List<String> args = new ArrayList<>(CliRun.smallRun(out, "--scenario", sc.name()));
                args.addAll(v);
                CliRun r = CliRun.of(args);
                assertTrue(r.exitCode() == 0 || r.exitCode() == Errors.RUN_FAILED, r::toString);
                RunRecord rec = RunRecordStore.read(CliRun.onlyRunDir(out));
                if (rec.metric(Metric.TRAINING_DIVERGED_STEP.path()).isPresent()) diverged.merge(v, 1, Integer::sum);
                List<String> unknown = Metric.uncatalogued(rec.metrics());
                if (!unknown.isEmpty()) missing.put(sc.name() + " " + v, unknown);
            }
        }
        assertEquals(Map.of(), missing, "metrics written but missing from flatbench.record.Metric");
        for (List<String> v : List.of(List.of("--lr", "5000"), List.of("--lr", "5000", "--on-divergence", "measure"))) {
            assertTrue(diverged.getOrDefault(v, 0) >= 2, "the noise and alignment runs with " + v + " diverged: " + diverged);
        }
    }
}
