package flatbench.landscape;

import java.util.ArrayList;
import java.util.List;

import flatbench.measure.SymmetricEigen;

/**
 * Minima and index-1 saddles of a small {@link Objective} (d up to a few dozen: every step takes a
 * dense Hessian and its eigendecomposition), for escape experiments: where a basin's bottom is,
 * which saddles lead out of it, and how high they are.
 */
public final class CriticalPoints {
    private CriticalPoints() {}

    /**
     * A critical point with the Hessian's eigenpairs there (largest first).
     *
     * @param unstable for a saddle, the eigenvector of its one negative eigenvalue, oriented away
     *                 from the minimum it was found from (the exit side); null otherwise
     */
    public record Point(double[] x, double loss, double gradientNorm, double[] eigenvalues, double[][] eigenvectors, double[] unstable) {
        /** The number of negative eigenvalues. */
        public int index() {
            int n = 0;
            for (double v : eigenvalues) if (v < 0) n++;
            return n;
        }

        public double lowest() { return eigenvalues[eigenvalues.length - 1]; }

        public double highest() { return eigenvalues[0]; }

        /** |det H|, the product of |λ_i| (Kramers–Langer's prefactor takes the ratio of two). */
        public double absDeterminant() {
            double p = 1;
            for (double v : eigenvalues) p *= Math.abs(v);
            return p;
        }
    }

    public static Point at(Objective f, double[] x, double[] unstable) {
        SymmetricEigen e = SymmetricEigen.of(f.hessian(x), true);
        return new Point(x.clone(), f.loss(x), norm(f.gradient(x)), e.values(), e.vectors(), unstable == null ? null : unstable.clone());
    }

    /**
     * Newton's method on ∇L = 0 (it converges to the nearest critical point of any index), the
     * step −H⁺∇L over the eigenvalues with |λ| above 1e-12 of the largest, halved while it does not
     * reduce |∇L|; stops when |∇L| is below tolerance.
     */
    public static double[] newton(Objective f, double[] start, int iterations, double tolerance) {
        double[] x = start.clone();
        int d = x.length;
        double gn = norm(f.gradient(x));
        for (int it = 0; it < iterations && gn > tolerance; it++) {
            double[] g = f.gradient(x);
            SymmetricEigen e = SymmetricEigen.of(f.hessian(x), true);
            double cut = 1e-12 * Math.abs(e.values()[0]);
            double[] step = new double[d];
            for (int k = 0; k < d; k++) {
                double lam = e.values()[k];
                if (Math.abs(lam) <= cut) continue;
                double c = dot(e.vectors()[k], g) / lam;
                for (int j = 0; j < d; j++) step[j] += c * e.vectors()[k][j];
            }
            double a = 1;
            double[] y = new double[d];
            for (int half = 0; half < 30; half++, a /= 2) {
                for (int j = 0; j < d; j++) y[j] = x[j] - a * step[j];
                double yn = norm(f.gradient(y));
                if (yn < gn) {
                    x = y.clone();
                    gn = yn;
                    break;
                }
            }
        }
        return x;
    }

    /**
     * Gradient descent that never goes up: from step eta, a step that does not lower the loss is halved and retried, an
     * accepted one lets the next grow by a quarter (so a step chosen where the curvature is low cannot throw the
     * point onto a far plateau, as a fixed one did from a saddle of the tanh neuron).
     */
    static double[] descendMonotone(Objective f, double[] start, double eta, int steps) {
        double[] x = start.clone(), y = new double[x.length];
        double loss = f.loss(x), h = eta;
        for (int t = 0; t < steps; t++) {
            double[] g = f.gradient(x);
            boolean moved = false;
            for (int half = 0; half < 60 && !moved; half++, h /= 2) {
                for (int j = 0; j < x.length; j++) y[j] = x[j] - h * g[j];
                double ly = f.loss(y);
                if (ly < loss) {
                    System.arraycopy(y, 0, x, 0, x.length);
                    loss = ly;
                    moved = true;
                }
            }
            if (!moved) break;  // no step lowers the loss: at a critical point to rounding
            h *= 2 * 1.25;  // undo the loop's last halving, then grow
        }
        return x;
    }

    /**
     * A minimum from start: gradient descent that never goes up (from step 0.5/λ_max(start), or 0.1 where H is not
     * positive there), then Newton. Throws IllegalStateException when it ends at a critical point of index ≥ 1, or when
     * Newton left the descent's basin (it ended higher than descent had got).
     */
    public static Point minimum(Objective f, double[] start, int descentSteps) {
        SymmetricEigen e = SymmetricEigen.of(f.hessian(start), false);
        double eta = e.values()[0] > 0 ? 0.5 / e.values()[0] : 0.1;
        double[] down = descendMonotone(f, start, eta, descentSteps);
        Point p = at(f, newton(f, down, 50, 1e-12), null);
        if (p.index() != 0) throw new IllegalStateException("descent from the start ended at a critical point of index " + p.index() + ", not a minimum");
        if (p.loss() > f.loss(down) + 1e-9 * (1 + Math.abs(p.loss()))) throw new IllegalStateException("Newton left the basin descent had reached");
        return p;
    }

