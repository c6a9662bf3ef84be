package flatbench.compare;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.ContinuityCorrection;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

import java.util.Arrays;

/**
 * Two-sided Mann–Whitney U test of two independent samples. Without ties and with fewer than
 * {@value #EXACT_BELOW} values per sample the p-value comes from the exact null distribution of U;
 * otherwise from the normal approximation with tie-corrected variance and continuity correction
 * (the same choices as scipy.stats.mannwhitneyu's defaults).
 *
 * @param u      U statistic of the first sample: pairs (x_i, y_j) with x_i &gt; y_j, ties counting one half
 * @param pValue two-sided p-value
 * @param exact  whether the exact distribution was used
 */
public record MannWhitney(double u, double pValue, boolean exact) {
    /** Above this size the exact distribution costs more than the normal approximation loses. */
    public static final int EXACT_BELOW = 50;

    public static MannWhitney test(double[] x, double[] y) {
        if (x.length == 0 || y.length == 0) throw new IllegalArgumentException("the Mann–Whitney test needs at least one sample on each side");
        boolean exact = x.length < EXACT_BELOW && y.length < EXACT_BELOW && !hasTies(x, y);
        MannWhitneyUTest test = MannWhitneyUTest.withDefaults()
                .with(AlternativeHypothesis.TWO_SIDED)
                .with(ContinuityCorrection.ENABLED)
                .with(exact ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC);
        MannWhitneyUTest.Result r = test.test(x, y);
        return new MannWhitney(r.getStatistic(), r.getPValue(), exact);
    }

    static boolean hasTies(double[] x, double[] y) {
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        Arrays.sort(all);
        for (int i = 1; i < all.length; i++) if (all[i] == all[i - 1]) return true;
        return false;
    }
}
