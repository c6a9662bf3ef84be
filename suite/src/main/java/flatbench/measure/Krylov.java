package flatbench.measure;

import java.util.ArrayList;
import java.util.List;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * The Lanczos process with full re-orthogonalisation, shared by the eigen-solver and SLQ.
 * Each new vector is orthogonalised twice against the whole basis ("twice is enough"), so
 * Ritz values carry no spurious copies even after hundreds of steps in float32.
 */
final class Krylov implements AutoCloseable {
    /** A product with the symmetric operator: out ← A v. */
    interface Operator { void apply(Vec v, Vec out); }

    /** Decides after each step whether to stop; sees the tridiagonal built so far. */
    interface Stop { boolean test(Krylov k); }

    private final VectorSpace space;
    private final Operator op;
    private final List<Vec> basis = new ArrayList<>();
    private final double[] alpha, beta;
    private int steps;
    private final int maxSteps;

    Krylov(VectorSpace space, Operator op, int maxSteps) {
        this.space = space;
        this.op = op;
        this.maxSteps = (int) Math.min(maxSteps, space.dimension());
        this.alpha = new double[this.maxSteps];
        this.beta = new double[this.maxSteps];
    }

    /**
     * Runs from the (not necessarily normalised) start vector, which it takes ownership of.
     * On an invariant subspace (β ≈ 0) it continues from a fresh random vector orthogonal to
     * the basis when {@code restart} is set (so repeated eigenvalues are all found), and stops
     * otherwise (so SLQ keeps the exact quadrature of its own start vector).
     */
    void run(Vec start, Stop stop, boolean restart, long restartSeed, ProgressListener progress, String phase) {
        Vec q = start;
        double n0 = space.norm(q);
        if (!(n0 > 0)) throw new IllegalArgumentException("Lanczos start vector is zero");
        space.scale(q, 1 / n0);
        Vec w = space.zeros();
        double scale = 0;
        while (steps < maxSteps) {
            int j = steps;
            basis.add(q);
            op.apply(q, w);
            alpha[j] = space.dot(q, w);
            space.axpy(-alpha[j], q, w);
            if (j > 0) space.axpy(-beta[j - 1], basis.get(j - 1), w);
            orthogonalise(w);
            orthogonalise(w);
            double b = space.norm(w);
            steps++;
            scale = Math.max(scale, Math.abs(alpha[j]) + b + (j > 0 ? beta[j - 1] : 0));
            progress.update(phase, steps, maxSteps);
            // Below this, w is rounding noise: the basis spans an invariant subspace.
            boolean invariant = b <= 1e-10 * Math.max(scale, Double.MIN_NORMAL);
            beta[j] = invariant ? 0 : b;
            if (steps == maxSteps || stop.test(this)) break;
            if (invariant) {
                if (!restart) break;
                Vec fresh = w;
                w = space.zeros();
                if (!freshDirection(fresh, restartSeed + j)) {
                    fresh.close();  // not part of the basis: free it (device memory on the GPU)
                    break;
                }
                q = fresh;
            } else {
                Vec next = w;
                space.scale(next, 1 / b);
                w = space.zeros();
                q = next;
            }
        }
        w.close();
    }

    private void orthogonalise(Vec w) { space.orthogonalise(basis, w); }

    /** Fills v with a random unit vector orthogonal to the basis; false when none exists numerically. */
    private boolean freshDirection(Vec v, long seed) {
        for (int attempt = 0; attempt < 3; attempt++) {
            space.fillGaussian(v, seed * 31 + attempt);
            double before = space.norm(v);
            orthogonalise(v);
            orthogonalise(v);
            double after = space.norm(v);
            if (after > 1e-6 * before) {
                space.scale(v, 1 / after);
                return true;
            }
        }
        return false;
    }

    int steps() { return steps; }

    /** Eigenpairs of the tridiagonal T built so far, largest first. */
    SymmetricEigen ritz() { return SymmetricEigen.tridiagonal(alpha, beta, steps); }

    /** β of the last step: the residual of Ritz pair i is |β · y_i[last]|. */
    double lastBeta() { return steps == 0 ? 0 : beta[steps - 1]; }

    /** Σ_j y[j] q_j as a new vector of the space. */
    Vec combine(double[] y) {
        Vec v = space.zeros();
        for (int j = 0; j < steps; j++) space.axpy(y[j], basis.get(j), v);
        return v;
    }

    @Override public void close() {
        for (Vec b : basis) b.close();
        basis.clear();
    }
}
