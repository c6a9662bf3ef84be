package flatbench.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import flatbench.engine.Precision;
import flatbench.train.Sampling;

class RunConfigTest {
    private static RunConfig sample() {
        RunConfig.Builder b = new AlignmentScenario().defaults().toBuilder();
        b.model = "mlp";
        b.data = "teacher-student";
        b.dataDir = Path.of("some", "folder");
        b.trainSamples = 600;
        b.precision = Precision.FLOAT64;
        b.steps = 40;
        b.momentum = 0.5;
        b.sampling = Sampling.WITH_REPLACEMENT;
        b.seed = 1234567890123L;
        b.checkpoints = new int[] {10, 20};
        return b.build();
    }

    /** Through JSON as rerun reads it: numbers come back as Integer/Long/Double and arrays as lists. */
    @Test void roundTripsThroughJson() throws Exception {
        RunConfig c = sample();
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> back = json.readValue(json.writeValueAsString(c.toMap()), Map.class);
        RunConfig r = RunConfig.fromMap(back);
        assertEquals(c.toMap().keySet(), r.toMap().keySet());
        assertArrayEquals(c.checkpoints(), r.checkpoints());
        Map<String, Object> a = new LinkedHashMap<>(c.toMap()), b = new LinkedHashMap<>(r.toMap());
        a.remove("checkpoints");
        b.remove("checkpoints");
        assertEquals(a, b);
    }

    @Test void everyScenarioDefaultIsValidAndNamesItsScenario() {
        for (Scenario s : Scenarios.all()) {
            assertEquals(s.name(), s.defaults().scenario());
            assertEquals(s.getClass(), Scenarios.require(s.name().toUpperCase()).getClass());
        }
        assertEquals("noise", Scenarios.defaultScenario().name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenarios.require("nosuch"));
        for (Scenario s : Scenarios.all()) assertTrue(e.getMessage().contains(s.name()), e::getMessage);
    }

    @Test void invalidValuesAreRejectedNamingTheOption() {
        List<Map.Entry<String, Consumer<RunConfig.Builder>>> cases = List.of(
                Map.entry("--steps", b -> b.steps = -1),
                Map.entry("--batch", b -> b.batch = 0),
                Map.entry("--lr", b -> b.learningRate = 0),
                Map.entry("--lr", b -> b.learningRate = Double.NaN),
                Map.entry("--momentum", b -> b.momentum = 1.0),
                Map.entry("--noise-samples", b -> b.noiseSamples = 1),
                Map.entry("--curvature-samples", b -> b.curvatureSamples = 0),
                Map.entry("--top-k", b -> b.topK = 0),
                Map.entry("--probes", b -> b.probes = 0),
                Map.entry("--slq-runs", b -> b.slqRuns = 0),
                Map.entry("--train-samples", b -> b.trainSamples = -5),
                Map.entry("checkpoint 41", b -> b.checkpoints = new int[] {10, 41}));
        for (var c : cases) {
            RunConfig.Builder b = sample().toBuilder();
            c.getValue().accept(b);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build, c.getKey());
            assertTrue(e.getMessage().contains(c.getKey()), e::getMessage);
        }
    }

    @Test void checkpointsAreCopiedInAndOut() {
        int[] cps = {5, 10};
        RunConfig.Builder b = sample().toBuilder();
        b.checkpoints = cps;
        RunConfig c = b.build();
        cps[0] = 99;
        c.checkpoints()[1] = 77;
        assertArrayEquals(new int[] {5, 10}, c.checkpoints());
    }

    @Test void aRecordedConfigMissingAFieldNamesIt() {
        Map<String, Object> m = new LinkedHashMap<>(sample().toMap());
        m.remove("batch");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunConfig.fromMap(m));
        assertTrue(e.getMessage().contains("batch"), e::getMessage);
    }
}
