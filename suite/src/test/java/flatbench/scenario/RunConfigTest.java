package flatbench.scenario;

import static flatbench.scenario.RunSettings.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import flatbench.engine.Precision;
import flatbench.train.Sampling;

class RunConfigTest {
    private static RunConfig sample() {
        return new AlignmentScenario().defaults().with(MODEL, "mlp").with(DATA, "teacher-student")
                .with(DATA_DIR, Path.of("some", "folder")).with(TRAIN_SAMPLES, 600).with(PRECISION, Precision.FLOAT64)
                .with(STEPS, 40).with(MOMENTUM, 0.5).with(SAMPLING, Sampling.WITH_REPLACEMENT).with(SEED, 1234567890123L)
                .with(CHECKPOINTS, List.of(10, 20));
    }

    /** Through JSON as rerun reads it: numbers come back as Integer/Long/Double and arrays as lists. */
    @Test void roundTripsThroughJson() throws Exception {
        RunConfig c = sample();
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> back = json.readValue(json.writeValueAsString(c.toMap()), Map.class);
        RunConfig r = RunConfig.fromMap(back);
        assertEquals(c, r);
        assertEquals(c.toMap(), r.toMap());
        assertSame(c.scenario().getClass(), r.scenario().getClass());
    }

    /** As the run record stores it: keys sorted, numeric lists as double[]. */
    @Test void roundTripsThroughTheRunRecordsTree() {
        RunConfig c = sample();
        assertEquals(c, RunConfig.fromMap(flatbench.record.MetricTree.normalize(c.toMap())));
    }

    @Test void everyScenarioDefaultIsValidAndNamesItsScenario() {
        for (Scenario s : Scenarios.all()) {
            assertEquals(s.name(), s.defaults().get(SCENARIO));
            assertSame(s.getClass(), s.defaults().scenario().getClass());
            assertEquals(s.getClass(), Scenarios.require(s.name().toUpperCase()).getClass());
            assertEquals(RunConfig.settingsOf(s), s.defaults().settings(), "a default for every setting, in order");
        }
        assertEquals("noise", Scenarios.defaultScenario().name());
        assertEquals(Scenarios.defaultScenario().name(), SCENARIO.defaultValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenarios.require("nosuch"));
        for (Scenario s : Scenarios.all()) assertTrue(e.getMessage().contains(s.name()), e::getMessage);
    }

    @Test void invalidValuesAreRejectedNamingTheOption() {
        List<Map.Entry<String, UnaryOperator<RunConfig>>> cases = List.of(
                Map.entry("--steps", c -> c.with(STEPS, -1)),
                Map.entry("--batch", c -> c.with(BATCH, 0)),
                Map.entry("--lr", c -> c.with(LEARNING_RATE, 0.0)),
                Map.entry("--lr", c -> c.with(LEARNING_RATE, Double.NaN)),
                Map.entry("--momentum", c -> c.with(MOMENTUM, 1.0)),
                Map.entry("--noise-samples", c -> c.with(NOISE_SAMPLES, 1)),
                Map.entry("--curvature-data", c -> c.withText(CURVATURE_DATA, "1")),
                Map.entry("--curvature-data", c -> c.withText(CURVATURE_DATA, "half")),
                Map.entry("--top-k", c -> c.with(TOP_K, 0)),
                Map.entry("--probes", c -> c.with(PROBES, 0)),
                Map.entry("--slq-runs", c -> c.with(SLQ_RUNS, 0)),
                Map.entry("--train-samples", c -> c.with(TRAIN_SAMPLES, -5)),
                Map.entry("--steps", c -> c.withText(STEPS, "abc")),
                Map.entry("--precision", c -> c.withText(PRECISION, "float16")),
                Map.entry("checkpoint 41", c -> c.with(CHECKPOINTS, List.of(10, 41))),
                Map.entry("checkpoint 20", c -> c.with(STEPS, 15)));
        for (var c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.getValue().apply(sample()), c.getKey());
            assertTrue(e.getMessage().contains(c.getKey()), e::getMessage);
        }
    }

    @Test void aConfigCannotBeChangedThroughAListItWasGivenOrGave() {
        List<Integer> cps = new ArrayList<>(List.of(5, 10));
        RunConfig c = sample().with(CHECKPOINTS, cps);
        cps.set(0, 99);
        assertEquals(List.of(5, 10), c.get(CHECKPOINTS));
        assertThrows(UnsupportedOperationException.class, () -> c.get(CHECKPOINTS).set(1, 77));
    }

    @Test void aSettingARecordLacksTakesItsDefaultAndAnUnknownOneIsNamed() {
        Map<String, Object> m = new LinkedHashMap<>(sample().toMap());
        m.remove("probes");
        assertEquals(PROBES.defaultValue(), RunConfig.fromMap(m).get(PROBES));
        m.put("warpFactor", 9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunConfig.fromMap(m));
        assertTrue(e.getMessage().contains("warpFactor"), e::getMessage);
        m.remove("warpFactor");
        m.put("batch", "many");
        e = assertThrows(IllegalArgumentException.class, () -> RunConfig.fromMap(m));
        assertTrue(e.getMessage().contains("--batch") && e.getMessage().contains("many"), e::getMessage);
    }

    /** Comparable runs on two machines: the seed and the data folder are not part of the definition. */
    @Test void theDefinitionHashLeavesOutTheSeedAndTheDataFolder() {
        RunConfig c = sample();
        assertEquals(c.definitionHash(), c.with(SEED, 7L).with(DATA_DIR, Path.of("/elsewhere")).definitionHash());
        assertNotEquals(c.definitionHash(), c.with(STEPS, 41).definitionHash());
        assertNotEquals(c.definitionHash(), c.with(CHECKPOINTS, List.of(10)).definitionHash());
    }

    @Test void theScenarioIsChosenByItsDefaultsNotChangedAfterwards() {
        assertThrows(IllegalArgumentException.class, () -> sample().with(SCENARIO, "noise"));
    }

    /** Records written before --curvature-data measured the curvature on curvatureSamples training samples: a rerun does the same. */
    @Test void aRecordWithTheOldCurvatureSamplesKeyReadsAsThatSample() {
        Map<String, Object> old = new java.util.LinkedHashMap<>(new AlignmentScenario().defaults().toMap());
        old.remove(CURVATURE_DATA.key());
        old.put("curvatureSamples", 128);
        RunConfig c = RunConfig.fromMap(old);
        assertEquals(flatbench.measure.CurvatureData.samples(128), c.get(CURVATURE_DATA));
    }
}
