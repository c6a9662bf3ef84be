package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.record.BenchmarkResult;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;

/** bench in forked JVMs, end to end on the plain-Java engine and the small MLP. */
class BenchCommandTest {
    @TempDir Path tmp;

    @Test void eachForkIsAFreshJvmAndTheResultKeepsItsSamplesAndWarmUp() throws Exception {
        CliRun r = CliRun.of("bench", "--engine", "java", "--models", "mlp", "--batch", "4", "--forks", "2", "--warmup", "1",
                "--warmup-time", "0.05", "--iterations", "3", "--lanczos-iterations", "0", "--out", tmp.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r::toString);
        RunRecord rec = RunRecordStore.read(CliRun.onlyRunDir(tmp));
        assertEquals(2, ((Number) rec.config().get("forks")).intValue());
        assertEquals(5, rec.benchmarks().size(), "every work item but the skipped Lanczos solve");
        for (BenchmarkResult b : rec.benchmarks()) {
            assertEquals(2, b.forks().size(), b.name());
            for (BenchmarkResult.Fork f : b.forks()) {
                assertEquals(3, f.samples().length, b.name());
                assertTrue(f.warmup().runs() >= 1, b.name() + " warmed up at least the minimum: " + f.warmup());
            }
        }
        String row = r.out().lines().filter(l -> l.startsWith("mlp/hvp")).findFirst().orElseThrow(() -> new AssertionError(r.toString()));
        assertTrue(row.contains("±"), "the spread between the two forks is shown: " + row);
    }

    @Test void aMistakeIsOneSentenceBeforeAnyForkStarts() {
        CliRun r = CliRun.of("bench", "--engine", "java", "--models", "mlp", "--batch", "1", "--forks", "2", "--out", tmp.toString());
        assertEquals(Errors.USER_ERROR, r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("--batch must be at least 2"), r::toString);
    }
}
