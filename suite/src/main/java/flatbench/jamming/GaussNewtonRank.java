package flatbench.jamming;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.measure.SampleSet;

/**
 * The rank of H₀ = (1/P) Σ_{μ: Δ_μ &gt; 0} ∇f_μ ∇f_μᵀ, the Gauss–Newton part of the hinge loss's
 * Hessian (its other part, (1/P) Σ Δ_μ ∇²f_μ, is what a minimum's curvature adds to it), by a dense
 * decomposition: H₀ = JᵀJ/P with J the N_Δ × N matrix of the rows ∇f_μ, so its nonzero eigenvalues
 * are s²/P for the singular values s of J — computed from J itself, not from JᵀJ, which would square
 * the condition number.
 *
 * <p><b>Tolerance.</b> A singular value counts when it exceeds s_max · max(N_Δ, N) · ε (ε = 2⁻⁵², the
 * float64 unit roundoff: numpy's {@code matrix_rank} rule); the gap between the smallest counted and
 * the largest left out is reported so a reader sees whether the count is clear.
 */
public final class GaussNewtonRank {
    private GaussNewtonRank() {}

    /** Float64's machine epsilon, 2⁻⁵². */
    static final double EPSILON = Math.ulp(1.0);

    /**
     * @param eigenvalues H₀'s eigenvalues s²/P, largest first (min(N_Δ, N) of them)
     * @param rank        how many singular values exceed the tolerance
     * @param tolerance   the singular-value threshold
     * @param gap         smallest counted singular value over the largest left out (∞ when none is left out, NaN at rank 0)
     */
    public record Result(double[] eigenvalues, int rank, double tolerance, double gap) {}

    /** H₀'s rank from the unsatisfied patterns (Δ_μ &gt; {@link HingeTraining#GAP_FLOOR}); gaps in pattern order. */
    public static Result of(Engine engine, Batch patterns, double[] gaps, int allPatterns) {
        int[] rows = java.util.stream.IntStream.range(0, gaps.length).filter(i -> gaps[i] > HingeTraining.GAP_FLOOR).toArray();
        int n = (int) engine.parameterCount();
        if (rows.length == 0) return new Result(new double[0], 0, 0, Double.NaN);
        double[][] j = new double[rows.length][n];
        Batch b = SampleSet.pick(patterns, rows);
        // ∇ℓ_μ = −y_μ Δ_μ ∇f_μ under the hinge, so ∇f_μ = ∇ℓ_μ / (−y_μ Δ_μ).
        engine.perSampleGradients(b, (r, g) -> {
            double scale = -1.0 / (b.labels()[r] * gaps[rows[r]]);
            for (int k = 0; k < n; k++) j[r][k] = g[k] * scale;
        });
        return ofRows(j, allPatterns);
    }

    /** The same from the rows ∇f_μ themselves (J, N_Δ × N), H₀ = JᵀJ / P. */
    public static Result ofRows(double[][] j, int allPatterns) {
        int m = j.length, n = j[0].length;
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, false, false, true);
        if (!svd.decompose(new DMatrixRMaj(j))) throw new IllegalStateException("singular value decomposition of a " + m + "×" + n + " matrix failed");
        double[] s = svd.getSingularValues().clone();
        int k = Math.min(m, n);
        s = Arrays.copyOf(s, k);
        Arrays.sort(s);
        double[] desc = new double[k];
        for (int i = 0; i < k; i++) desc[i] = s[k - 1 - i];
        double tol = (k == 0 ? 0 : desc[0]) * Math.max(m, n) * EPSILON;
        int rank = 0;
        while (rank < k && desc[rank] > tol) rank++;
        double gap = rank == 0 ? Double.NaN : rank == k ? Double.POSITIVE_INFINITY : desc[rank - 1] / Math.max(desc[rank], Double.MIN_VALUE);
        double[] eig = new double[k];
        for (int i = 0; i < k; i++) eig[i] = desc[i] * desc[i] / allPatterns;
        return new Result(eig, rank, tol, gap);
    }
}
