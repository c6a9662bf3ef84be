package flatbench.benchmark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.statistics.distribution.BetaDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.compare.BenchmarkComparison;
import flatbench.compare.BenchmarkSet;
import flatbench.compare.Compare;
import flatbench.compare.Comparison;
import flatbench.compare.Verdict;
import flatbench.measure.ProgressListener;
import flatbench.record.RunRecord;

/**
 * How often the compare verdict is wrong, measured the way a user would meet it: interleaved
 * forks of two builds, pooled, compared at the default gates.
 *
 * <ul>
 *   <li>A/A: both sides are the same code; every REGRESSED or IMPROVED verdict is a false positive.</li>
 *   <li>A/B: the new side's {@code projection} is planted 1.3× slower ({@link PlantedSlowdownProvider}); the
 *       comparison must say REGRESSED for it. Its other four work items are unchanged and count as A/A rows.</li>
 * </ul>
 * {@code make test} runs one A/B comparison of a planted ×{@value #TEST_FACTOR} ({@link #aPlantedSlowdownIsRegressed}). {@code make verdict-rates} runs many
 * at ×{@value #PLANTED_FACTOR}
 * ({@code -Dflatbench.verdicts.aa=N -Dflatbench.verdicts.ab=M}) and prints both rates with 95% intervals.
 */
class VerdictRatesTest {
    @TempDir Path tmp;

    /**
     * The planted item: the MLP's projection, whose fork medians agree within about 1% on an idle
     * machine. The fast hvp and forward-backward items (5-10 ms) spread ±25-50% between JVMs even
     * idle, so a slowdown planted there tests the JIT's run-to-run variance, not the verdict rule.
     */
    static final String PLANTED_ITEM = "projection";
    static final double PLANTED_FACTOR = 1.3;
    static final int FORKS = Integer.getInteger("flatbench.verdicts.forks", 5);

    /** The fast MLP on the plain-Java engine; warm-up shortened so that a fork takes seconds. The Lanczos item also runs HVPs, so it is left out. */
    private static List<String> benchArguments() {
        return List.of("bench", "--engine", PlantedSlowdownProvider.NAME, "--models", "mlp", "--batch", "64", "--forks", "0", "--warmup", "2",
                "--warmup-time", "0.3", "--iterations", "15", "--lanczos-iterations", "0");
    }

    private static ForkCommand side(String label, String planted) {
        return ForkCommand.ofThisJvm(label, "flatbench.cli.Main",
                planted == null ? List.of() : List.of("-D" + PlantedSlowdownProvider.PROPERTY + "=" + planted), benchArguments());
    }

    private Comparison compare(ForkCommand base, ForkCommand next) {
        Forks.Sides s = Forks.interleave(base, next, FORKS, ProgressListener.NONE);
        RunRecord b = Forks.pool("base", s.base());
        RunRecord n = Forks.pool("new", s.next());
        return Compare.compare(BenchmarkSet.of(b), BenchmarkSet.of(n));
    }

    private static boolean flagged(BenchmarkComparison r) {
        return r.verdict() == Verdict.REGRESSED || r.verdict() == Verdict.IMPROVED;
    }

    /**
     * One A/B comparison, with a slowdown large enough to be told from this machine's noise with
     * the test's few forks: {@value #PLANTED_FACTOR}× needs a paired interval of about ×1.08 either
     * way, and the forks of a 2-core machine spread by ±14% even when idle (so the test skipped
     * itself); ×{@value #TEST_FACTOR} is detected at the spreads such a machine has. Whether the
     * comparison was precise enough is derived from the verdict rule and the measured spread
     * ({@link #decisive}): then the verdict must be REGRESSED, or detection is broken; on a machine
     * too loaded even for that, the test is skipped with the measured spread, never passed. The
     * unplanted items are printed, not asserted: a single A/A row may be a false positive at rate
     * alpha, which is what {@link #measuredRates} measures ({@value #PLANTED_FACTOR}× there).
     */
    @Tag("slow")
    @Test
    void aPlantedSlowdownIsRegressed() {
        Comparison c = compare(side("A", null), side("B", PLANTED_ITEM + ":" + TEST_FACTOR));
        System.out.println(c.toMarkdown());
        long rows = c.rows().stream().filter(r -> r.verdict() != Verdict.INCOMPARABLE).count();
        assertEquals(5, rows, c::toMarkdown);
        BenchmarkComparison planted = c.rows().stream().filter(r -> r.name().equals("mlp/" + PLANTED_ITEM)).findFirst().orElseThrow();
        assertTrue(planted.paired(), "interleaved forks are compared round by round");
        assertTrue(planted.verdict() != Verdict.IMPROVED, c::toMarkdown);
        double halfWidth = Math.sqrt(planted.ratioHigh() / planted.ratioLow());
        org.junit.jupiter.api.Assumptions.assumeTrue(decisive(halfWidth, FORKS, (int) rows), () -> String.format(Locale.ROOT,
                "this machine is too noisy to detect x%.1f with %d forks a side: the planted item's ratio's interval is x%.2f either way "
                        + "(fork spread ±%.0f%%/±%.0f%%); run it on an idle machine", TEST_FACTOR, FORKS, halfWidth,
                100 * planted.baseSpread(), 100 * planted.nextSpread()));
        assertEquals(Verdict.REGRESSED, planted.verdict(), c::toMarkdown);
    }

