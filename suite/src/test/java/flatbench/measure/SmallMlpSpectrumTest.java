package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import flatbench.data.Part;
import flatbench.data.Synthetic;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Engines;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.Shape;

/**
 * End-to-end check of the Hessian spectrum on a real (small) ReLU MLP, P = 607: the dense P × P
 * Hessian built column by column from float64 central differences of the gradient — no HVP code
 * involved — against Lanczos on the DL4J engine's finite-difference HVP and on the reference
 * engine's exact R-operator HVP, plus Hutchinson's trace and HVP symmetry. All columns come from
 * the reference engine's gradient; an evenly spread subset is rebuilt from the DL4J gradient
 * (an independent implementation, some 50× slower per call) and must agree.
 *
 * <p>What a wrong Hessian would do: a missing 1/B, a dropped second-order term, a wrong layer
 * offset or a sign error in one block move the top eigenvalues by far more than the tolerances
 * below (1e-8 and 1e-7 of λ₁); {@link #gaussNewtonInPlaceOfTheHessianFailsTheComparison} shows
 * the Gauss–Newton spectrum misses by 0.5·λ₁, and
 * {@link #aPerturbationTenTimesTheToleranceIsCaught} that the comparison notices a perturbation
 * ten times its tolerance. An HVP that is not symmetric fails the v₁ᵀHv₂ = v₂ᵀHv₁ check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmallMlpSpectrumTest {
    private static final Shape INPUT = new Shape(1, 6, 6);
    private static final int CLASSES = 3, BATCH = 32, TOP_K = 10, LANCZOS_STEPS = 300;
    /** Relative coordinate step of the dense finite-difference Hessian (float64 gradients). */
    private static final double DENSE_STEP = 1e-5;
    private static final int SAMPLED_COLUMNS = 61;
    /**
     * Relative (Frobenius) asymmetry and cross-engine difference of the finite-difference
     * Hessians. Central differences at ε = 1e-5 err by O(ε²) ≈ 1e-10 (truncation) plus
     * O(u/ε) ≈ 1e-11 (rounding) relative — measured 6e-11 — while a step straddling a ReLU kink
     * or a gradient bug spoils whole columns by far more: 1e-8 tells them apart.
     */
    private static final double DENSE_TOL = 1e-8;
    /**
     * Top-k eigenvalue error relative to λ₁, exact HVP. The dense reference's eigenvalues are off
     * by at most ‖E‖₂ ≤ ‖E‖_F (Weyl; E its finite-difference error, of the order of the measured
     * asymmetry times ‖H‖_F) and a converged Ritz value by about r²/gap, negligible at
     * r ≤ 1e-8·λ₁; measured 2e-12.
     */
    private static final double EXACT_TOL = 1e-8;
    /**
     * The same with the DL4J finite-difference HVP, whose unit-step difference ε = 1e-5 adds
     * O(ε²) + O(u/ε) ≈ 1e-10 relative error to every product; measured 4e-11, allowed 1e-7.
     */
    private static final double FD_TOL = 1e-7;
    /** Lanczos stopping tolerance: residual ‖Hv − λv‖ ≤ tol·max|λ| for every one of the top k. */
    private static final double LANCZOS_TOL = 1e-8;

    private Engine dl4j, reference;
    private Batch batch;
    private int p;
    /** The symmetrised dense Hessian from the reference engine's gradient, its raw asymmetry and eigenvalues. */
    private double[][] dense;
    private double asymmetry;
    private double[] eigenvalues;
    /** Columns of the dense Hessian rebuilt from the DL4J gradient (evenly spread, first and last included). */
    private int[] sampled;
    private double[][] dl4jColumns;

    @BeforeAll
    void buildDenseHessians() {
        ModelSpec spec = Models.mlp(INPUT, CLASSES, 12, 10);
        p = Math.toIntExact(spec.parameterCount());
        assertTrue(p >= 500 && p <= 2_000, "the dense reference is meant for 500 ≤ P ≤ 2000, got " + p);
        dl4j = Engines.find("dl4j").orElseThrow().create(spec, Precision.FLOAT64, 17);
        reference = Engines.find("java").orElseThrow().create(spec, Precision.FLOAT64, 17);
        // Same point θ for both engines, whatever each one's initialiser does with the seed.
        double[] theta = dl4j.vectors().toHost(dl4j.parameters());
        reference.setParameters(reference.vectors().fromHost(theta));
        batch = Synthetic.teacherStudent(INPUT, CLASSES, BATCH, new Synthetic.Teacher(8), 5, Part.TRAIN).all();

        // All P columns from the reference engine's gradient (fast); the DL4J gradient is some
        // 50× slower per call, so it rebuilds an evenly spread subset of columns as the
        // independent cross-check (every layer's weights and biases are hit).
        int[] all = new int[p];
        for (int j = 0; j < p; j++) all[j] = j;
        double[][] raw = transpose(columns(reference, batch, all));
        asymmetry = asymmetry(raw);
        dense = symmetrised(raw);
        eigenvalues = DenseReference.eig(dense).values();
        sampled = new int[SAMPLED_COLUMNS];
        for (int k = 0; k < SAMPLED_COLUMNS; k++) sampled[k] = (int) Math.round(k * (p - 1.0) / (SAMPLED_COLUMNS - 1));
        dl4jColumns = columns(dl4j, batch, sampled);
    }

    @AfterAll
    void closeEngines() {
        if (dl4j != null) dl4j.close();
        if (reference != null) reference.close();
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    /**
     * Row k is Hessian column js[k], (∇L(θ + ε e_j) − ∇L(θ − ε e_j)) / 2ε with
     * ε = step·max(1, |θ_j|), from the engine's gradient alone; θ is restored.
     */
    private static double[][] columns(Engine e, Batch b, int[] js) {
        VectorSpace s = e.vectors();
        double[] theta = s.toHost(e.parameters());
        double[][] h = new double[js.length][];
        try (Vec g = s.zeros()) {
            for (int k = 0; k < js.length; k++) {
                int j = js[k];
                double eps = DENSE_STEP * Math.max(1, Math.abs(theta[j]));
                double[] plus = gradientAt(e, b, theta, j, eps, g), minus = gradientAt(e, b, theta, j, -eps, g);
                h[k] = new double[theta.length];
                for (int i = 0; i < theta.length; i++) h[k][i] = (plus[i] - minus[i]) / (2 * eps);
            }
        } finally {
            e.setParameters(s.fromHost(theta));
        }
        return h;
    }

    private static double[] gradientAt(Engine e, Batch b, double[] theta, int j, double shift, Vec g) {
        double[] t = theta.clone();
        t[j] += shift;
        e.setParameters(e.vectors().fromHost(t));
        e.lossAndGradient(b, g);
        return e.vectors().toHost(g);
    }

    private static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) for (double x : row) s += x * x;
        return Math.sqrt(s);
    }

    /** ‖H − Hᵀ‖_F / ‖H‖_F. */
    private static double asymmetry(double[][] h) {
        double d = 0;
        for (int i = 0; i < h.length; i++) for (int j = 0; j < h.length; j++) d += Math.pow(h[i][j] - h[j][i], 2);
        return Math.sqrt(d) / frobenius(h);
    }

    private static double[][] symmetrised(double[][] h) {
        int n = h.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s[i][j] = 0.5 * (h[i][j] + h[j][i]);
        return s;
    }

    /** max_i |λ̂_i − λ_i| / |λ_1| over the top k: relative to the spectral scale, as small top values are no harder to resolve in absolute terms. */
    private static double topGap(double[] dense, double[] lanczos) {
        double gap = 0;
        for (int i = 0; i < lanczos.length; i++) gap = Math.max(gap, Math.abs(lanczos[i] - dense[i]));
        return gap / Math.abs(dense[0]);
    }

    private static double trace(double[][] a) {
        double t = 0;
        for (int i = 0; i < a.length; i++) t += a[i][i];
        return t;
    }

    @Test
    void finiteDifferenceHessiansAreSymmetricAndAgreeAcrossEngines() {
        double diff = 0, norm = 0, asym = 0, sub = 0;
        for (int k = 0; k < sampled.length; k++) {
            for (int i = 0; i < p; i++) {
                diff += Math.pow(dl4jColumns[k][i] - dense[i][sampled[k]], 2);
                norm += Math.pow(dense[i][sampled[k]], 2);
            }
            for (int l = 0; l < sampled.length; l++) {
                asym += Math.pow(dl4jColumns[k][sampled[l]] - dl4jColumns[l][sampled[k]], 2);
                sub += Math.pow(dl4jColumns[k][sampled[l]], 2);
            }
        }
        double across = Math.sqrt(diff / norm), dl4jAsymmetry = Math.sqrt(asym / sub);
        System.out.printf("P=%d asymmetry java=%.2e dl4j(%d×%d block)=%.2e, dl4j vs java columns=%.2e, λ=[%.4g … %.4g], tr=%.6g%n",
                p, asymmetry, sampled.length, sampled.length, dl4jAsymmetry, across, eigenvalues[0], eigenvalues[p - 1], trace(dense));
        assertTrue(asymmetry < DENSE_TOL, "dense reference-gradient Hessian asymmetry " + asymmetry);
        assertTrue(dl4jAsymmetry < DENSE_TOL, "DL4J-gradient Hessian block asymmetry " + dl4jAsymmetry);
        assertTrue(across < DENSE_TOL, "Hessian columns from the two engines' gradients differ by " + across);
    }

    @Test
    void lanczosOnTheExactHvpMatchesTheDenseSpectrum() {
        checkLanczos(reference, EXACT_TOL);
    }

    @Test
    void lanczosOnTheFiniteDifferenceHvpMatchesTheDenseSpectrum() {
        checkLanczos(dl4j, FD_TOL);
    }

    private void checkLanczos(Engine e, double tol) {
        LinearOperator op = LinearOperator.of(e, batch, CurvatureOperator.HESSIAN);
        try (Lanczos.Eigenpairs top = Lanczos.top(e.vectors(), op, TOP_K, LANCZOS_STEPS, LANCZOS_TOL, 3, ProgressListener.NONE)) {
            double gap = topGap(eigenvalues, top.values());
            double worst = Arrays.stream(top.residuals()).max().orElseThrow() / Math.abs(eigenvalues[0]);
            System.out.printf("%s: Lanczos steps=%d converged=%b top-%d gap=%.2e max residual/λ1=%.2e%n",
                    e.name(), top.steps(), top.converged(), TOP_K, gap, worst);
            assertEquals(TOP_K, top.values().length);
            assertTrue(gap < tol, e.name() + " Lanczos top-" + TOP_K + " " + Arrays.toString(top.values())
                    + " vs dense " + Arrays.toString(Arrays.copyOf(eigenvalues, TOP_K)) + ": gap " + gap);
            assertTrue(top.converged() && worst <= LANCZOS_TOL, e.name() + " Lanczos residuals " + Arrays.toString(top.residuals()));
        }
    }

    @Test
    void gaussNewtonInPlaceOfTheHessianFailsTheComparison() {
        // The likeliest wrong "Hessian" — the curvature without its second-order term — is caught.
        assumeTrue(reference.capabilities().gaussNewton(), "reference engine has no Gauss–Newton products");
        LinearOperator ggn = LinearOperator.of(reference, batch, CurvatureOperator.GAUSS_NEWTON);
        try (Lanczos.Eigenpairs top = Lanczos.top(reference.vectors(), ggn, TOP_K, LANCZOS_STEPS, LANCZOS_TOL, 3, ProgressListener.NONE)) {
            double gap = topGap(eigenvalues, top.values());
            System.out.printf("Gauss–Newton top-%d gap from the dense Hessian %.2e%n", TOP_K, gap);
            assertTrue(gap > FD_TOL, "the Gauss–Newton spectrum passed for the Hessian's, gap " + gap);
        }
    }

    @Test
    void aPerturbationTenTimesTheToleranceIsCaught() {
        // A rank-one error of 10·FD_TOL·λ₁ along the top eigenvector moves λ₁ by exactly that much.
        double[] u = DenseReference.eig(dense).vectors()[0];
        double delta = 10 * FD_TOL * eigenvalues[0];
        double[][] wrong = new double[p][p];
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) wrong[i][j] = dense[i][j] + delta * u[i] * u[j];
        double[] perturbed = DenseReference.eig(wrong).values();
        assertTrue(topGap(perturbed, Arrays.copyOf(eigenvalues, TOP_K)) > FD_TOL);
    }

    @Test
    void hutchinsonTraceIsWithinThreeStandardErrorsOfTheDenseTrace() {
        double exact = trace(dense);
        // Fewer probes on DL4J: each of its products costs two slow gradients.
        checkTrace(reference, 400, exact);
        checkTrace(dl4j, 40, exact);
    }

    private void checkTrace(Engine e, int probes, double exact) {
        Hutchinson.Estimate t = Hutchinson.estimate(e.vectors(), LinearOperator.of(e, batch, CurvatureOperator.HESSIAN), probes, 11, ProgressListener.NONE);
        System.out.printf("%s: Hutchinson (%d probes) %.6g ± %.2g vs dense %.6g (%.2f SE)%n",
                e.name(), probes, t.trace(), t.standardError(), exact, (t.trace() - exact) / t.standardError());
        assertTrue(Math.abs(t.trace() - exact) <= 3 * t.standardError(),
                e.name() + " Hutchinson " + t.trace() + " ± " + t.standardError() + " vs dense trace " + exact);
    }

    @Test
    void hessianVectorProductsAreSymmetric() {
        // Exact products are symmetric to rounding; finite differences to their own O(1e-10) error.
        checkSymmetry(reference, 1e-12);
        checkSymmetry(dl4j, 1e-8);
    }

    private void checkSymmetry(Engine e, double tol) {
        OperatorChecks.Defect d = OperatorChecks.symmetry(e, batch, CurvatureOperator.HESSIAN, 23);
        System.out.printf("%s: v1ᵀHv2=%.12g v2ᵀHv1=%.12g relative %.2e%n", e.name(), d.left(), d.right(), d.relative());
        assertTrue(d.relative() < tol, e.name() + " HVP symmetry defect " + d);
    }
}
