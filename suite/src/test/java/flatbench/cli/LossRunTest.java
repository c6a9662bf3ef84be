package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.record.RunRecordStore;

/** --loss reaches the model, the engine and the record; an unknown loss is refused in one sentence. */
class LossRunTest {
    @TempDir Path out;

    @Test
    @SuppressWarnings("unchecked")
    void theQuadraticHingeTrainsAScalarOutputOnTheParityOfTheLabel() throws Exception {
        CliRun r = CliRun.of(CliRun.smallRun(out, "--loss", "quadratic-hinge", "--engine", "cpu", "--precision", "float64"));
        assertEquals(0, r.exitCode(), r.toString());
        Map<String, Object> record = CliRun.readJson(CliRun.onlyRunDir(out).resolve(RunRecordStore.RESULT_FILE));
        assertEquals("quadratic-hinge", ((Map<String, Object>) record.get("config")).get("loss"));
        Map<String, Object> metrics = (Map<String, Object>) record.get("metrics");
        // 784-50-50-1: the 10-way last layer (510 weights) becomes one output (51).
        assertEquals(42_310 - 510 + 51, ((Number) ((Map<String, Object>) metrics.get("engine")).get("parameters")).intValue());
        double accuracy = ((Number) ((Map<String, Object>) ((Map<String, Object>) metrics.get("training")).get("evaluation")).get("accuracy")).doubleValue();
        assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
    }

    @Test void anUnknownLossNamesTheKnownOnes() {
        CliRun r = CliRun.of(CliRun.smallRun(out, "--loss", "hinge"));
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("quadratic-hinge"), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
    }
}
