package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;

class LanczosTest {

    /** Ten separated outliers over a bulk in [−1, 1], as Hessians of trained networks look. */
    private static double[] outliersOverBulk(int p, long seed) {
        double[] lambda = DenseReference.gaussian(p, 1, seed);
        for (int i = 0; i < p; i++) lambda[i] = Math.tanh(lambda[i]);
        for (int i = 0; i < 10; i++) lambda[i] = 100 * Math.pow(0.7, i);
        return lambda;
    }

    private static Batch dummy(int p) { return DenseReference.gaussianBatch(1, p, 0, 1); }

    @Test
    void topEigenpairsOfAQuadraticMatchTheDenseEigendecomposition() {
        int p = 200, k = 10;
        double[][] a = DenseReference.withSpectrum(outliersOverBulk(p, 3), 4);
        DenseReference.Eig ref = DenseReference.eig(a);
        var engine = new QuadraticEngine(a);
        LinearOperator op = LinearOperator.of(engine, dummy(p), CurvatureOperator.HESSIAN);
        try (Lanczos.Eigenpairs e = Lanczos.top(engine.vectors(), op, k, 100, 1e-10, 7, ProgressListener.NONE)) {
            assertTrue(e.converged(), "residuals " + Arrays.toString(e.residuals()));
            assertTrue(e.steps() < 100, "should stop on residuals before the step budget, took " + e.steps());
            for (int i = 0; i < k; i++) {
                assertEquals(ref.values()[i], e.values()[i], 1e-8 * Math.abs(ref.values()[i]), "eigenvalue " + i);
                double[] v = engine.vectors().toHost(e.vectors().get(i));
                assertEquals(1, Math.abs(DenseReference.dot(v, ref.vectors()[i])), 1e-8, "eigenvector " + i);
                // The reported residual is the true one.
                double[] av = DenseReference.times(a, v);
                double r = 0;
                for (int t = 0; t < p; t++) r += Math.pow(av[t] - e.values()[i] * v[t], 2);
                assertEquals(Math.sqrt(r), e.residuals()[i], 1e-10 * ref.values()[0]);
            }
        }
    }

    @Test
    void repeatedEigenvaluesAreAllFoundThroughRestarts() {
        double[] lambda = {5, 5, 5, 3, 3, 2, 1.5, 1, 0.5, 0.25, 0, 0, 0, -0.5, -1, -2};
        int p = lambda.length;
        double[][] a = DenseReference.withSpectrum(lambda, 11);
        var engine = new QuadraticEngine(a);
        LinearOperator op = LinearOperator.of(engine, dummy(p), CurvatureOperator.HESSIAN);
        try (Lanczos.Eigenpairs e = Lanczos.top(engine.vectors(), op, p, p, 1e-10, 3, ProgressListener.NONE)) {
            double[] sorted = lambda.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < p; i++) assertEquals(sorted[p - 1 - i], e.values()[i], 1e-10, "eigenvalue " + i);
            // The three copies of 5 come back as an orthonormal set.
            double[][] v = new double[3][];
            for (int i = 0; i < 3; i++) v[i] = engine.vectors().toHost(e.vectors().get(i));
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertEquals(i == j ? 1 : 0, DenseReference.dot(v[i], v[j]), 1e-10);
        }
    }

    @Test
    void tooFewStepsReportNotConvergedWithTrueResiduals() {
        int p = 150;
        double[] lambda = DenseReference.gaussian(p, 1, 5);
        double[][] a = DenseReference.withSpectrum(lambda, 6);
        var engine = new QuadraticEngine(a);
        LinearOperator op = LinearOperator.of(engine, dummy(p), CurvatureOperator.HESSIAN);
        try (Lanczos.Eigenpairs e = Lanczos.top(engine.vectors(), op, 8, 10, 1e-8, 3, ProgressListener.NONE)) {
            assertFalse(e.converged());
            assertEquals(10, e.steps());
            double[] v = engine.vectors().toHost(e.vectors().get(0));
            double[] av = DenseReference.times(a, v);
            double r = 0;
            for (int t = 0; t < p; t++) r += Math.pow(av[t] - e.values()[0] * v[t], 2);
            assertEquals(Math.sqrt(r), e.residuals()[0], 1e-12);
            assertTrue(e.residuals()[0] > 1e-3);
        }
    }

    @Test
    void hutchinsonTraceIsWithinThreeStandardErrorsAndDiagonalIsUnbiased() {
        int p = 120, probes = 400;
        double[][] a = DenseReference.withSpectrum(outliersOverBulk(p, 8), 9);
        var engine = new QuadraticEngine(a);
        LinearOperator op = LinearOperator.of(engine, dummy(p), CurvatureOperator.HESSIAN);
        Hutchinson.Estimate h = Hutchinson.estimate(engine.vectors(), op, probes, 21, ProgressListener.NONE);
        double exact = DenseReference.trace(a);
        assertTrue(Math.abs(h.trace() - exact) <= 3 * h.standardError(), h.trace() + " ± " + h.standardError() + " vs " + exact);
        // Rademacher theory: Var(zᵀAz) = 2 Σ_{i≠j} A_ij², Var((z⊙Az)_i) = Σ_{j≠i} A_ij².
        double off = 0;
        double[] rowOff = new double[p];
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) if (i != j) { off += a[i][j] * a[i][j]; rowOff[i] += a[i][j] * a[i][j]; }
        double theorySe = Math.sqrt(2 * off / probes);
        assertEquals(theorySe, h.standardError(), 0.2 * theorySe);
        int within = 0;
        double worst = 0;
        for (int i = 0; i < p; i++) {
            double z = (h.diagonal()[i] - a[i][i]) / Math.sqrt(rowOff[i] / probes);
            worst = Math.max(worst, Math.abs(z));
            if (Math.abs(z) <= 3) within++;
            assertEquals(Math.sqrt(rowOff[i] / probes), h.diagonalStdError()[i], 0.35 * Math.sqrt(rowOff[i] / probes));
        }
        assertTrue(within >= 0.97 * p && worst < 5, "diagonal z-scores: " + within + "/" + p + " within 3, worst " + worst);
        double sumDiag = 0;
        for (double d : h.diagonal()) sumDiag += d;
        assertEquals(h.trace(), sumDiag, 1e-9 * Math.abs(h.trace()));
    }
}
