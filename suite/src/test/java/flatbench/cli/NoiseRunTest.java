package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.npy.Npy;
import flatbench.npy.NpyArray;
import flatbench.record.Metric;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;

/** The default scenario end to end through the CLI: MLP, synthetic data, DL4J in float32. */
class NoiseRunTest {
    @TempDir static Path tmp;
    private static Path runDir;
    private static Map<String, Object> json;

    @BeforeAll static void runOnce() throws Exception {
        runDir = run("seed-1", "1");
        json = CliRun.readJson(runDir.resolve(RunRecordStore.RESULT_FILE));
    }

    private static Path run(String name, String seed) throws Exception {
        Path out = tmp.resolve(name);
        CliRun r = CliRun.of(CliRun.smallRun(out, "--engine", "dl4j", "--precision", "float32", "--seed", seed));
        assertEquals(0, r.exitCode(), r::toString);
        Path dir = CliRun.onlyRunDir(out);
        assertTrue(r.out().contains(dir.resolve("result.json").toString()), r::toString);
        return dir;
    }

    @Test void resultHasTheDocumentedTopLevelKeys() {
        for (String k : List.of("schemaVersion", "provenance", "config", "metrics", "timings", "arrays")) {
            assertTrue(json.containsKey(k), () -> "result.json lacks " + k + ": " + json.keySet());
        }
        assertEquals(RunRecord.CURRENT_SCHEMA_VERSION, ((Number) json.get("schemaVersion")).intValue());
    }

    @Test void provenanceSaysWhatProducedTheRun() {
        Map<String, Object> p = map(json, "provenance");
        for (String k : List.of("gitCommit", "seed", "engine", "precision", "jvm", "os", "dataset")) {
            assertNotNull(p.get(k), () -> "provenance lacks " + k + ": " + p);
        }
        assertTrue(p.containsKey("gitDirty"), p::toString);
        assertEquals(1, ((Number) p.get("seed")).intValue());
        assertEquals("dl4j", p.get("engine"));
        assertEquals("float32", p.get("precision"));
        Map<String, Object> d = map(p, "dataset");
        assertEquals("teacher-student", d.get("name"));
        assertTrue(d.get("checksum").toString().matches("[0-9a-f]{16,}"), d::toString);
    }

    @Test void configRecordsTheOptionsGiven() {
        Map<String, Object> c = map(json, "config");
        assertEquals("noise", c.get("scenario"));
        assertEquals("mlp", c.get("model"));
        assertEquals(12, ((Number) c.get("steps")).intValue());
        assertEquals(16, ((Number) c.get("batch")).intValue());
        assertEquals(32, ((Number) c.get("noiseSamples")).intValue());
    }

    @Test void metricsHoldTrainingNoiseAndEngine() {
        Map<String, Object> m = map(json, "metrics");
        Map<String, Object> training = map(m, "training");
        assertEquals(12, ((Number) training.get("steps")).intValue());
        assertFinite(training.get("firstLoss"));
        assertFinite(training.get("finalLoss"));

        Map<String, Object> noise = map(m, "noise");
        List<?> gram = assertInstanceOf(List.class, noise.get("gramEigenvalues"));
        assertFalse(gram.isEmpty());
        gram.forEach(NoiseRunTest::assertFinite);
        double trace = assertFinite(noise.get("trace"));
        assertTrue(trace > 0, noise::toString);
        assertTrue(assertFinite(noise.get("naiveGradientNoiseScale")) > 0, noise::toString);
        // The unbiased noise scale is present exactly when the samples resolve |G|² > 0.
        assertEquals(assertFinite(noise.get("trueGradientNormSquared")) > 0, noise.containsKey("gradientNoiseScale"), noise::toString);

        Map<String, Object> engine = map(m, "engine");
        assertEquals("dl4j", engine.get("name"));
        assertEquals("float32", engine.get("precision"));
        assertEquals(42_310, ((Number) engine.get("parameters")).intValue());
    }

