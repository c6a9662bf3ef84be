package flatbench.measure;

import java.util.Arrays;

/**
 * Spearman's rank correlation: Pearson's correlation of the ranks, tied values sharing the mean of
 * the ranks they span (so it is exact with ties, not the 1 − 6Σd²/(n(n²−1)) shortcut that assumes
 * none).
 */
public final class RankCorrelation {
    private RankCorrelation() {}

    /** ρ of paired values; NaN with fewer than two pairs or when either side is all ties. */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " values against " + y.length);
        if (x.length < 2) return Double.NaN;
        return pearson(ranks(x), ranks(y));
    }

    /**
     * ρ of a bootstrap resample given as whole-number weights (times each pair was drawn): each
     * pair counted that many times, so repeated pairs are ties as in the resampled list.
     */
    public static double spearman(double[] x, double[] y, double[] counts) {
        int n = 0;
        for (double c : counts) n += (int) Math.round(c);
        double[] xs = new double[n], ys = new double[n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            for (int c = (int) Math.round(counts[i]); c > 0; c--) {
                xs[k] = x[i];
                ys[k++] = y[i];
            }
        }
        return spearman(xs, ys);
    }

    /** 1-based ranks, ties given the mean of the ranks they span. */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) j++;
            double mean = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) r[order[t]] = mean;
            i = j + 1;
        }
        return r;
    }

    private static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;  // ranks are halves: all-tied ranks give exactly their mean, so the sums of squares are exactly 0
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }
}
