package flatbench.measure;

import flatbench.train.Sampling;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;

/**
 * Near the maximum-likelihood fit of a well-specified softmax model the per-sample gradient
 * covariance equals the Hessian (Fisher = Hessian), so σ²ₖ ≈ λₖ along the top eigenvectors and
 * the per-step noise is ≈ H/B (Xie, Sato & Sugiyama). Away from it the relation breaks, which
 * the second test checks so the first cannot pass by construction.
 */
class FisherHessianTest {
    private static final int D = 4, K = 3, TRAIN = 20000, NOISE = 4000;

    private static SoftmaxRegressionEngine teacher() {
        var t = new SoftmaxRegressionEngine(D, K);
        t.theta = DenseReference.gaussian(t.p, 1.2, 31);
        return t;
    }

    /** Newton's method on the training set; the Hessian's null space (softmax shift) gets a tiny ridge. */
    static void fit(SoftmaxRegressionEngine e, Batch train) {
        for (int it = 0; it < 30; it++) {
            var g = e.vectors().zeros();
            e.lossAndGradient(train, g);
            double[] grad = e.vectors().toHost(g);
            if (Math.sqrt(DenseReference.dot(grad, grad)) < 1e-12) return;
            DMatrixRMaj h = new DMatrixRMaj(e.hessian(train));
            for (int i = 0; i < e.p; i++) h.add(i, i, 1e-9);
            DMatrixRMaj step = new DMatrixRMaj(e.p, 1);
            CommonOps_DDRM.solve(h, new DMatrixRMaj(e.p, 1, true, grad), step);
            for (int i = 0; i < e.p; i++) e.theta[i] -= step.get(i);
        }
    }

    private static AlignmentMeasurement.Result measure(SoftmaxRegressionEngine e) {
        CurvatureConfig c = CurvatureConfig.defaults().withTopK(4).withLanczos(e.p, 1e-10).withHutchinsonProbes(20).withSlq(1, 5, 0.05);
        NoiseConfig n = NoiseConfig.defaults().withStep(32, Sampling.WITH_REPLACEMENT, TRAIN).withExactTrHCMaxSamples(0).withGramSpectrum(768, 10).withBootstrap(100, 1);
        return AlignmentMeasurement.measure(e, train, train.slice(0, NOISE), new MeasureConfig(c, n), null);
    }

    private static Batch train;
    private static double[] fitted;

    @BeforeAll
    static void fitOnce() {
        train = DenseReference.teacherBatch(teacher(), TRAIN, 32);
        var student = new SoftmaxRegressionEngine(D, K);
        fit(student, train);
        fitted = student.theta.clone();
    }

    @Test
    void atTheMaximumLikelihoodFitNoiseEqualsCurvatureAlongTopDirections() {
        var student = new SoftmaxRegressionEngine(D, K);
        student.theta = fitted.clone();
        try (var r = measure(student)) {
            double[] ratio = r.alignment().sigma2OverLambda();
            for (int j = 0; j < 3; j++) assertEquals(1, ratio[j], 0.2, "σ²/λ along eigenvector " + j + ": " + Arrays.toString(ratio));
            assertEquals(1, r.alignment().sigma2VsLambda().slope(), 0.25);
            // Per step: C·f with f = 1/B, so step noise × B ≈ H along the same directions.
            double stepTimesB = r.alignment().sigma2()[0] * r.noise().stepFactor() * 32;
            assertEquals(1, stepTimesB / r.alignment().lambda()[0], 0.2);
        }
    }

    @Test
    void farFromTheFitTheRelationFails() {
        var student = new SoftmaxRegressionEngine(D, K);
        student.theta = fitted.clone();
        for (int i = 0; i < student.p; i++) student.theta[i] *= 3;
        try (var r = measure(student)) {
            double[] ratio = r.alignment().sigma2OverLambda();
            assertTrue(Math.abs(ratio[0] - 1) > 0.2, "overconfident model should break σ² ≈ λ: " + Arrays.toString(ratio));
        }
    }
}