    /** The planted factor of {@link #aPlantedSlowdownIsRegressed}. */
    static final double TEST_FACTOR = 3.0;

    /**
     * Whether a true ×{@value #TEST_FACTOR} must pass both gates of the verdict rule, given the
     * paired interval's half-width (a factor) over {@code forks} rounds: with se the standard
     * error of the log ratio (half-width = t(0.975, df)·se, df = forks − 1), the estimate
     * ln F must lie more than m = t(0.995, df) standard errors (one-sided 0.5%: the chance the
     * test fails although detection works) above both the size gate ln 1.10 and the smallest log
     * ratio whose p passes Holm's adjustment over all rows (t(1 − α/(2·rows), df)·se). The mean
     * and the standard error of normal data are independent, so skipping on a wide interval
     * does not select on the estimate. At 5 forks and 5 rows: decisive up to ×1.39 either way.
     */
    static boolean decisive(double halfWidth, int forks, int rows) {
        var t = org.apache.commons.statistics.distribution.TDistribution.of(forks - 1);
        double se = Math.log(halfWidth) / t.inverseCumulativeProbability(1 - Compare.DEFAULT_ALPHA / 2);
        double m = t.inverseCumulativeProbability(0.995);
        double holm = t.inverseCumulativeProbability(1 - Compare.DEFAULT_ALPHA / (2 * rows));
        double lnF = Math.log(TEST_FACTOR);
        return lnF - Math.log(Compare.DEFAULT_SIZE_FACTOR) >= m * se && lnF >= (holm + m) * se;
    }

    /** The long version, behind {@code make verdict-rates}: skipped unless asked for. */
    @Test
    void measuredRates() {
        int aa = Integer.getInteger("flatbench.verdicts.aa", 0);
        int ab = Integer.getInteger("flatbench.verdicts.ab", 0);
        org.junit.jupiter.api.Assumptions.assumeTrue(aa + ab > 0, "set -Dflatbench.verdicts.aa=N and/or -Dflatbench.verdicts.ab=M (make verdict-rates)");
        int aaRows = 0, aaFlagged = 0, aaComparisonsFlagged = 0;
        List<String> log = new ArrayList<>();
        for (int i = 0; i < aa; i++) {
            Comparison c = compare(side("A", null), side("A'", null));
            long f = c.rows().stream().filter(VerdictRatesTest::flagged).count();
            aaRows += (int) (c.rows().size() - c.count(Verdict.INCOMPARABLE));
            aaFlagged += (int) f;
            if (f > 0) aaComparisonsFlagged++;
            log.add(String.format(Locale.ROOT, "A/A %d: %s", i + 1, summary(c)));
            System.out.println(log.get(log.size() - 1));
        }
        int detected = 0, abRows = 0, abFlagged = 0;
        for (int i = 0; i < ab; i++) {
            Comparison c = compare(side("A", null), side("B", PLANTED_ITEM + ":" + PLANTED_FACTOR));
            for (BenchmarkComparison r : c.rows()) {
                if (r.name().endsWith("/" + PLANTED_ITEM)) {
                    if (r.verdict() == Verdict.REGRESSED) detected++;
                } else if (r.verdict() != Verdict.INCOMPARABLE) {
                    abRows++;
                    if (flagged(r)) abFlagged++;
                }
            }
            log.add(String.format(Locale.ROOT, "A/B %d: %s", i + 1, summary(c)));
            System.out.println(log.get(log.size() - 1));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "verdict rates at the default gates (×%.2f, alpha %.2f), %d forks a side, interleaved, %s cores, load average %.1f at the end:%n",
                Compare.DEFAULT_SIZE_FACTOR, Compare.DEFAULT_ALPHA, FORKS, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (aa > 0) {
            System.out.println("  A/A false positives, per work item: " + rate(aaFlagged, aaRows));
            System.out.println("  A/A comparisons with any REGRESSED/IMPROVED: " + rate(aaComparisonsFlagged, aa));
        }
        if (ab > 0) {
            System.out.println("  planted ×" + PLANTED_FACTOR + " " + PLANTED_ITEM + " detected (REGRESSED): " + rate(detected, ab));
            System.out.println("  untouched items flagged in the A/B comparisons: " + rate(abFlagged, abRows));
        }
    }

    private static String summary(Comparison c) {
        StringBuilder sb = new StringBuilder();
        for (BenchmarkComparison r : c.rows()) {
            sb.append(String.format(Locale.ROOT, "%s ×%.3f [%.3f, %.3f] %s; ", r.name().substring(r.name().indexOf('/') + 1), r.ratio(),
                    r.ratioLow(), r.ratioHigh(), r.verdict()));
        }
        return sb.toString();
    }

    /** k of n with its exact (Clopper–Pearson) 95% interval. */
    static String rate(int k, int n) {
        if (n == 0) return "no cases";
        double lo = k == 0 ? 0 : BetaDistribution.of(k, n - k + 1.0).inverseCumulativeProbability(0.025);
        double hi = k == n ? 1 : BetaDistribution.of(k + 1.0, n - k).inverseCumulativeProbability(0.975);
        return String.format(Locale.ROOT, "%d/%d = %.1f%% (95%% interval %.1f%%–%.1f%%)", k, n, 100.0 * k / n, 100 * lo, 100 * hi);
    }
}