    @Test void everyMetricWrittenIsInTheCatalogue() {
        RunRecord r = RunRecordStore.read(runDir);
        assertEquals(List.of(), Metric.uncatalogued(r.metrics()), "metrics missing from flatbench.record.Metric");
        assertTrue(r.metricEstimate("noise.trace").orElseThrow().hasInterval(), "tr C carries its bootstrap interval");
        assertEquals("nats²", r.metricInfo().get("noise.trace").unit(), "units come from the catalogue");
    }

    @Test void timingsHoldTheTrainAndNoisePhasesWithRawSamples() {
        Map<String, Object> t = map(json, "timings");
        for (String phase : List.of("train", "noise")) {
            Map<String, Object> p = map(t, phase);
            List<?> samples = assertInstanceOf(List.class, p.get("samplesSeconds"), phase);
            assertFalse(samples.isEmpty(), phase);
            assertEquals(((Number) p.get("count")).intValue(), samples.size(), phase);
            for (Object s : samples) assertTrue(assertFinite(s) >= 0, phase);
        }
    }

    @Test void everyListedArrayIsAReadableNpyFile() {
        List<?> arrays = assertInstanceOf(List.class, json.get("arrays"));
        assertTrue(arrays.contains("training_loss.npy") && arrays.contains("gram_eigenvalues.npy"), arrays::toString);
        for (Object a : arrays) {
            Path f = runDir.resolve(a.toString());
            assertTrue(Files.isRegularFile(f), f::toString);
            NpyArray npy = Npy.read(f);
            assertTrue(npy.data().length > 0, f::toString);
        }
        assertEquals(12, Npy.read(runDir.resolve("training_loss.npy")).vector().length);
        List<?> gram = (List<?>) map(map(json, "metrics"), "noise").get("gramEigenvalues");
        double[] fromNpy = Npy.read(runDir.resolve("gram_eigenvalues.npy")).vector();
        assertEquals(gram.size(), fromNpy.length);
        for (int i = 0; i < fromNpy.length; i++) assertEquals(((Number) gram.get(i)).doubleValue(), fromNpy[i], 0.0);
    }

    @Test void reportHtmlIsWritten() throws Exception {
        Path html = runDir.resolve("report.html");
        assertTrue(Files.isRegularFile(html));
        assertTrue(Files.readString(html).contains("<html"), "report.html is not HTML");
    }

    @Test void sameSeedReproducesLossesAndNoiseAndAnotherSeedDoesNot() throws Exception {
        Path again = run("seed-1-again", "1");
        Path other = run("seed-2", "2");
        double[] losses = losses(runDir);
        assertArrayEquals(losses, losses(again), 0.0);
        assertEquals(noiseTrace(runDir), noiseTrace(again), 0.0);
        assertFalse(java.util.Arrays.equals(losses, losses(other)), "seed 2 trained exactly like seed 1");
        assertTrue(noiseTrace(runDir) != noiseTrace(other), "seed 2 gave the same noise trace as seed 1");
    }

    private static double[] losses(Path dir) { return Npy.read(dir.resolve("training_loss.npy")).vector(); }

    private static double noiseTrace(Path dir) {
        return RunRecordStore.read(dir).metricNumber("noise.trace").orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return assertInstanceOf(Map.class, parent.get(key), () -> key + " is not an object in " + parent.keySet());
    }

    /** A finite number, or an estimate object {value, ci95, …} whose value and interval ends are finite. */
    static double assertFinite(Object o) {
        if (o instanceof Map<?, ?> m && m.containsKey("value")) {
            if (m.get("ci95") instanceof List<?> ci) ci.forEach(x -> { if (x instanceof Number) assertFinite(x); });
            return assertFinite(m.get("value"));
        }
        double v = assertInstanceOf(Number.class, o).doubleValue();
        assertTrue(Double.isFinite(v), () -> "not finite: " + o);
        return v;
    }
}
