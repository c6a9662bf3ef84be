package flatbench.landscape;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Styblinski–Tang-type multi-well landscape with controllable curvature and state-dependent
 * mini-batch noise:
 * <pre>
 *   ℓ_μ(x) = A Σ_d ST(s_d x_d − a_μd),   ST(z) = ½ (z⁴ − 16 z² + 5 z),   a_μd ~ N(0, σ²), centred.
 * </pre>
 * ST has a deep well near z = −2.9, a shallower one near z = +2.75 and a barrier near z = 0.16.
 * <ul>
 * <li><b>Curvature</b>: s_d stretches coordinate d. Every well keeps its depth and every barrier its
 *     height, and all curvatures along d scale by s_d², so s alone sets the curvature of the escape
 *     direction at a fixed barrier height (what Xie et al.'s 1/curvature law needs).</li>
 * <li><b>Noise</b>: each sample is the landscape shifted by a_μ in the unscaled coordinate z, so the
 *     per-sample gradient along d is A s ST′(z − a_μ) and C_dd = A² s² Var_a ST′(z − a), while
 *     H_dd = A s² E_a ST″(z − a). At a minimum (whose z does not depend on s) C/H = A Var_a ST′/E_a ST″
 *     is therefore the same for every s: C ∝ H exactly there, as Fisher ≈ Hessian makes it for a
 *     network near a minimum [Xie et al.]. Its value is A ST″σ² only to leading order in σ (about 3.8
 *     times that at σ = 1: ST′ is cubic). Off the minimum the ratio changes (C is not zero on the
 *     barrier and is smaller there than at the minimum), and the per-sample gradients are skewed, so
 *     small batches are far from Gaussian noise.</li>
 * <li><b>A</b> only rescales time (η·A is what matters) so the step sizes of a sweep are of order one.</li>
 * </ul>
 * The mean loss is the shifted quartic averaged over the shifts, in closed form through their
 * moments: it is ST with −16 z² replaced by (6σ² − 16) z² and a small cubic-moment tilt, so its wells
 * are found from a cubic ({@link #criticalPoints}).
 */
public final class MultiWell implements Objective {
    private final double amplitude;
    private final double[] scale;
    private final double[][] shifts;  // n × d
    private final double[] m2, m3, m4;

    public MultiWell(double amplitude, double[] scale, double[][] shifts) {
        if (shifts.length == 0 || shifts[0].length != scale.length) throw new IllegalArgumentException("shifts need one row of d values per sample");
        this.amplitude = amplitude;
        this.scale = scale.clone();
        int n = shifts.length, d = scale.length;
        this.shifts = new double[n][d];
        m2 = new double[d];
        m3 = new double[d];
        m4 = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] a : shifts) mean += a[j];
            mean /= n;
            for (int i = 0; i < n; i++) {
                double a = shifts[i][j] - mean;
                this.shifts[i][j] = a;
                m2[j] += a * a / n;
                m3[j] += a * a * a / n;
                m4[j] += a * a * a * a / n;
            }
        }
    }

    /** n samples of Gaussian shifts with standard deviation sigma (in the unscaled coordinate). */
    public static MultiWell generate(double amplitude, double[] scale, int n, double sigma, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] a = new double[n][scale.length];
        for (double[] row : a) for (int j = 0; j < row.length; j++) row[j] = sigma * rng.nextGaussian();
        return new MultiWell(amplitude, scale, a);
    }

    /** The same samples with coordinate d stretched by s instead (a new curvature, the same barrier heights). */
    public MultiWell withScale(int d, double s) {
        double[] sc = scale.clone();
        sc[d] = s;
        return new MultiWell(amplitude, sc, shifts);
    }

    public int dimension() { return scale.length; }

    public int samples() { return shifts.length; }

    public double addSampleGradient(int i, double[] x, int off, double scl, double[] g, int gOff) {
        double loss = 0;
        double[] a = shifts[i];
        for (int j = 0; j < scale.length; j++) {
            double z = scale[j] * x[off + j] - a[j], z2 = z * z;
            loss += 0.5 * (z2 * z2 - 16 * z2 + 5 * z);
            g[gOff + j] += scl * amplitude * scale[j] * (2 * z2 * z - 16 * z + 2.5);
        }
        return amplitude * loss;
    }

    @Override public double addGradient(double[] x, int off, double scl, double[] g, int gOff) {
        double loss = 0;
        for (int j = 0; j < scale.length; j++) {
            double z = scale[j] * x[off + j];
            loss += meanST(j, z);
            g[gOff + j] += scl * amplitude * scale[j] * meanSlope(j, z);
        }
        return amplitude * loss;
    }

    public double[][] hessian(double[] x) {
        int d = scale.length;
        double[][] h = new double[d][d];
        for (int j = 0; j < d; j++) {
            double z = scale[j] * x[j];
            h[j][j] = amplitude * scale[j] * scale[j] * (6 * (z * z + m2[j]) - 16);
        }
        return h;
    }

    /** Mean over samples of ST(z − a) along coordinate j (shifts centred: first moment zero). */
    private double meanST(int j, double z) {
        double z2 = z * z;
        double e4 = z2 * z2 + 6 * z2 * m2[j] - 4 * z * m3[j] + m4[j];
        return 0.5 * (e4 - 16 * (z2 + m2[j]) + 5 * z);
    }

    private double meanSlope(int j, double z) {
        return 2 * (z * z * z + 3 * z * m2[j] - m3[j]) - 16 * z + 2.5;
    }

    /**
     * The critical points of the mean loss along coordinate j in x (not z), in increasing order:
     * for the usual three, {deep minimum, barrier, shallow minimum}.
     */
    public double[] criticalPoints(int j) {
        List<Double> roots = new ArrayList<>();
        double lo = -6, step = 1e-3;
        double prev = meanSlope(j, lo);
        for (double z = lo + step; z <= 6; z += step) {
            double cur = meanSlope(j, z);
            if (prev == 0 || prev * cur < 0) {
                double a = z - step, b = z;
                for (int it = 0; it < 80; it++) {
                    double m = 0.5 * (a + b);
                    if (meanSlope(j, a) * meanSlope(j, m) <= 0) b = m;
                    else a = m;
                }
                roots.add(0.5 * (a + b) / scale[j]);
            }
            prev = cur;
        }
        return roots.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The mean loss along coordinate j alone (the other coordinates' terms left out), at x_j. */
    public double profile(int j, double xj) { return amplitude * meanST(j, scale[j] * xj); }

    /** The mean loss's curvature along coordinate j at x_j. */
    public double curvature(int j, double xj) {
        double z = scale[j] * xj;
        return amplitude * scale[j] * scale[j] * (6 * (z * z + m2[j]) - 16);
    }

    public double scale(int j) { return scale[j]; }
}
