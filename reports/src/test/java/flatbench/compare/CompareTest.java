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
import java.util.ArrayList;
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

    /** {@code forks} JVMs of 5 samples each; each JVM's level is off by a seeded 2% (the between-fork spread). */
    static BenchmarkResult bench(String name, double center, int forks, long seed) {
        return bench(name, Direction.LOWER, center, forks, seed);
    }

    static BenchmarkResult bench(String name, Direction better, double center, int forks, long seed) {
        Random r = new Random(seed);
        List<BenchmarkResult.Fork> f = new ArrayList<>();
        for (int i = 0; i < forks; i++) f.add(new BenchmarkResult.Fork(samples(center * (1 + 0.02 * r.nextGaussian()), 5, seed * 100 + i), null));
        BenchmarkResult b = BenchmarkResult.of(name, "v1", "s", "box", "float64", f);
        return new BenchmarkResult(b.name(), b.version(), b.unit(), better, b.machine(), b.precision(), b.forks(), b.median());
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
        assertEquals(Verdict.IMPROVED, verdict(bench("hvp", 10, 5, 1), bench("hvp", 8, 5, 2)));
    }

    @Test
    void slowerIsRegressedAndSetsTheExitCode() {
        Comparison c = Compare.compare(set("base", bench("hvp", 10, 5, 1)), set("new", bench("hvp", 12.5, 5, 2)));
        BenchmarkComparison row = c.rows().get(0);
        assertEquals(Verdict.REGRESSED, row.verdict());
        assertEquals(1.25, row.ratio(), 0.05);
        assertTrue(row.ratioLow() < row.ratio() && row.ratio() < row.ratioHigh() && row.ratioLow() > 1, row.toString());
        assertEquals(5, row.baseForks());
        assertEquals(0.02, row.baseSpread(), 0.015, "the spread between forks is what was planted");
        assertEquals(1, c.exitCode());
    }

    @Test
    void smallSignificantChangeIsUnchanged() {
        // 4% slower with 2% between-fork noise and 12 forks a side is significant, but below the 10% size gate.
        Comparison c = Compare.compare(set("base", bench("hvp", 10, 12, 1)), set("new", bench("hvp", 10.4, 12, 2)));
        assertTrue(c.rows().get(0).pValue() < 0.05, c.toMarkdown());
        assertEquals(Verdict.UNCHANGED, c.rows().get(0).verdict());
        assertEquals(0, c.exitCode());
    }

    @Test
    void manySamplesOfOneJvmCannotMakeAVerdict() {
        // 1000 tight samples per side, but each side is one JVM: its level may be that JVM's luck.
        BenchmarkResult base = BenchmarkResult.of("hvp", "v1", "s", "box", "float64", samples(10, 1000, 1));
        BenchmarkResult next = BenchmarkResult.of("hvp", "v1", "s", "box", "float64", samples(13, 1000, 2));
        Comparison c = Compare.compare(set("base", base), set("new", next));
        assertEquals(Verdict.INCONCLUSIVE, c.rows().get(0).verdict());
        assertTrue(c.rows().get(0).reason().contains("one fork"), c.rows().get(0).reason());
        assertEquals(0, c.exitCode());
    }

    @Test
    void forksThatDisagreeAreInconclusive() {
        // Within each fork the samples are tight, but the forks scatter by ±40 %: a 1.3× shift is not distinguishable.
        List<BenchmarkResult.Fork> b = new ArrayList<>(), n = new ArrayList<>();
        double[] levels = {0.6, 1.0, 1.4, 0.8, 1.2};
        for (int i = 0; i < levels.length; i++) {
            b.add(new BenchmarkResult.Fork(samples(10 * levels[i], 50, i), null));
            n.add(new BenchmarkResult.Fork(samples(13 * levels[(i + 2) % 5], 50, 10 + i), null));
        }
        BenchmarkComparison row = Compare.compare(set("base", BenchmarkResult.of("hvp", "v1", "s", "box", "float64", b)),
                set("new", BenchmarkResult.of("hvp", "v1", "s", "box", "float64", n))).rows().get(0);
        assertEquals(Verdict.INCONCLUSIVE, row.verdict(), row.toString());
        assertTrue(row.pValue() > 0.05);
    }

    private static BenchmarkComparison tested(String name, double ratio, double rawP) {
        return new BenchmarkComparison(name, "s", Direction.LOWER, 1, ratio, ratio, Double.NaN, Double.NaN, rawP, rawP, 5, 5, 0.1, 0.1,
                true, Verdict.INCONCLUSIVE, "");
    }

    @Test
    void pValuesAreHolmAdjustedOverTheComparison() {
        List<BenchmarkComparison> rows = List.of(tested("a", 1.5, 0.04), tested("b", 1.5, 0.01), tested("c", 1.5, 0.02),
                new BenchmarkComparison("d", "s", Direction.LOWER, 1, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        0, 5, Double.NaN, Double.NaN, false, Verdict.INCOMPARABLE, "only in the new set"));
        List<BenchmarkComparison> adj = Compare.holm(rows, 1.1, 0.05);
        // sorted raw p 0.01, 0.02, 0.04 → 3 × 0.01 = 0.03, max(0.03, 2 × 0.02) = 0.04, max(0.04, 1 × 0.04) = 0.04
        assertEquals(0.04, adj.get(0).pValue(), 1e-15);
        assertEquals(0.03, adj.get(1).pValue(), 1e-15);
        assertEquals(0.04, adj.get(2).pValue(), 1e-15);
        assertEquals(0.01, adj.get(1).rawPValue(), 0.0);
        assertEquals(List.of(Verdict.REGRESSED, Verdict.REGRESSED, Verdict.REGRESSED, Verdict.INCOMPARABLE),
                adj.stream().map(BenchmarkComparison::verdict).toList());
        assertEquals(Verdict.INCONCLUSIVE, Compare.holm(rows, 1.1, 0.035).get(0).verdict(), "0.04 ≥ 0.035 once adjusted");
        assertEquals(Verdict.REGRESSED, Compare.holm(rows, 1.1, 0.035).get(1).verdict());
    }

    @Test
    void interleavedForksArePairedByRound() {
        // Each round's load moves both sides together (±30 % from round to round); new is 1.2x slower within every round.
        double[] load = {1.0, 1.4, 0.7, 1.2, 0.9};
        List<BenchmarkResult.Fork> b = new ArrayList<>(), n = new ArrayList<>();
        for (int i = 0; i < load.length; i++) {
            b.add(new BenchmarkResult.Fork(samples(10 * load[i], 5, i), null, i + 1));
            n.add(new BenchmarkResult.Fork(samples(12 * load[i], 5, 10 + i), null, i + 1));
        }
        BenchmarkResult base = BenchmarkResult.of("hvp", "v1", "s", "box", "float64", b);
        BenchmarkResult next = BenchmarkResult.of("hvp", "v1", "s", "box", "float64", n);
        BenchmarkComparison row = Compare.compare(set("base", base), set("new", next)).rows().get(0);
        assertTrue(row.paired());
        assertEquals(Verdict.REGRESSED, row.verdict(), row.toString());
        assertEquals(1.2, row.ratio(), 0.02);
        // Without the rounds the same forks are two scattered groups, and the shift is lost in the scatter.
        BenchmarkResult unpairedNext = BenchmarkResult.of("hvp", "v1", "s", "box", "float64",
                n.stream().map(f -> new BenchmarkResult.Fork(f.samples(), null)).toList());
        BenchmarkComparison unpaired = Compare.compare(set("base", base), set("new", unpairedNext)).rows().get(0);
        assertFalse(unpaired.paired());
        assertEquals(Verdict.INCONCLUSIVE, unpaired.verdict(), unpaired.toString());
    }

    @Test
    void differentVersionMachinePrecisionOrMissingIsIncomparable() {
        double[] s = samples(10, 10, 1);
        double[] slow = samples(20, 10, 2);
        BenchmarkResult base = BenchmarkResult.of("hvp", "v1", "s", "box", "float64", s);
        assertEquals(Verdict.INCOMPARABLE, verdict(base, BenchmarkResult.of("hvp", "v2", "s", "box", "float64", slow)));
        assertEquals(Verdict.INCOMPARABLE, verdict(base, BenchmarkResult.of("hvp", "v1", "s", "other", "float64", slow)));
        assertEquals(Verdict.INCOMPARABLE, verdict(base, BenchmarkResult.of("hvp", "v1", "s", "box", "float32", slow)));
        Comparison c = Compare.compare(set("base", bench("hvp", 10, 5, 1), bench("gone", 1, 5, 3)),
                set("new", bench("hvp", 20, 5, 4), bench("added", 1, 5, 5)));
        assertEquals(List.of("added", "gone", "hvp"), c.rows().stream().map(BenchmarkComparison::name).toList());
        assertEquals(List.of(Verdict.INCOMPARABLE, Verdict.INCOMPARABLE, Verdict.REGRESSED),
                c.rows().stream().map(BenchmarkComparison::verdict).toList());
        assertEquals(c.rows().get(2).ratio(), c.geometricMeanRatio(), 1e-12, "incomparable rows stay out of the mean");
    }

    @Test
    void higherIsBetterFlipsTheVerdict() {
        BenchmarkResult base = bench("throughput", Direction.HIGHER, 100, 5, 1);
        BenchmarkResult next = bench("throughput", Direction.HIGHER, 150, 5, 2);
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
        assertTrue(md.contains("| a | s | 10.00 | 8.000 | 0.800 | – | – | 1/1 | –/– | INCONCLUSIVE |"), md);
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
        RunRecordStore.write(dir.resolve("a"), RunRecord.builder("a", p).benchmark(bench("hvp", 10, 5, 1)).build());
        RunRecordStore.write(dir.resolve("b"), RunRecord.builder("b", p).benchmark(bench("hvp", 13, 5, 2)).build());
        BenchmarkSet a = BenchmarkSet.read(dir.resolve("a"));
        assertEquals(bench("hvp", 10, 5, 1), a.benchmarks().get(0), "forks and their samples survive the file");
        Comparison c = Compare.compare(a, BenchmarkSet.read(dir.resolve("b")));
        assertEquals(Verdict.REGRESSED, c.rows().get(0).verdict());
        String json = c.toJson();
        assertTrue(json.contains("\"verdict\" : \"REGRESSED\""), json);
        assertTrue(json.contains("\"geometricMeanRatio\""), json);
    }
}