    /**
     * The index-1 saddles on the rim of a minimum's basin, by eigenvector following (a min–max
     * search): from the minimum displaced along ±v_k for each Hessian eigenvector and along ±(v_k ± v_l)/√2 for
     * each pair (in units where the curvature is the same along each), the walk
     * x ← x − h (g − 2 (v·g) v) climbs along the followed mode v (the eigenvector of H(x) closest to
     * the previous one) and descends along every other, until |g| is small; Newton then polishes the
     * point. A saddle is kept when it has exactly one negative eigenvalue and gradient descent from
     * it, nudged along the unstable direction towards the minimum, returns to the minimum (it is on
     * this basin's rim). Sorted by loss, lowest first; duplicates merged.
     *
     * <p>The ±v_k and pair starts alone can miss a rim saddle (in 3-D a saddle between three eigen-directions
     * is reached from none of them: one data draw of the XOR-like net lost one of its four), so
     * {@link #RANDOM_STARTS} more start along random whitened directions (a fixed stream: the search is
     * deterministic). A start whose walk ends somewhere the checks cannot use (descent from the nudged point stops at
     * another saddle) is skipped, never fatal.
     */
    /** Random whitened start directions besides the ±v_k and pairs (60 found all four rim saddles of the net where the pairs found three). */
    static final int RANDOM_STARTS = 60;

    public static List<Point> saddlesAround(Objective f, Point minimum, int maxSteps) {
        int d = minimum.x().length;
        double lamMax = minimum.highest(), h = 0.5 / lamMax;
        double reach = 1e-3 * Math.max(1, norm(minimum.x()));
        List<Point> found = new ArrayList<>();
        // Start directions in curvature-whitened units: ±v_k, and ±(v_k ± v_l)/√2 so a rim saddle between two eigen-directions is not missed.
        List<double[]> starts = new ArrayList<>();
        double[][] white = new double[d][d];
        for (int k = 0; k < d; k++) for (int j = 0; j < d; j++) white[k][j] = minimum.eigenvectors()[k][j] / Math.sqrt(minimum.eigenvalues()[k] / lamMax);
        for (int k = 0; k < d; k++) {
            starts.add(white[k]);
            for (int l = k + 1; l < d; l++) {
                double[] p = new double[d], m = new double[d];
                for (int j = 0; j < d; j++) {
                    p[j] = (white[k][j] + white[l][j]) / Math.sqrt(2);
                    m[j] = (white[k][j] - white[l][j]) / Math.sqrt(2);
                }
                starts.add(p);
                starts.add(m);
            }
        }
        java.util.SplittableRandom rng = new java.util.SplittableRandom(0x5add1e);
        for (int r = 0; r < RANDOM_STARTS; r++) {
            double[] z = new double[d], dir = new double[d];
            for (int k = 0; k < d; k++) z[k] = rng.nextGaussian();
            double zn = norm(z);
            for (int k = 0; k < d; k++) for (int j = 0; j < d; j++) dir[j] += z[k] / zn * white[k][j];  // a unit vector in whitened units, like ±(v_k ± v_l)/√2
            starts.add(dir);
        }
        for (double[] dir : starts) {
            for (int sign = -1; sign <= 1; sign += 2) {
                double[] v = new double[d], x = minimum.x().clone();
                for (int j = 0; j < d; j++) {
                    v[j] = sign * dir[j];
                    x[j] += 0.05 * v[j];
                }
                double vn = norm(v);
                for (int j = 0; j < d; j++) v[j] /= vn;
                boolean converged = false;
                for (int t = 0; t < maxSteps; t++) {
                    SymmetricEigen e = SymmetricEigen.of(f.hessian(x), true);
                    int best = 0;
                    for (int m = 1; m < d; m++) if (Math.abs(dot(e.vectors()[m], v)) > Math.abs(dot(e.vectors()[best], v))) best = m;
                    double[] nv = e.vectors()[best].clone();
                    if (dot(nv, v) < 0) for (int j = 0; j < d; j++) nv[j] = -nv[j];
                    v = nv;
                    double[] g = f.gradient(x);
                    double gv = dot(g, v);
                    for (int j = 0; j < d; j++) x[j] -= h * (g[j] - 2 * gv * v[j]);
                    if (!(norm(x) < 1e3 * Math.max(1, norm(minimum.x())))) break;
                    if (norm(g) < 1e-4 * lamMax * Math.max(1, norm(minimum.x()))) {  // Newton finishes from here
                        converged = true;
                        break;
                    }
                }
                if (!converged) continue;
                double[] s = newton(f, x, 50, 1e-12);
                Point p = at(f, s, null);
                if (p.index() != 1 || p.gradientNorm() > 1e-9) continue;
                double[] u = p.eigenvectors()[d - 1].clone();
                double[] toMin = new double[d];
                for (int j = 0; j < d; j++) toMin[j] = minimum.x()[j] - s[j];
                if (dot(u, toMin) > 0) for (int j = 0; j < d; j++) u[j] = -u[j];
                // On this basin's rim: nudged towards the minimum, descent returns to it.
                double[] back = s.clone();
                double nudge = 0.02 * norm(toMin);
                for (int j = 0; j < d; j++) back[j] -= nudge * u[j];
                Point end;
                try {
                    end = minimum(f, back, 3_000);
                } catch (IllegalStateException notAMinimum) {
                    continue;  // descent stopped at another critical point: not evidence either way, and one start must not end the search
                }
                double miss = 0;
                for (int j = 0; j < d; j++) miss = Math.max(miss, Math.abs(end.x()[j] - minimum.x()[j]));
                if (miss > reach) continue;
                boolean dup = false;
                for (Point q : found) {
                    double dist = 0;
                    for (int j = 0; j < d; j++) dist = Math.max(dist, Math.abs(q.x()[j] - s[j]));
                    if (dist < reach) dup = true;
                }
                if (!dup) found.add(at(f, s, u));
            }
        }
        found.sort((a, b) -> Double.compare(a.loss(), b.loss()));
        return found;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm(double[] a) { return Math.sqrt(dot(a, a)); }
}
