package flatbench.cuda.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * Lanczos with full re-orthogonalisation on any {@link VectorSpace}, so the basis stays on the
 * device; only the tridiagonal matrix comes to the host. The lead's measure package may hold the
 * canonical eigen-solver; this one exists so the GPU benchmark times the same work as PyTorch's.
 */
public final class DeviceLanczos {
    private DeviceLanczos() {}

    /** An operator v ↦ out. */
    @FunctionalInterface
    public interface Operator { void apply(Vec v, Vec out); }

    /** The {@code top} largest Ritz values after {@code steps} steps from a Gaussian start (seeded), descending. */
    public static double[] topEigenvalues(VectorSpace space, Operator op, int steps, int top, long seed) {
        if (steps <= 0 || top <= 0 || top > steps) throw new IllegalArgumentException("need 0 < top ≤ steps, got top " + top + ", steps " + steps);
        List<Vec> basis = new ArrayList<>();
        double[] alpha = new double[steps], beta = new double[steps];
        Vec q = space.zeros();
        space.fillGaussian(q, seed);
        space.scale(q, 1 / space.norm(q));
        Vec w = space.zeros();
        int m = 0;
        try {
            for (int j = 0; j < steps; j++) {
                basis.add(q);
                m = j + 1;
                op.apply(q, w);
                alpha[j] = space.dot(w, q);
                // Full re-orthogonalisation (twice is enough) against every basis vector.
                for (int pass = 0; pass < 2; pass++) {
                    for (Vec b : basis) space.axpy(-space.dot(w, b), b, w);
                }
                double norm = space.norm(w);
                if (j == steps - 1 || norm < 1e-10) break;
                beta[j] = norm;
                Vec next = space.copy(w);
                space.scale(next, 1 / norm);
                q = next;
            }
        } finally {
            w.close();
            for (Vec b : basis) b.close();
        }
        double[] ev = symmetricEigenvalues(tridiagonal(alpha, beta, m));
        Arrays.sort(ev);
        double[] out = new double[Math.min(top, ev.length)];
        for (int i = 0; i < out.length; i++) out[i] = ev[ev.length - 1 - i];
        return out;
    }

    static double[][] tridiagonal(double[] alpha, double[] beta, int m) {
        double[][] t = new double[m][m];
        for (int i = 0; i < m; i++) {
            t[i][i] = alpha[i];
            if (i + 1 < m) t[i][i + 1] = t[i + 1][i] = beta[i];
        }
        return t;
    }

    /** Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations. */
    static double[] symmetricEigenvalues(double[][] input) {
        int n = input.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = input[i].clone();
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) off += a[i][j] * a[i][j];
            if (off < 1e-30) break;
            for (int p = 0; p < n; p++) {
                for (int r = p + 1; r < n; r++) {
                    if (Math.abs(a[p][r]) < 1e-300) continue;
                    double theta = (a[r][r] - a[p][p]) / (2 * a[p][r]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p], akr = a[k][r];
                        a[k][p] = c * akp - s * akr;
                        a[k][r] = s * akp + c * akr;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k], ark = a[r][k];
                        a[p][k] = c * apk - s * ark;
                        a[r][k] = s * apk + c * ark;
                    }
                }
            }
        }
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) ev[i] = a[i][i];
        return ev;
    }
}
