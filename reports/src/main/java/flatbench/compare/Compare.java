package flatbench.compare;

import flatbench.record.BenchmarkResult;
import flatbench.record.Direction;
import flatbench.record.RecordException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares two benchmark sets the way google/benchmark's compare.py and asv do, with JMH's
 * lesson that the samples of one JVM are not independent: benchmarks are matched by name; the
 * ratio new / base and its uncertainty come from the per-fork medians ({@link ForkRatio}: a
 * paired t-test on the per-round log ratios when both sides ran in the same interleaved rounds,
 * Welch's t on the log fork medians otherwise), so a JVM that happened to compile or collect
 * differently counts as one observation, not as many. A difference counts only if the ratio passes the size gate AND
 * the test over fork medians passes the significance gate, its p-value adjusted (Holm) over all the
 * benchmarks of the comparison.
 */
public final class Compare {
    /** A change smaller than 10% is treated as noise whatever the test says. */
    public static final double DEFAULT_SIZE_FACTOR = 1.10;
    public static final double DEFAULT_ALPHA = 0.05;

    private Compare() {}

    public static Comparison compare(BenchmarkSet base, BenchmarkSet next) {
        return compare(base, next, DEFAULT_SIZE_FACTOR, DEFAULT_ALPHA);
    }

    /**
     * @param sizeFactor a ratio (of the geometric means of fork medians) of at least this (or at most its inverse) is large enough to matter; &gt; 1
     * @param alpha      significance level of the two-sided test over fork medians, in (0, 1); also sets the interval's level
     * @throws RecordException when the two sets share no benchmark name, so nothing can be compared
     */
    public static Comparison compare(BenchmarkSet base, BenchmarkSet next, double sizeFactor, double alpha) {
        if (!(sizeFactor > 1)) throw new IllegalArgumentException("size factor must be greater than 1, got " + sizeFactor);
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must lie strictly between 0 and 1, got " + alpha);
        Map<String, BenchmarkResult> b = byName(base);
        Map<String, BenchmarkResult> n = byName(next);
        if (b.keySet().stream().noneMatch(n::containsKey)) {
            throw new RecordException(base.label() + " and " + next.label() + " share no benchmark name ("
                    + (b.isEmpty() ? "the first has none" : n.isEmpty() ? "the second has none" : "e.g. " + b.keySet().iterator().next()
                    + " against " + n.keySet().iterator().next()) + "), so there is nothing to compare; compare two results of 'flatbench bench' with the same models.");
        }
        List<BenchmarkComparison> rows = new ArrayList<>();
        for (String name : new TreeSet<>(union(b, n))) {
            rows.add(compareOne(name, b.get(name), n.get(name), sizeFactor, alpha));
        }
        rows = holm(rows, sizeFactor, alpha);
        return new Comparison(base.label(), next.label(), base.machine(), next.machine(), base.commit(), next.commit(),
                sizeFactor, alpha, rows, geometricMean(rows));
    }

    static BenchmarkComparison compareOne(String name, BenchmarkResult b, BenchmarkResult n, double sizeFactor, double alpha) {
        BenchmarkResult any = b != null ? b : n;
        String incomparable = b == null ? "only in the new set"
                : n == null ? "only in the base set"
                : !b.version().equals(n.version()) ? "benchmark version changed (" + b.version() + " → " + n.version() + ")"
                : !b.machine().equals(n.machine()) ? "machine differs (" + b.machine() + " → " + n.machine() + ")"
                : !b.precision().equals(n.precision()) ? "precision differs (" + b.precision() + " → " + n.precision() + ")"
                : b.better() != n.better() ? "better-direction differs (" + b.better() + " → " + n.better() + ")"
                : b.forkMedians().length == 0 || n.forkMedians().length == 0 ? "a side has no samples"
                : !(allPositive(b.forkMedians()) && allPositive(n.forkMedians()))
                ? "a fork median is zero, negative or not finite, so no ratio can be formed"
                : null;
        if (incomparable != null) {
            return new BenchmarkComparison(name, any.unit(), any.better(), b == null ? Double.NaN : b.median(),
                    n == null ? Double.NaN : n.median(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    b == null ? 0 : b.forkMedians().length, n == null ? 0 : n.forkMedians().length, Double.NaN, Double.NaN,
                    false, Verdict.INCOMPARABLE, incomparable);
        }
        ForkRatio fr = pairedRounds(b, n).map(r -> ForkRatio.paired(r[0], r[1], alpha))
                .orElseGet(() -> ForkRatio.of(b.forkMedians(), n.forkMedians(), alpha));
        Decision d = decide(fr.ratio(), fr.pValue(), b.better(), sizeFactor, alpha);
        return new BenchmarkComparison(name, b.unit(), b.better(), b.median(), n.median(), fr.ratio(), fr.low(), fr.high(), fr.pValue(),
                fr.pValue(), b.forkMedians().length, n.forkMedians().length, fr.baseSpread(), fr.nextSpread(), fr.paired(), d.verdict(), d.reason());
    }

    private record Decision(Verdict verdict, String reason) {}

    /** The two gates: size on the ratio, significance on p (NaN: no test was possible). */
    private static Decision decide(double ratio, double p, Direction better, double sizeFactor, double alpha) {
        boolean larger = ratio >= sizeFactor;
        boolean smaller = ratio <= 1 / sizeFactor;
        if (!larger && !smaller) return new Decision(Verdict.UNCHANGED, "ratio within the size factor " + sizeFactor);
        if (Double.isNaN(p)) {
            return new Decision(Verdict.INCONCLUSIVE, "large change, but a side has one fork, so the spread between JVMs is unknown; bench with --forks "
                    + ForkRatio.MIN_FORKS + " or more");
        }
        if (p >= alpha) return new Decision(Verdict.INCONCLUSIVE, "large change but p ≥ " + alpha + " over the fork medians (Holm-adjusted); bench with more forks");
        if (better == Direction.NEITHER) return new Decision(Verdict.INCONCLUSIVE, "significant change, but neither direction is better");
        boolean worse = (better == Direction.LOWER) == larger;
        return new Decision(worse ? Verdict.REGRESSED : Verdict.IMPROVED, "size and significance gates passed");
    }

    /**
     * Holm's step-down adjustment of the p-values of the tested rows, so that the chance of any
     * false verdict in the whole comparison, not in each benchmark, stays below alpha: with five
     * work items an unadjusted 0.05 flags identical code in about one comparison in four.
     * Adjusted p_(i) = max over j ≤ i of min(1, (m − j + 1) p_(j)), for the m tested rows sorted by p.
     */
    static List<BenchmarkComparison> holm(List<BenchmarkComparison> rows, double sizeFactor, double alpha) {
        List<Integer> tested = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            BenchmarkComparison r = rows.get(i);
            if (r.verdict() != Verdict.INCOMPARABLE && !Double.isNaN(r.rawPValue())) tested.add(i);
        }
        tested.sort(java.util.Comparator.comparingDouble(i -> rows.get(i).rawPValue()));
        List<BenchmarkComparison> out = new ArrayList<>(rows);
        int m = tested.size();
        double running = 0;
        for (int k = 0; k < m; k++) {
            BenchmarkComparison r = rows.get(tested.get(k));
            running = Math.max(running, Math.min(1.0, (m - k) * r.rawPValue()));
            Decision d = decide(r.ratio(), running, r.better(), sizeFactor, alpha);
            out.set(tested.get(k), new BenchmarkComparison(r.name(), r.unit(), r.better(), r.baseMedian(), r.nextMedian(), r.ratio(),
                    r.ratioLow(), r.ratioHigh(), running, r.rawPValue(), r.baseForks(), r.nextForks(), r.baseSpread(), r.nextSpread(),
                    r.paired(), d.verdict(), d.reason()));
        }
        return out;
    }

    /** Base and new fork medians of the same interleaving rounds, when both sides ran in the same rounds. */
    static java.util.Optional<double[][]> pairedRounds(BenchmarkResult b, BenchmarkResult n) {
        var rb = b.mediansByRound();
        var rn = n.mediansByRound();
        if (rb.isEmpty() || rn.isEmpty() || !rb.get().keySet().equals(rn.get().keySet())) return java.util.Optional.empty();
        return java.util.Optional.of(new double[][] {
                rb.get().values().stream().mapToDouble(Double::doubleValue).toArray(),
                rn.get().values().stream().mapToDouble(Double::doubleValue).toArray()});
    }

    /** Geometric mean of the ratios of all comparable benchmarks; NaN when there is none. */
    static double geometricMean(List<BenchmarkComparison> rows) {
        double sum = 0;
        int k = 0;
        for (BenchmarkComparison r : rows) {
            if (r.verdict() != Verdict.INCOMPARABLE) {
                sum += Math.log(r.ratio());
                k++;
            }
        }
        return k == 0 ? Double.NaN : Math.exp(sum / k);
    }

    private static boolean allPositive(double[] x) {
        for (double v : x) if (!(v > 0) || !Double.isFinite(v)) return false;
        return true;
    }

    private static Map<String, BenchmarkResult> byName(BenchmarkSet s) {
        Map<String, BenchmarkResult> m = new LinkedHashMap<>();
        for (BenchmarkResult r : s.benchmarks()) {
            if (m.put(r.name(), r) != null) {
                throw new RecordException(s.label() + " holds benchmark '" + r.name() + "' twice, so it is ambiguous which one to compare; give each benchmark a unique name.");
            }
        }
        return m;
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        List<String> u = new ArrayList<>(a.keySet());
        u.addAll(b.keySet());
        return u;
    }
}
