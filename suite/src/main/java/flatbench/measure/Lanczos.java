package flatbench.measure;

import java.util.ArrayList;
import java.util.List;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/** Top eigenpairs (largest algebraic eigenvalues) of a symmetric operator by Lanczos with full re-orthogonalisation. */
public final class Lanczos {
    private Lanczos() {}

    /**
     * @param values    Ritz values, largest first
     * @param residuals ‖A v − λ v‖ per pair, from one extra product each (not the cheap estimate)
     * @param vectors   unit Ritz vectors in the operator's space; close them when done
     * @param steps     Krylov dimension used (operator products excluding the residual checks)
     * @param converged every residual ≤ tol · max|λ|
     * @param pairConverged per pair: residual ≤ tol · max|λ|
     */
    public record Eigenpairs(double[] values, double[] residuals, List<Vec> vectors, int steps, boolean converged, boolean[] pairConverged)
            implements AutoCloseable {
        public Eigenpairs {
            vectors = List.copyOf(vectors);
        }

        @Override public void close() { vectors.forEach(Vec::close); }
    }

    /**
     * Lanczos stops once its cheap residual estimate |β yₖ| is below tol times this: the estimate
     * understates the true residual when products carry rounding or finite-difference error, and a
     * pair whose true residual misses tol is left out of the alignment metrics.
     */
    static final double STOP_MARGIN = 0.1;

    /** Dense Ritz checks cost O(m³); beyond this many steps they run every max(10, m/5) steps. */
    private static final int CHECK_ALWAYS_UP_TO = 100;
    private static final int CHECK_EVERY = 10;

    public static Eigenpairs top(VectorSpace space, LinearOperator a, int k, int maxSteps, double tol, long seed, ProgressListener progress) {
        if (k < 1 || maxSteps < k) throw new IllegalArgumentException("Lanczos needs 1 ≤ k ≤ maxSteps, got k=" + k + ", maxSteps=" + maxSteps);
        try (Krylov kr = new Krylov(space, a::apply, maxSteps)) {
            Vec start = space.zeros();
            space.fillGaussian(start, seed);
            kr.run(start, s -> {
                int m = s.steps();
                if (m < k || (m > CHECK_ALWAYS_UP_TO && m % Math.max(CHECK_EVERY, m / 5) != 0)) return false;
                // An exhausted Krylov space has exact Ritz values but may miss copies of repeated
                // eigenvalues: keep going from a restart vector.
                if (s.lastBeta() == 0 && m < space.dimension()) return false;
                return estimatedConverged(s.ritz(), s.lastBeta(), k, tol * STOP_MARGIN);
            }, true, seed + 1, progress, "lanczos");
            SymmetricEigen t = kr.ritz();
            int found = Math.min(k, kr.steps());
            double scale = maxAbs(t.values());
            double[] values = new double[found], residuals = new double[found];
            List<Vec> vectors = new ArrayList<>(found);
            boolean converged = true;
            boolean[] pair = new boolean[found];
            Vec av = space.zeros();
            for (int i = 0; i < found; i++) {
                Vec v = kr.combine(t.vectors()[i]);
                // Renormalise: the basis is orthonormal only to working precision.
                space.scale(v, 1 / space.norm(v));
                a.apply(v, av);
                values[i] = space.dot(v, av);
                space.axpy(-values[i], v, av);
                residuals[i] = space.norm(av);
                pair[i] = residuals[i] <= tol * scale;
                converged &= pair[i];
                vectors.add(v);
                progress.update("lanczos-residuals", i + 1, found);
            }
            av.close();
            return new Eigenpairs(values, residuals, vectors, kr.steps(), converged, pair);
        }
    }

    private static boolean estimatedConverged(SymmetricEigen t, double beta, int k, double tol) {
        double scale = maxAbs(t.values());
        int m = t.values().length;
        for (int i = 0; i < k; i++) {
            if (Math.abs(beta * t.vectors()[i][m - 1]) > tol * scale) return false;
        }
        return true;
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) m = Math.max(m, Math.abs(v));
        return Math.max(m, Double.MIN_NORMAL);
    }
}
