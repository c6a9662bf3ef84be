package flatbench.measure;

/**
 * The power law C_ii ∝ H_ii^γ between the diagonals of the noise covariance and the curvature
 * (Zhang, Yang &amp; Tu), fitted on log scales over the entries where H_ii is resolved.
 *
 * <p>Why not a least-squares line through every positive estimate: Hutchinson's diagonal carries
 * an error comparable to its small entries, and noise in the abscissa flattens a least-squares
 * slope (a planted γ = 1.6 comes out near 1.45 at 100 probes; γ 1.34 against 1.62 exact was seen
 * on a real model). Selecting entries by their own estimate does not cure it either: entries
 * kept because their error pushed them over a threshold bend the line. So the probes are split
 * in two independent halves A and B. Entries are selected where A resolves them by more than
 * {@link #RESOLVED} standard errors of either half (H_ii^A &gt; 3·max(se_A, se_B): the selection
 * reads A and the standard errors, never B's value), log H_ii^B is the abscissa (with its
 * second-order bias ½(se_B/H_ii^A)² added back), and log H_ii^A is the instrument: the
 * instrumental-variable slope Σ(y−ȳ)(a−ā) / Σ(b−b̄)(a−ā) is consistent because B's error is
 * independent of A's and of the selection. Its standard error is the heteroscedasticity-robust
 * one, so the intrinsic scatter of C_ii about the line (much larger than C's sampling error) is
 * included. With an exact diagonal (small models) A = B and this is ordinary least squares.
 *
 * <p>log H_ii^B needs H_ii^B &gt; 0. Because H_ii^A exceeds three of B's standard errors, B
 * falls to zero or below in about 0.1% of the selected entries (more where H_ii^A overstates the
 * truth); those are left out and counted ({@code droppedEntries}): a selection on B's own value,
 * kept that rare so it does not bend the line, and reported so a reader sees when it is not.
 *
 * @param gamma         fitted exponent γ
 * @param intercept     fitted log C_ii at H_ii = 1
 * @param gammaStdErr   standard error of γ
 * @param entries       entries fitted
 * @param droppedEntries selected entries left out because H_ii^B ≤ 0 (or C_ii ≤ 0): log needs positive values
 * @param exactDiagonal whether H's diagonal was exact
 */
public record DiagonalPowerLaw(double gamma, double intercept, double gammaStdErr, int entries, int droppedEntries, boolean exactDiagonal) {
    /** An entry is fitted when the selection half's estimate exceeds this many of its standard errors. */
    public static final double RESOLVED = 3;
    private static final double Z95 = 1.959963984540054;

    public double lower() { return gamma - Z95 * gammaStdErr; }

    public double upper() { return gamma + Z95 * gammaStdErr; }

    /** From a Hutchinson (or exact) estimate of H's diagonal and C's diagonal. */
    public static DiagonalPowerLaw fit(Hutchinson.Estimate h, double[] c) {
        double[][] half = h.diagonalHalves(), se = h.diagonalHalfStdErrors();
        return fit(half[0], se[0], half[1], se[1], c, h.exact());
    }

    /**
     * @param a  selection and instrument half of H's diagonal, with its standard errors aSe
     * @param b  independent half used as the abscissa, with its standard errors bSe
     */
    public static DiagonalPowerLaw fit(double[] a, double[] aSe, double[] b, double[] bSe, double[] c, boolean exactDiagonal) {
        int p = c.length;
        if (a.length != p || b.length != p || aSe.length != p || bSe.length != p) throw new IllegalArgumentException("diagonals of different lengths");
        int m = 0, dropped = 0;
        for (int t = 0; t < p; t++) {
            if (!selected(a[t], aSe[t], bSe[t])) continue;
            if (positive(b[t], c[t])) m++;
            else dropped++;
        }
        if (m < 3) return new DiagonalPowerLaw(Double.NaN, Double.NaN, Double.NaN, m, dropped, exactDiagonal);
        double[] xa = new double[m], xb = new double[m], y = new double[m];
        int i = 0;
        for (int t = 0; t < p; t++) {
            if (!selected(a[t], aSe[t], bSe[t]) || !positive(b[t], c[t])) continue;
            double rel = bSe[t] / a[t];
            xa[i] = Math.log(a[t]);
            xb[i] = Math.log(b[t]) + 0.5 * rel * rel;
            y[i++] = Math.log(c[t]);
        }
        double ma = mean(xa), mb = mean(xb), my = mean(y), num = 0, den = 0;
        for (int j = 0; j < m; j++) {
            num += (y[j] - my) * (xa[j] - ma);
            den += (xb[j] - mb) * (xa[j] - ma);
        }
        if (!(Math.abs(den) > 0)) return new DiagonalPowerLaw(Double.NaN, Double.NaN, Double.NaN, m, dropped, exactDiagonal);
        double gamma = num / den, intercept = my - gamma * mb, rr = 0;
        for (int j = 0; j < m; j++) {
            double r = y[j] - intercept - gamma * xb[j];
            rr += r * r * (xa[j] - ma) * (xa[j] - ma);
        }
        // HC1 small-sample factor m/(m−2).
        double se = Math.sqrt(rr * m / (m - 2)) / Math.abs(den);
        return new DiagonalPowerLaw(gamma, intercept, se, m, dropped, exactDiagonal);
    }

    /** The selection: A's value against both halves' standard errors, never B's value. */
    private static boolean selected(double a, double aSe, double bSe) {
        return a > RESOLVED * Math.max(aSe, bSe) && a > 0 && Double.isFinite(a);
    }

    private static boolean positive(double b, double c) {
        return b > 0 && c > 0 && Double.isFinite(b) && Double.isFinite(c);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
