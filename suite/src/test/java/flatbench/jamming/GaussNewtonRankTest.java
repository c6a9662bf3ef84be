package flatbench.jamming;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Engines;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.measure.SymmetricEigen;

/** The rank of H₀ on hand-made rows of known rank, and on a net against a dense eigendecomposition of H₀ from finite differences. */
class GaussNewtonRankTest {
    @Test void handMadeRowsOfRankThree() {
        // Rows 4 and 5 are combinations of rows 1–3: rank 3 of 5 rows in 6 dimensions.
        double[][] j = {
                {1, 0, 2, 0, 0, 1},
                {0, 1, 0, 0, 3, 0},
                {0, 0, 1, 1, 0, 0},
                {1, 1, 2, 0, 3, 1},
                {2, -1, 5, 1, -3, 2}};
        GaussNewtonRank.Result r = GaussNewtonRank.ofRows(j, 10);
        assertEquals(3, r.rank());
        assertTrue(r.gap() > 1e10, "the dropped singular values are rounding: " + r.gap());
        // H₀ = JᵀJ/P: its trace is the sum of squares of J over P, and so is the sum of the eigenvalues.
        double ss = Arrays.stream(j).flatMapToDouble(Arrays::stream).map(x -> x * x).sum();
        assertEquals(ss / 10, Arrays.stream(r.eigenvalues()).sum(), 1e-12);
    }

    @Test void fullRankWhenRowsAreIndependentAndFewerThanColumns() {
        double[][] j = {{1, 2, 3}, {0, 1, 4}};
        assertEquals(2, GaussNewtonRank.ofRows(j, 2).rank());
        assertEquals(Double.POSITIVE_INFINITY, GaussNewtonRank.ofRows(j, 2).gap());
    }

    /**
     * On a small net, H₀ from the engine's per-sample gradients against H₀ = (1/P) Σ ∇f∇fᵀ built
     * from central differences of the outputs f and eigendecomposed densely: the same nonzero
     * eigenvalues, and the same rank; the rank is at most N − hidden units (the ReLU rescalings).
     */
    @Test void matchesADenseEigendecompositionOfFiniteDifferenceH0() {
        Architecture arch = new Architecture(3, 1, 3);
        int p = 30;
        Batch b = Patterns.gaussian(p, 3, 21);
        SplittableRandom r = new SplittableRandom(2);
        double[] theta = arch.initialParameters(3);
        for (int i = 0; i < theta.length; i++) theta[i] += 0.2 * r.nextGaussian();
        try (Engine e = Engines.find("java").orElseThrow().create(arch.spec(), Precision.FLOAT64, 1); Vec t = e.vectors().fromHost(theta)) {
            e.setParameters(t);
            double[] gaps = HingeTraining.gaps(e, b);
            int nd = HingeTraining.unsatisfied(gaps);
            assertTrue(nd > arch.parameters(), "want more unsatisfied patterns than parameters, got " + nd);
            GaussNewtonRank.Result got = GaussNewtonRank.of(e, b, gaps, p);

            int n = (int) arch.parameters();
            double[][] h0 = new double[n][n];
            double h = 1e-6;
            for (int mu = 0; mu < p; mu++) {
                if (!(gaps[mu] > HingeTraining.GAP_FLOOR)) continue;
                Batch one = new Batch(b.shape(), 1, Arrays.copyOfRange(b.inputs(), mu * 3, mu * 3 + 3), new int[] {b.labels()[mu]});
                double[] df = new double[n];
                for (int i = 0; i < n; i++) {
                    double[] plus = theta.clone(), minus = theta.clone();
                    plus[i] += h;
                    minus[i] -= h;
                    df[i] = (output(e, plus, one) - output(e, minus, one)) / (2 * h);
                }
                for (int a = 0; a < n; a++) for (int c = 0; c < n; c++) h0[a][c] += df[a] * df[c] / p;
            }
            double[] dense = SymmetricEigen.of(h0, false).values();
            int denseRank = 0;
            for (double v : dense) if (v > 1e-8 * dense[0]) denseRank++;
            assertEquals(denseRank, got.rank());
            assertTrue(got.rank() <= arch.parameters() - arch.hiddenUnits(), "rank " + got.rank() + " above N − hidden units");
            for (int k = 0; k < got.rank(); k++) assertEquals(dense[k], got.eigenvalues()[k], 1e-6 * dense[0], "eigenvalue " + k);
        }
    }

    static double output(Engine e, double[] theta, Batch one) {
        try (Vec t = e.vectors().fromHost(theta)) {
            e.setParameters(t);
            return e.probabilities(one)[0][0];
        }
    }
}
