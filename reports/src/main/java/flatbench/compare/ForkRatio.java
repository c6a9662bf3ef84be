package flatbench.compare;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The ratio new / base of one benchmark, estimated from per-fork medians so that its uncertainty
 * is the spread between JVMs, not the (much smaller, correlated) spread of the samples inside one
 * JVM: Welch's t on the natural logarithms of the fork medians. Logarithms because timings are
 * ratio-scaled and right-skewed; Welch because the two sides may spread differently.
 *
 * @param ratio      exp(mean log new fork median − mean log base fork median), the ratio of the geometric means
 * @param low        lower end of the two-sided (1 − alpha) confidence interval of the ratio; NaN with fewer than two forks on a side
 * @param high       upper end of that interval
 * @param pValue     two-sided p-value of equal mean log fork medians; NaN with fewer than two forks on a side
 * @param baseSpread standard deviation of the log fork medians of the base side (≈ relative spread between forks); NaN for one fork
 * @param nextSpread the same for the new side
 * @param paired     whether the forks were paired by interleaving round ({@link #paired}) rather than compared as two groups
 */
public record ForkRatio(double ratio, double low, double high, double pValue, double baseSpread, double nextSpread, boolean paired) {
    /** Forks each side needs before a between-fork variance, and so a test, exists. */
    public static final int MIN_FORKS = 2;

    /** @param base positive fork medians of the base side; {@code next} likewise */
    public static ForkRatio of(double[] base, double[] next, double alpha) {
        if (base.length == 0 || next.length == 0) throw new IllegalArgumentException("each side needs at least one fork");
        double[] lb = logs(base), ln = logs(next);
        double mb = mean(lb), mn = mean(ln);
        double ratio = Math.exp(mn - mb);
        double vb = variance(lb, mb), vn = variance(ln, mn);
        if (base.length < MIN_FORKS || next.length < MIN_FORKS) {
            return new ForkRatio(ratio, Double.NaN, Double.NaN, Double.NaN, Math.sqrt(vb), Math.sqrt(vn), false);
        }
        double sb = vb / base.length, sn = vn / next.length;
        double se = Math.sqrt(sb + sn);
        double diff = mn - mb;
        if (se == 0) {
            // Every fork of each side gave the same median: no spread to test against, the difference is exact.
            return new ForkRatio(ratio, ratio, ratio, diff == 0 ? 1.0 : 0.0, 0, 0, false);
        }
        double df = (sb + sn) * (sb + sn) / (sb * sb / (base.length - 1) + sn * sn / (next.length - 1));
        TDistribution t = TDistribution.of(df);
        double p = 2 * t.survivalProbability(Math.abs(diff) / se);
        double half = t.inverseSurvivalProbability(alpha / 2) * se;
        return new ForkRatio(ratio, Math.exp(diff - half), Math.exp(diff + half), Math.min(1.0, p), Math.sqrt(vb), Math.sqrt(vn), false);
    }

    /**
     * The ratio from forks that ran in interleaved rounds, base and new side by side in each:
     * the paired t-test on the per-round log ratios ln(new_r / base_r). Load on the machine that
     * lasts longer than a round slows both forks of the round alike and cancels in their ratio,
     * which the two-group test cannot exploit; this is what interleaving is for.
     *
     * @param base positive fork medians of the base side, one per round; {@code next} the same rounds' medians of the new side
     */
    public static ForkRatio paired(double[] base, double[] next, double alpha) {
        if (base.length != next.length) throw new IllegalArgumentException("paired forks need one base and one new fork per round");
        double[] lb = logs(base), ln = logs(next);
        double[] d = new double[base.length];
        for (int i = 0; i < d.length; i++) d[i] = ln[i] - lb[i];
        double md = mean(d);
        double sb = Math.sqrt(variance(lb, mean(lb))), sn = Math.sqrt(variance(ln, mean(ln)));
        if (d.length < MIN_FORKS) return new ForkRatio(Math.exp(md), Double.NaN, Double.NaN, Double.NaN, sb, sn, true);
        double se = Math.sqrt(variance(d, md) / d.length);
        if (se == 0) return new ForkRatio(Math.exp(md), Math.exp(md), Math.exp(md), md == 0 ? 1.0 : 0.0, sb, sn, true);
        TDistribution t = TDistribution.of(d.length - 1);
        double p = 2 * t.survivalProbability(Math.abs(md) / se);
        double half = t.inverseSurvivalProbability(alpha / 2) * se;
        return new ForkRatio(Math.exp(md), Math.exp(md - half), Math.exp(md + half), Math.min(1.0, p), sb, sn, true);
    }

    /**
     * Standard deviation of the logarithms of positive fork medians: about the relative spread
     * between JVMs (0.05 ≈ ±5%); NaN for fewer than two.
     */
    public static double logSpread(double[] forkMedians) {
        double[] l = logs(forkMedians);
        return Math.sqrt(variance(l, mean(l)));
    }

    /** Whether there were enough forks for an interval and a p-value. */
    public boolean tested() { return !Double.isNaN(pValue); }

    private static double[] logs(double[] x) {
        double[] l = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0) || !Double.isFinite(x[i])) throw new IllegalArgumentException("fork medians must be positive and finite, not " + x[i]);
            l[i] = Math.log(x[i]);
        }
        return l;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    /** Sample variance (n − 1); NaN for a single value, whose spread is unknown. */
    private static double variance(double[] x, double mean) {
        if (x.length < 2) return Double.NaN;
        double s = 0;
        for (double v : x) s += (v - mean) * (v - mean);
        return s / (x.length - 1);
    }
}
