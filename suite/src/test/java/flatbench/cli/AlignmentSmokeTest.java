package flatbench.cli;

import static flatbench.cli.NoiseRunTest.assertFinite;
import static flatbench.cli.NoiseRunTest.map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.npy.Npy;
import flatbench.record.Metric;
import flatbench.record.RunRecordStore;

/**
 * The CI smoke test of the alignment scenario: a small MLP run on synthetic data with two
 * checkpoints must produce every named metric, finite; and the DL4J and Java engines, in
 * float64 from the same seed, must agree on the Hessian's top eigenvalues.
 */
@Tag("slow")
class AlignmentSmokeTest {
    @TempDir static Path tmp;
    /** The DL4J run both tests read: in float64 so that it can be held to the Java engine's exact products. */
    private static Path dl4j;

    private static final List<String> ALIGNMENT_METRICS = List.of("sigma2VsLambdaSlope", "sigma2VsLambdaR2", "trHCTopK",
            "trHCTopKRatio", "trHCIsotropic", "sigma2OverLambdaTop5", "topKNoiseFraction", "subspaceOverlap", "gradientTopKOverlap");
    /** Console output of the DL4J run. */
    private static String dl4jOut;

    @BeforeAll static void runDl4j() throws Exception {
        dl4j = run("dl4j64", "--engine", "dl4j", "--precision", "float64", "--save-batch", "--save-eigenvectors");
    }

    /**
     * Small enough for CI: DL4J's finite-difference Hessian products cost a fixed overhead each, and
     * Lanczos plus SLQ take about 150 of them per checkpoint whatever the sample counts.
     */
    private static Path run(String name, String... extra) throws Exception {
        Path out = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("run", "--scenario", "alignment", "--model", "mlp", "--data", "teacher-student",
                "--train-samples", "600", "--steps", "20", "--batch", "16", "--noise-samples", "16", "--curvature-data", "16",
                "--top-k", "3", "--probes", "5", "--slq-runs", "1", "--checkpoints", "10", "--seed", "3", "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r::toString);
        if (name.equals("dl4j64")) dl4jOut = r.out();
        return CliRun.onlyRunDir(out);
    }

    @Test void smokeRunProducesEveryNamedMetricFinite() throws Exception {
        Path dir = dl4j;
        Map<String, Object> metrics = map(CliRun.readJson(dir.resolve(RunRecordStore.RESULT_FILE)), "metrics");

        Map<String, Object> alignment = map(metrics, "alignment");
        for (String k : ALIGNMENT_METRICS) {
            assertTrue(alignment.containsKey(k), () -> "metrics.alignment." + k + " is missing (absent means not finite): " + alignment.keySet());
            assertFinite(alignment.get(k));
        }
        Map<String, Object> hessian = map(metrics, "hessian");
        List<?> top = assertInstanceOf(List.class, hessian.get("topEigenvalues"));
        assertEquals(3, top.size());
        top.forEach(NoiseRunTest::assertFinite);
        assertFinite(hessian.get("trace"));
        List<?> gram = assertInstanceOf(List.class, map(metrics, "noise").get("gramEigenvalues"));
        assertFalse(gram.isEmpty());
        gram.forEach(NoiseRunTest::assertFinite);

        // Every metric written is in the catalogue; the noise-sample metrics carry intervals, and the 16-sample
        // curvature data (a sample) their split halves.
        var record = RunRecordStore.read(dir);
        assertEquals(List.of(), Metric.uncatalogued(record.metrics()), "metrics missing from flatbench.record.Metric");
        for (String k : List.of("sigma2VsLambdaSlope", "sigma2OverLambdaTop5", "trHCTopKRatio", "topKNoiseFraction")) {
            var e = record.metricEstimate("alignment." + k).orElseThrow();
            assertTrue(e.hasInterval() && e.hasHalves(), k + ": " + e.toText());
        }
        assertEquals("16", record.metric("hessian.curvatureData.used").orElseThrow());
        assertTrue(record.metric("alignment.splitHalf.sufficient").isPresent());
        // The console shows the headline metrics with their intervals.
        assertTrue(dl4jOut.contains("slope of log sigma^2 on log lambda"), dl4jOut);
        assertTrue(dl4jOut.lines().anyMatch(l -> l.contains("mean sigma^2/lambda over the top 5") && l.contains("[") && l.contains("halves")), dl4jOut);
        assertTrue(dl4jOut.contains("split-half check"), dl4jOut);

        // What a third party needs to recompute the metrics: the samples and the eigenvectors.
        assertEquals(16, Npy.read(dir.resolve("curvature_indices.npy")).vector().length);
        assertEquals(16, Npy.read(dir.resolve("noise_indices.npy")).vector().length);
        assertArrayEquals(new int[] {16, 784}, Npy.read(dir.resolve("curvature_inputs.npy")).shape());
        assertArrayEquals(new int[] {42_310, 3}, Npy.read(dir.resolve("hessian_eigenvectors.npy")).shape());
        assertArrayEquals(new int[] {42_310, 3}, Npy.read(dir.resolve("noise_eigenvectors.npy")).shape());
        double[] v = Npy.read(dir.resolve("hessian_eigenvectors.npy")).data();
        double norm = 0;
        for (int t = 0; t < 42_310; t++) norm += v[t * 3] * v[t * 3];
        assertEquals(1, norm, 1e-9, "columns are unit eigenvectors");

        List<?> checkpoints = assertInstanceOf(List.class, metrics.get("checkpoints"));
        assertEquals(2, checkpoints.size());
        assertEquals(10, ((Number) ((Map<?, ?>) checkpoints.get(0)).get("step")).intValue());
        assertEquals(20, ((Number) ((Map<?, ?>) checkpoints.get(1)).get("step")).intValue());

        Map<String, Object> engine = map(metrics, "engine");
        assertEquals("dl4j", engine.get("name"));
        assertEquals("float64", engine.get("precision"));
        String hvp = assertInstanceOf(String.class, engine.get("hvpMethod"));
        assertFalse(hvp.isBlank());
        assertEquals(20, Npy.read(dir.resolve("training_loss.npy")).vector().length);
    }

    @Test void dl4jAndJavaEnginesAgreeOnTheTopHessianEigenvaluesInFloat64() throws Exception {
        Path java = run("java64", "--engine", "java", "--precision", "float64");

        // Same initialisation and batches: the trajectories must coincide before the spectra can.
        double[] lossD = Npy.read(dl4j.resolve("training_loss.npy")).vector();
        double[] lossJ = Npy.read(java.resolve("training_loss.npy")).vector();
        assertEquals(lossD.length, lossJ.length);
        for (int i = 0; i < lossD.length; i++) assertEquals(lossD[i], lossJ[i], 1e-9 * Math.abs(lossD[i]), "loss at step " + (i + 1));

        var recD = RunRecordStore.read(dl4j);
        var recJ = RunRecordStore.read(java);
        assertEquals("java", recJ.metric("engine.name").orElseThrow());
        assertEquals(Boolean.TRUE, recJ.metric("engine.exactHvp").orElseThrow(), "the Java engine's HVPs are the exact R-operator");
        double[] topD = recD.metricArray("hessian.topEigenvalues").orElseThrow();
        double[] topJ = recJ.metricArray("hessian.topEigenvalues").orElseThrow();
        assertEquals(topD.length, topJ.length);
        for (int i = 0; i < topD.length; i++) {
            assertEquals(topJ[i], topD[i], 1e-4 * Math.abs(topJ[i]), "top Hessian eigenvalue " + (i + 1) + ": java " + topJ[i] + ", dl4j " + topD[i]);
        }
    }
}
