package flatbench.benchmark.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.benchmark.BenchConfig;
import flatbench.compare.BenchmarkSet;
import flatbench.compare.Compare;
import flatbench.engine.Precision;
import flatbench.measure.ProgressListener;
import flatbench.record.BenchmarkResult;
import flatbench.record.RunRecordStore;

/** The CPU harness on the Java engine: every work item, raw samples kept, comparable with itself. */
class BenchRunnerTest {
    @TempDir Path tmp;

    private static BenchConfig tiny(int batch) {
        return new BenchConfig("java", Precision.FLOAT64, List.of("mlp"), batch, 0, 0.0, 3, 0, 2, 4, 2, 1, 7L);
    }

    @Test
    void timesEveryWorkItemAndWritesARecordThatCompareReads() {
        BenchRunner.Outcome a = BenchRunner.run(tiny(4), tmp.resolve("runs"), tmp, null, ProgressListener.NONE);
        List<BenchmarkResult> bs = a.record().benchmarks();
        assertEquals(java.util.Arrays.stream(flatbench.benchmark.Work.values()).map(w -> "mlp/" + w.label()).toList(), bs.stream().map(BenchmarkResult::name).toList());
        for (BenchmarkResult b : bs) {
            int expected = b.name().endsWith("lanczos-top-k") ? 1 : 3;
            assertEquals(expected, b.samples().length, b.name());
            for (double s : b.samples()) assertTrue(s > 0, b.name());
            assertEquals(1, b.forks().size(), "forks = 0 times in this JVM: one fork");
            assertNotNull(b.forks().get(0).warmup(), "the warm-up is recorded");
            assertEquals("float64", b.precision());
        }
        List<BenchmarkResult> read = RunRecordStore.read(a.runDir()).benchmarks();
        for (int i = 0; i < bs.size(); i++) {
            assertArrayEquals(bs.get(i).samples(), read.get(i).samples(), "the written record holds the raw samples of " + bs.get(i).name());
        }

        BenchRunner.Outcome b = BenchRunner.run(tiny(4), tmp.resolve("runs"), tmp, null, ProgressListener.NONE);
        assertEquals(bs.get(0).version(), b.record().benchmarks().get(0).version(), "the same definition has the same version");
        var comparison = Compare.compare(BenchmarkSet.read(a.runDir()), BenchmarkSet.read(b.runDir()));
        assertEquals(bs.size(), comparison.rows().size());

        BenchRunner.Outcome other = BenchRunner.run(tiny(6), tmp.resolve("runs"), tmp, null, ProgressListener.NONE);
        assertNotEquals(bs.get(0).version(), other.record().benchmarks().get(0).version(), "another batch size is another benchmark");
    }
}
