package flatbench.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class RunRecordJsonTest {
    @TempDir Path dir;

    static RunRecord sample() {
        Provenance p = new Provenance("abc123", true, 0, null, null, "jvm", "os", "cpu", "box", null, null, null, null, null, "2026-01-01T00:00:00Z")
                .withRun(42, "reference", "float64")
                .withGpu(new GpuInfo("H100", "550.1", "12.4"))
                .withKernelHashes(Map.of("b.cubin", "22", "a.cubin", "11"))
                .withDataset(new DatasetInfo("mnist", "deadbeef"))
                .withSampling("with-replacement b=128")
                .withBenchmarkVersion(Hashes.sha256("def"));
        return RunRecord.builder("run-1", p)
                .config(Map.of("lr", 0.1, "model", "mlp", "steps", 100, "layers", List.of(784, 100, 10)))
                .metric("hessian.topEigenvalues", new double[]{3.5, 2.0, Double.NaN}, "", Direction.NEITHER)
                .metric("hessian.trace", 12.25)
                .metric("hessian.density.grid", new double[]{0, 1, 2})
                .metric("alignment.sigma2VsLambdaSlope", Double.POSITIVE_INFINITY)
                .metric("training.steps", 100L)
                .metric("training.note", "ok")
                .timings(Map.of("hvp", PhaseTiming.ofSamples(0.5, 0.25)))
                .benchmark(BenchmarkResult.of("hvp", "v1", "s", "box", "float64", 3, 1, 2))
                .array("hessian_top.npy")
                .build();
    }

    @Test
    void roundTripKeepsEveryValueAndType() {
        RunRecord r = sample();
        Path file = RunRecordStore.write(dir, r);
        assertEquals(dir.resolve("result.json"), file);
        RunRecord back = RunRecordStore.read(dir);
        assertEquals(RunRecordJson.toJson(r), RunRecordJson.toJson(back));
        assertEquals(r.provenance(), back.provenance());
        double[] top = back.metricArray("hessian.topEigenvalues").orElseThrow();
        assertEquals(3, top.length);
        assertEquals(3.5, top[0]);
        assertTrue(Double.isNaN(top[2]));
        assertEquals(Double.POSITIVE_INFINITY, back.metricNumber("alignment.sigma2VsLambdaSlope").orElseThrow());
        assertEquals(100L, back.metric("training.steps").orElseThrow());
        assertEquals("ok", back.metric("training.note").orElseThrow());
        assertArrayEquals(new double[]{784, 100, 10}, (double[]) back.config().get("layers"));
        assertArrayEquals(new double[]{0.5, 0.25}, back.timings().get("hvp").samplesSeconds());
        assertEquals(2.0, back.benchmarks().get(0).median());
        assertEquals(List.of("hessian_top.npy"), back.arrays());
        assertEquals(new MetricInfo("", Direction.NEITHER), back.metricInfo().get("hessian.topEigenvalues"));
    }

    @Test
    void jsonKeysAreSortedAndSchemaVersionComesFirst() {
        String json = RunRecordJson.toJson(sample());
        assertTrue(json.indexOf("\"schemaVersion\" : " + RunRecord.CURRENT_SCHEMA_VERSION) < json.indexOf("\"runId\""));
        assertTrue(json.indexOf("\"a.cubin\"") < json.indexOf("\"b.cubin\""));
        assertTrue(json.indexOf("\"alignment\"") < json.indexOf("\"hessian\""));
    }

    @Test
    void truncatedFileGetsOneClearSentence() throws Exception {
        String json = RunRecordJson.toJson(sample());
        Path f = dir.resolve("result.json");
        Files.writeString(f, json.substring(0, json.length() / 2));
        RecordException e = assertThrows(RecordException.class, () -> RunRecordStore.read(f));
        assertTrue(e.getMessage().contains("not a complete JSON document"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()));
        Files.writeString(f, "");
        assertTrue(assertThrows(RecordException.class, () -> RunRecordStore.read(f)).getMessage().contains("is empty"));
    }

    @Test
    void foreignJsonIsRejected() throws Exception {
        Path f = dir.resolve("package.json");
        Files.writeString(f, "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}");
        RecordException e = assertThrows(RecordException.class, () -> RunRecordStore.read(f));
        assertTrue(e.getMessage().contains("not a flatbench run record"), e.getMessage());
        Files.writeString(f, "[1, 2, 3]");
        assertTrue(assertThrows(RecordException.class, () -> RunRecordStore.read(f)).getMessage().contains("not a flatbench run record"));
        Files.writeString(f, "hello: world");
        assertTrue(assertThrows(RecordException.class, () -> RunRecordStore.read(f)).getMessage().contains("not valid JSON"));
        Files.write(f, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        assertTrue(assertThrows(RecordException.class, () -> RunRecordStore.read(f)).getMessage().contains("not UTF-8"));
    }

    @Test
    void unknownSchemaVersionIsRejected() throws Exception {
        String json = RunRecordJson.toJson(sample()).replace("\"schemaVersion\" : " + RunRecord.CURRENT_SCHEMA_VERSION, "\"schemaVersion\" : 7");
        Path f = dir.resolve("result.json");
        Files.writeString(f, json);
        RecordException e = assertThrows(RecordException.class, () -> RunRecordStore.read(f));
        assertTrue(e.getMessage().contains("schema version 7") && e.getMessage().contains("only versions 1 to " + RunRecord.CURRENT_SCHEMA_VERSION), e.getMessage());
    }

    /** Versions 1 and 2 held plain numbers where version 3 holds {value, ci95, splitHalves}; both read the same way. */
    @Test
    void anOlderRecordsPlainNumbersReadAsEstimatesWithoutInterval() throws Exception {
        String json = RunRecordJson.toJson(sample()).replace("\"schemaVersion\" : " + RunRecord.CURRENT_SCHEMA_VERSION, "\"schemaVersion\" : 2");
        Path f = dir.resolve("result.json");
        Files.writeString(f, json);
        RunRecord back = RunRecordStore.read(f);
        assertEquals(sample().metricNumber("hessian.trace"), back.metricNumber("hessian.trace"));
        assertArrayEquals(sample().metricArray("hessian.topEigenvalues").orElseThrow(), back.metricArray("hessian.topEigenvalues").orElseThrow());
        assertEquals(12.25, back.metricEstimate("hessian.trace").orElseThrow().number(), "a plain number reads as an estimate without interval");
        assertFalse(back.metricEstimate("hessian.trace").orElseThrow().hasInterval());
    }

    @Test
    void estimatesSurviveARoundTripWithUnboundedEnds() throws Exception {
        Estimate scalar = Estimate.of(1.5).withInterval(1.2, Double.POSITIVE_INFINITY).withHalves(1.4, 1.7);
        Estimate array = Estimate.of(new double[] {3, 2, 1}).withInterval(new double[] {2.5, 1.5, 0.5}, new double[] {3.5, 2.5, 1.5})
                .withHalves(new double[] {3.1, 2.1, 1.1}, new double[] {2.9, 1.9, 0.9});
        RunRecord r = RunRecord.builder("est", sample().provenance())
                .metric("alignment.sigma2VsLambdaSlope", scalar.toMap())
                .metric("alignment.sigma2", array.toMap())
                .build();
        Path f = RunRecordStore.write(dir, r);
        RunRecord back = RunRecordStore.read(f);
        Estimate s = back.metricEstimate("alignment.sigma2VsLambdaSlope").orElseThrow();
        assertEquals(1.5, s.number());
        assertEquals(1.2, s.lower(0));
        assertEquals(Double.POSITIVE_INFINITY, s.upper(0));
        assertArrayEquals(new double[] {1.4}, s.halves()[0]);
        assertEquals(1.5, back.metricNumber("alignment.sigma2VsLambdaSlope").orElseThrow(), "a number reader sees the value");
        Estimate a = back.metricEstimate("alignment.sigma2").orElseThrow();
        assertArrayEquals(array.value(), a.value());
        assertArrayEquals(array.lower(), a.lower());
        assertArrayEquals(array.upper(), a.upper());
        assertArrayEquals(array.halves()[1], a.halves()[1]);
        assertArrayEquals(array.value(), back.metricArray("alignment.sigma2").orElseThrow());
        assertEquals("1.500 [1.200, inf]; halves 1.400 / 1.700", s.toText());
    }

    @Test
    void aSchemaOneRecordReadsAsACompletedRunWithOneForkPerBenchmark() throws Exception {
        Path f = dir.resolve("result.json");
        Files.writeString(f, """
                {"schemaVersion": 1, "runId": "old", "provenance": {"gitCommit": "abc", "machine": "box"},
                 "benchmarks": [{"name": "mlp/hvp", "version": "v1", "unit": "s", "better": "LOWER", "machine": "box",
                                 "precision": "float64", "samples": [3.0, 1.0, 2.0], "median": 2.0}]}
                """);
        RunRecord r = RunRecordStore.read(f);
        assertFalse(r.status().isFailed());
        BenchmarkResult b = r.benchmarks().get(0);
        assertEquals(1, b.forks().size());
        assertArrayEquals(new double[]{3, 1, 2}, b.samples());
        assertNull(b.forks().get(0).warmup(), "schema 1 did not record the warm-up");
        assertEquals(2.0, b.median());
        assertTrue(RunRecordJson.toJson(r).contains("\"schemaVersion\" : " + RunRecord.CURRENT_SCHEMA_VERSION),
                "a record read from an old file is written in the current layout, so it says the current version");
    }

    @Test
    void aFailedRunSaysSoAndWhy() throws Exception {
        RunRecord failed = RunRecord.builder("run-2", sample().provenance()).status(RunStatus.failed("training diverged at step 7")).build();
        RunRecord back = RunRecordJson.fromJson(RunRecordJson.toJson(failed), "test");
        assertTrue(back.status().isFailed());
        assertEquals("training diverged at step 7", back.status().reason());
        assertThrows(IllegalArgumentException.class, () -> RunStatus.failed(" "));
    }

    @Test
    void malformedFieldOfAKnownVersionIsReported() throws Exception {
        Path f = dir.resolve("result.json");
        Files.writeString(f, RunRecordJson.toJson(sample()).replace("\"runId\" : \"run-1\"", "\"runId\" : \"\""));
        RecordException e = assertThrows(RecordException.class, () -> RunRecordStore.read(f));
        assertTrue(e.getMessage().contains("malformed field"), e.getMessage());
        Files.writeString(f, RunRecordJson.toJson(sample()).replace("\"trace\" : 12.25", "\"trace\" : null"));
        e = assertThrows(RecordException.class, () -> RunRecordStore.read(f));
        assertTrue(e.getMessage().contains("hessian.trace"), e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        RecordException e = assertThrows(RecordException.class, () -> RunRecordStore.read(dir.resolve("nope.json")));
        assertTrue(e.getMessage().contains("does not exist"));
    }

    @Test
    void atomicWriteLeavesNoTemporaryFileAndFailedWriteKeepsOldContent() throws Exception {
        Path f = dir.resolve("x.bin");
        AtomicFiles.write(f, "old".getBytes(StandardCharsets.UTF_8));
        assertThrows(RuntimeException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("crash mid-write");
        }));
        assertEquals("old", Files.readString(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void nullMetricValuesAreRejectedWithTheirPath() {
        Provenance p = sample().provenance();
        java.util.HashMap<String, Object> m = new java.util.HashMap<>();
        m.put("x", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunRecord.builder("r", p).metric("noise", m).build());
        assertTrue(e.getMessage().contains("noise.x"), e.getMessage());
    }
}
