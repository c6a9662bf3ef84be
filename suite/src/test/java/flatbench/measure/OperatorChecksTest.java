package flatbench.measure;

import flatbench.timing.Timings;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;
import flatbench.engine.Capabilities;
import flatbench.engine.Vec;

class OperatorChecksTest {

    private static SoftmaxRegressionEngine model() {
        var e = new SoftmaxRegressionEngine(4, 3);
        e.theta = DenseReference.gaussian(e.p, 0.8, 1);
        return e;
    }

    private static Batch data(SoftmaxRegressionEngine e) {
        var t = new SoftmaxRegressionEngine(4, 3);
        t.theta = DenseReference.gaussian(e.p, 1, 2);
        return DenseReference.teacherBatch(t, 64, 3);
    }

    @Test
    void closedFormHessianPassesSymmetryLinearityAndFiniteDifferences() {
        var e = model();
        Batch b = data(e);
        assertTrue(OperatorChecks.symmetry(e, b, CurvatureOperator.HESSIAN, 5).relative() < 1e-12);
        assertTrue(OperatorChecks.linearityDefect(e, b, CurvatureOperator.HESSIAN, 5) < 1e-12);
        double fd = OperatorChecks.finiteDifferenceDefect(e, b, 5, 1e-5);
        assertTrue(fd < 1e-7, "finite differences disagree by " + fd);
        // The test doubles' regression Hessians too, since every other test trusts them.
        var lr = new LinearRegressionEngine(5);
        lr.theta = DenseReference.gaussian(6, 1, 4);
        Batch rb = DenseReference.regressionBatch(40, 5, DenseReference.gaussian(6, 1, 5), 0.3, 6);
        assertTrue(OperatorChecks.finiteDifferenceDefect(lr, rb, 7, 1e-5) < 1e-7);
    }

    @Test
    void checksCatchAnAsymmetricOrWrongProduct() {
        var e = new SoftmaxRegressionEngine(4, 3) {
            @Override public void hessianVector(Batch b, Vec v, Vec out) {
                super.hessianVector(b, v, out);
                double[] x = space.data(v), y = space.data(out);
                y[0] += 0.3 * x[1]; // breaks symmetry and agreement with the gradient
            }
        };
        e.theta = model().theta;
        Batch b = data(e);
        assertTrue(OperatorChecks.symmetry(e, b, CurvatureOperator.HESSIAN, 5).relative() > 1e-3);
        assertTrue(OperatorChecks.finiteDifferenceDefect(e, b, 5, 1e-5) > 1e-3);
    }

    @Test
    void operatorChoiceReachesTheEngineAndUnsupportedGaussNewtonIsRefused() {
        var doubled = new SoftmaxRegressionEngine(4, 3) {
            @Override public void gaussNewtonVector(Batch b, Vec v, Vec out) {
                super.hessianVector(b, v, out);
                space.scale(out, 2);
            }
        };
        doubled.theta = model().theta;
        Batch b = data(doubled);
        CurvatureConfig c = CurvatureConfig.defaults().withTopK(3).withLanczos(15, 1e-10).withHutchinsonProbes(10).withSlq(1, 5, 0.05);
        Timings t = new Timings();
        try (var h = SpectrumResult.measure(doubled, b, c, ProgressListener.NONE, t);
             var g = SpectrumResult.measure(doubled, b, c.withOperator(CurvatureOperator.GAUSS_NEWTON), ProgressListener.NONE, t)) {
            for (int j = 0; j < 3; j++) assertEquals(2 * h.topEigenvalues()[j], g.topEigenvalues()[j], 1e-9 * h.topEigenvalues()[0]);
            assertEquals("gauss-newton", g.toMetrics().get("operator"));
        }
        var noGgn = new SoftmaxRegressionEngine(4, 3) {
            @Override public Capabilities capabilities() { return new Capabilities("test", true, false, true, "loop"); }
        };
        var ex = assertThrows(IllegalArgumentException.class,
                () -> SpectrumResult.measure(noGgn, b, c.withOperator(CurvatureOperator.GAUSS_NEWTON), ProgressListener.NONE, t));
        assertTrue(ex.getMessage().contains("Gauss–Newton"));
    }
}
