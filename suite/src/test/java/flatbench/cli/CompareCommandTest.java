package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.record.BenchmarkResult;
import flatbench.record.Provenance;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;

class CompareCommandTest {
    @TempDir Path tmp;

    private static final double[] BASE_STEP = {10.0, 10.2, 9.9, 10.1, 10.3, 9.8, 10.0, 10.1};
    private static final double[] BASE_HVP = {2.0, 2.1, 1.9, 2.05, 2.0, 1.95, 2.02, 1.98};

    private Path write(String name, double stepScale, double hvpScale) {
        Provenance p = new Provenance("0123456789abcdef", false, 1L, "dl4j", "float32", "jvm", "os", "cpu", "test-machine",
                null, null, null, null, null, "2026-01-01T00:00:00Z");
        RunRecord r = RunRecord.builder(name, p)
                .benchmark(BenchmarkResult.of("train.step", "v1", "ms", "test-machine", "float32", forks(scaled(BASE_STEP, stepScale))))
                .benchmark(BenchmarkResult.of("hessian.hvp", "v1", "ms", "test-machine", "float32", forks(scaled(BASE_HVP, hvpScale))))
                .build();
        return RunRecordStore.write(tmp.resolve(name), r);
    }

    /** The samples as four forks (JVMs) of two samples each. */
    private static List<BenchmarkResult.Fork> forks(double[] samples) {
        List<BenchmarkResult.Fork> f = new ArrayList<>();
        for (int i = 0; i < samples.length; i += 2) f.add(new BenchmarkResult.Fork(new double[]{samples[i], samples[i + 1]}, null));
        return f;
    }

    private static double[] scaled(double[] a, double f) {
        double[] r = a.clone();
        for (int i = 0; i < r.length; i++) r[i] *= f;
        return r;
    }

    @Test void aClearRegressionExitsOneAndIsNamed() {
        Path base = write("base", 1.0, 1.0);
        Path slower = write("slower", 1.0, 1.5);
        CliRun r = CliRun.of("compare", base.toString(), slower.toString());
        assertEquals(1, r.exitCode(), r::toString);
        String row = r.out().lines().filter(l -> l.contains("hessian.hvp")).findFirst().orElseThrow();
        assertTrue(row.contains("REGRESSED"), r::toString);
        String unchanged = r.out().lines().filter(l -> l.contains("train.step")).findFirst().orElseThrow();
        assertFalse(unchanged.contains("REGRESSED"), r::toString);
    }

    @Test void anUnchangedPairExitsZero() {
        Path base = write("base", 1.0, 1.0);
        Path again = write("again", 1.01, 0.99);
        CliRun r = CliRun.of("compare", base.toString(), again.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.out().contains("REGRESSED"), r::toString);
        assertTrue(r.out().contains("UNCHANGED"), r::toString);
    }

    @Test void anImprovementIsNotARegression() {
        Path base = write("base", 1.0, 1.0);
        Path faster = write("faster", 0.5, 1.0);
        CliRun r = CliRun.of("compare", "--json", base.toString(), faster.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("IMPROVED"), r::toString);
    }

    @Test void aFactorOfOneIsRejectedAsTheUsersMistake() {
        Path base = write("base", 1.0, 1.0);
        CliRun r = CliRun.of("compare", "--factor", "1", base.toString(), base.toString());
        assertEquals(Errors.USER_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("flatbench: --factor"), r::toString);
    }

    /** Scenario runs carry no benchmarks: compare reads their metrics' intervals instead, and never fails on them. */
    @Test void scenarioRunsAreComparedByTheirIntervals() {
        Provenance p = new Provenance("0123456789abcdef", false, 1L, "dl4j", "float64", "jvm", "os", "cpu", "test-machine",
                null, null, null, null, "def", "2026-01-01T00:00:00Z");
        java.util.function.BiFunction<String, Double, Path> run = (name, slope) -> RunRecordStore.write(tmp.resolve(name),
                RunRecord.builder(name, p).metric("alignment.sigma2VsLambdaSlope",
                        flatbench.record.Estimate.of(slope).withInterval(slope - 0.05, slope + 0.05).toMap()).build());
        CliRun r = CliRun.of("compare", run.apply("a", 1.10).toString(), run.apply("b", 1.40).toString());
        assertEquals(0, r.exitCode(), r::toString);
        String row = r.out().lines().filter(l -> l.contains("alignment.sigma2VsLambdaSlope")).findFirst().orElseThrow();
        assertTrue(row.contains("DIFFERENT"), r::toString);
    }

    @Test void runNamesARefThatIsNotThereInOneSentence() {
        CliRun r = CliRun.of("compare", "--run", "no-such-ref-anywhere", ".", "--engine", "java", "--models", "mlp");
        assertEquals(Errors.USER_ERROR, r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("'no-such-ref-anywhere' is not a commit, branch or tag"), r::toString);
    }

    @Test void runNeedsForks() {
        CliRun r = CliRun.of("compare", "--run", "HEAD", ".", "--forks", "0");
        assertEquals(Errors.USER_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--run needs at least one fork"), r::toString);
    }
}
