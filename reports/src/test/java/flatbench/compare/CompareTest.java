package flatbench.compare;

import flatbench.record.BenchmarkResult;
import flatbench.record.Direction;
import flatbench.record.Provenance;
import flatbench.record.RecordException;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CompareTest {
    @TempDir Path dir;

    /** n samples around {@code center} with 1% relative Gaussian noise, seeded. */
    static double[] samples(double center, int n, long seed) {
        Random r = new Random(seed);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = center * (1 + 0.01 * r.nextGaussian());
        return s;
    }

    static BenchmarkResult bench(String name, double center, int n, long seed) {
        return BenchmarkResult.of(name, "v1", "s", "box", "float64", samples(center, n, seed));
    }

    static BenchmarkSet set(String label, BenchmarkResult... b) {
        return new BenchmarkSet(label, "box", "c0ffee", "2026-01-01T00:00:00Z", List.of(b));
    }

    static Verdict verdict(BenchmarkResult base, BenchmarkResult next) {
        Comparison c = Compare.compare(set("base", base), set("new", next));
        assertEquals(1, c.rows().size());
        return c.rows().get(0).verdict();
    }

    @Test
    void fasterIsImproved() {
        assertEquals(Verdict.IMPROVED, verdict(bench("hvp", 10, 10, 1), bench("hvp", 8, 10, 2)));
    }

    @Test
    void slowerIsRegressedAndSetsTheExitCode() {
        Comparison c = Compare.compare(set("base", bench("hvp", 10, 10, 1)), set("new", bench("hvp", 12.5, 10, 2)));
        assertEquals(Verdict.REGRESSED, c.rows().get(0).verdict());
        assertEquals(1.25, c.rows().get(0).ratio(), 0.05);
        assertEquals(1, c.exitCode());
    }

    @Test
    void smallSignificantChangeIsUnchanged() {
        // 3% slower with 1% noise and 20 samples is significant, but below the 10% size gate.
        Comparison c = Compare.compare(set("base", bench("hvp", 10, 20, 1)), set("new", bench("hvp", 10.3, 20, 2)));
        assertTrue(c.rows().get(0).pValue() < 0.05);
        assertEquals(Verdict.UNCHANGED, c.rows().get(0).verdict());
        assertEquals(0, c.exitCode());
    }

    @Test
    void fewNoisySamplesAreInconclusive() {
        // Two samples a side: the smallest possible exact two-sided p is 1/3, so no change can be significant.
        BenchmarkResult base = BenchmarkResult.of("hvp", "v1", "s", "box", "float64", 10, 14);
        BenchmarkResult next = BenchmarkResult.of("hvp", "v1", "s", "box", "float64", 15, 16);
        Comparison c = Compare.compare(set("base", base), set("new", next));
        assertEquals(Verdict.INCONCLUSIVE, c.rows().get(0).verdict());
        assertEquals(1.0 / 3.0, c.rows().get(0).pValue(), 1e-12);
        assertEquals(0, c.exitCode());
    }

    @Test
    void differentVersionMachinePrecisionOrMissingIsIncomparable() {
        double[] s = samples(10, 10, 1);
        double[] slow = samples(20, 10, 2);
        BenchmarkResult base = BenchmarkResult.of("hvp", "v1", "s", "box", "float64", s);
        assertEquals(Verdict.INCOMPARABLE, verdict(base, BenchmarkResult.of("hvp", "v2", "s", "box", "float64", slow)));
        assertEquals(Verdict.INCOMPARABLE, verdict(base, BenchmarkResult.of("hvp", "v1", "s", "other", "float64", slow)));
        assertEquals(Verdict.INCOMPARABLE, verdict(base, BenchmarkResult.of("hvp", "v1", "s", "box", "float32", slow)));
        Comparison c = Compare.compare(set("base", base, bench("gone", 1, 5, 3)), set("new", bench("hvp", 20, 10, 4), bench("added", 1, 5, 5)));
        assertEquals(List.of("added", "gone", "hvp"), c.rows().stream().map(BenchmarkComparison::name).toList());
        assertEquals(List.of(Verdict.INCOMPARABLE, Verdict.INCOMPARABLE, Verdict.REGRESSED),
                c.rows().stream().map(BenchmarkComparison::verdict).toList());
        assertEquals(c.rows().get(2).ratio(), c.geometricMeanRatio(), 1e-12, "incomparable rows stay out of the mean");
    }

    @Test
    void higherIsBetterFlipsTheVerdict() {
        BenchmarkResult base = new BenchmarkResult("throughput", "v1", "samples/s", Direction.HIGHER, "box", "float64",
                samples(100, 10, 1), BenchmarkResult.median(samples(100, 10, 1)));
        BenchmarkResult next = new BenchmarkResult("throughput", "v1", "samples/s", Direction.HIGHER, "box", "float64",
                samples(150, 10, 2), BenchmarkResult.median(samples(150, 10, 2)));
        assertEquals(Verdict.IMPROVED, verdict(base, next));
        assertEquals(Verdict.REGRESSED, verdict(next, base));
    }

    @Test
    void geometricMeanOfReciprocalRatiosIsOne() {
        BenchmarkResult a0 = BenchmarkResult.of("a", "v1", "s", "box", "float64", 10, 10, 10);
        BenchmarkResult a1 = BenchmarkResult.of("a", "v1", "s", "box", "float64", 8, 8, 8);
        BenchmarkResult b0 = BenchmarkResult.of("b", "v1", "s", "box", "float64", 8, 8, 8);
        BenchmarkResult b1 = BenchmarkResult.of("b", "v1", "s", "box", "float64", 10, 10, 10);
        Comparison c = Compare.compare(set("base", a0, b0), set("new", a1, b1));
        assertEquals(1.0, c.geometricMeanRatio(), 1e-12); // sqrt(0.8 * 1.25)
        String md = c.toMarkdown();
        assertTrue(md.contains("| **geometric mean** |"), md);
        assertTrue(md.contains("| a | s | 10.00 | 8.000 | 0.800 |"), md);
    }

    @Test
    void setsWithNothingInCommonCannotBeCompared() {
        RecordException e = assertThrows(RecordException.class,
                () -> Compare.compare(set("base.json", bench("a", 1, 3, 1)), set("new.json", bench("b", 1, 3, 2))));
        assertTrue(e.getMessage().contains("share no benchmark name"), e.getMessage());
        assertThrows(RecordException.class, () -> Compare.compare(set("base.json"), set("new.json", bench("b", 1, 3, 2))));
        assertThrows(IllegalArgumentException.class, () -> Compare.compare(set("a", bench("a", 1, 3, 1)), set("b", bench("a", 1, 3, 1)), 0.9, 0.05));
    }

    @Test
    void comparesRecordsReadFromFilesAndWritesJson() throws Exception {
        Provenance p = new Provenance("abc", false, 1, "reference", "float64", "jvm", "os", "cpu", "box", null, null, null, null, null, null);
        RunRecordStore.write(dir.resolve("a"), RunRecord.builder("a", p).benchmark(bench("hvp", 10, 10, 1)).build());
        RunRecordStore.write(dir.resolve("b"), RunRecord.builder("b", p).benchmark(bench("hvp", 13, 10, 2)).build());
        Comparison c = Compare.compare(BenchmarkSet.read(dir.resolve("a")), BenchmarkSet.read(dir.resolve("b")));
        assertEquals(Verdict.REGRESSED, c.rows().get(0).verdict());
        String json = c.toJson();
        assertTrue(json.contains("\"verdict\" : \"REGRESSED\""), json);
        assertTrue(json.contains("\"geometricMeanRatio\""), json);
    }
}
