package flatbench.reference;

import static flatbench.reference.Numerics.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import flatbench.engine.Batch;
import flatbench.engine.HostVectorSpace;
import flatbench.engine.PerSampleAlgebra;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.model.ModelSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine against float64 finite differences, per-sample loops and the slow per-sample algebra. */
class ReferenceEngineTest {
    private static final int B = 4;

    static Stream<ModelSpec> models() { return Stream.of(TestModels.mlp(), TestModels.cnn(), TestModels.residual()); }

    private static ReferenceEngine engine(ModelSpec spec) {
        ReferenceEngine e = new ReferenceEngine(spec, Precision.FLOAT64, 1);
        e.setParameters(e.vectors().fromHost(TestModels.parameters(spec, 2)));
        return e;
    }

    private static double[] gradient(ReferenceEngine e, Batch batch) {
        Vec g = e.vectors().zeros();
        e.lossAndGradient(batch, g);
        return e.vectors().toHost(g);
    }

    private static double[] hv(ReferenceEngine e, Batch batch, double[] v, boolean gaussNewton) {
        HostVectorSpace s = e.vectors();
        Vec out = s.zeros();
        if (gaussNewton) e.gaussNewtonVector(batch, s.fromHost(v), out);
        else e.hessianVector(batch, s.fromHost(v), out);
        return s.toHost(out);
    }

    private static double[] randomDirection(ReferenceEngine e, long seed) {
        Vec v = e.vectors().zeros();
        e.vectors().fillGaussian(v, seed);
        return e.vectors().toHost(v);
    }

    @ParameterizedTest @MethodSource("models")
    void gradientMatchesCentralDifferencesOfTheLoss(ModelSpec spec) {
        ReferenceEngine e = engine(spec);
        Batch batch = TestModels.batch(spec, B, 3);
        double[] theta = e.vectors().toHost(e.parameters());
        double[] fd = Numerics.gradient(t -> {
            e.setParameters(e.vectors().fromHost(t));
            return e.loss(batch);
        }, theta.clone());
        e.setParameters(e.vectors().fromHost(theta));
        assertClose(fd, gradient(e, batch), Numerics.FD, spec.name() + " gradient");
    }

    @ParameterizedTest @MethodSource("models")
    void perSampleGradientsAreSingleSampleGradientsAndSumToBTimesTheMean(ModelSpec spec) {
        ReferenceEngine e = engine(spec);
        Batch batch = TestModels.batch(spec, B, 4);
        double[][] g = PerSampleAlgebra.materialise(e, batch);
        double[] sum = new double[g[0].length];
        for (int i = 0; i < B; i++) {
            assertClose(gradient(e, batch.slice(i, i + 1)), g[i], Tolerance.FLOAT64, spec.name() + " g_" + i);
            for (int j = 0; j < sum.length; j++) sum[j] += g[i][j];
        }
        double[] mean = gradient(e, batch);
        for (int j = 0; j < mean.length; j++) mean[j] *= B;
        assertClose(mean, sum, Tolerance.FLOAT64, spec.name() + " Σ g_i");
    }

    @ParameterizedTest @MethodSource("models")
    void gramAndProjectionsMatchThePerSampleAlgebra(ModelSpec spec) {
        ReferenceEngine e = engine(spec);
        Batch batch = TestModels.batch(spec, B, 5);
        for (boolean centred : new boolean[] {false, true}) {
            double[][] fast = e.gram(batch, centred), slow = PerSampleAlgebra.gram(e, batch, centred);
            for (int i = 0; i < B; i++) assertClose(slow[i], fast[i], Tolerance.FLOAT64, spec.name() + " gram row " + i + (centred ? " centred" : ""));
        }
        List<Vec> dirs = List.of(e.vectors().fromHost(randomDirection(e, 6)), e.vectors().fromHost(randomDirection(e, 7)));
        double[][] fast = e.project(batch, dirs), slow = PerSampleAlgebra.project(e, batch, dirs);
        for (int i = 0; i < B; i++) assertClose(slow[i], fast[i], Tolerance.FLOAT64, spec.name() + " projection row " + i);
    }

    @ParameterizedTest @MethodSource("models")
    void hessianVectorMatchesCentralDifferencesOfTheGradient(ModelSpec spec) {
        ReferenceEngine e = engine(spec);
        Batch batch = TestModels.batch(spec, B, 8);
        double[] theta = e.vectors().toHost(e.parameters()), v = randomDirection(e, 9);
        double[] exact = hv(e, batch, v, false);
        double eps = 1e-5;
        e.setParameters(e.vectors().fromHost(Numerics.step(theta, v, eps)));
        double[] up = gradient(e, batch);
        e.setParameters(e.vectors().fromHost(Numerics.step(theta, v, -eps)));
        double[] down = gradient(e, batch);
        double err = 0, norm = 0;
        for (int i = 0; i < exact.length; i++) {
            double fd = (up[i] - down[i]) / (2 * eps);
            err += (fd - exact[i]) * (fd - exact[i]);
            norm += exact[i] * exact[i];
        }
        assertTrue(norm > 0, "Hv is zero");
        assertTrue(Math.sqrt(err / norm) < 1e-6, spec.name() + ": relative error of Hv against finite differences " + Math.sqrt(err / norm));
    }

    @ParameterizedTest @MethodSource("models")
    void curvatureProductsAreSymmetricAndGaussNewtonIsPositive(ModelSpec spec) {
        ReferenceEngine e = engine(spec);
        Batch batch = TestModels.batch(spec, B, 10);
        double[] v1 = randomDirection(e, 11), v2 = randomDirection(e, 12);
        for (boolean gn : new boolean[] {false, true}) {
            double a = Numerics.dot(v1, hv(e, batch, v2, gn)), b = Numerics.dot(v2, hv(e, batch, v1, gn));
            assertEquals(a, b, 1e-10 * (1 + Math.abs(a)), spec.name() + (gn ? " G" : " H") + " symmetry");
        }
        for (long seed = 20; seed < 25; seed++) {
            double[] v = randomDirection(e, seed);
            assertTrue(Numerics.dot(v, hv(e, batch, v, true)) >= -1e-12, spec.name() + ": vᵀGv < 0");
        }
    }

    @Test void gaussNewtonEqualsTheHessianForALinearModel() {
        ReferenceEngine e = engine(TestModels.linear());
        Batch batch = TestModels.batch(e.spec(), 5, 13);
        double[] v = randomDirection(e, 14);
        assertClose(hv(e, batch, v, false), hv(e, batch, v, true), Tolerance.FLOAT64, "G v vs H v");
    }

    @Test void denseGaussNewtonMatrixIsPositiveSemiDefiniteWhileTheHessianIsIndefinite() {
        ReferenceEngine e = engine(TestModels.mlp());
        Batch batch = TestModels.batch(e.spec(), B, 24);
        int p = (int) e.parameterCount();
        double[][] g = new double[p][], h = new double[p][];
        for (int i = 0; i < p; i++) {
            double[] unit = new double[p];
            unit[i] = 1;
            g[i] = hv(e, batch, unit, true);
            h[i] = hv(e, batch, unit, false);
        }
        double[] eg = JacobiEigenvalues.eigenvalues(g), eh = JacobiEigenvalues.eigenvalues(h);
        double scale = Math.max(Math.abs(eg[p - 1]), Math.abs(eh[p - 1]));
        assertTrue(eg[0] >= -1e-10 * scale, "smallest Gauss–Newton eigenvalue " + eg[0]);
        assertTrue(eh[0] < -1e-6 * scale, "a ReLU network's Hessian should have a negative eigenvalue, smallest is " + eh[0]);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(g[i][j], g[j][i], 1e-12 * scale, "G symmetric at " + i + "," + j);
                assertEquals(h[i][j], h[j][i], 1e-12 * scale, "H symmetric at " + i + "," + j);
            }
        }
        assertArrayEquals(new double[] {1, 3}, JacobiEigenvalues.eigenvalues(new double[][] {{2, 1}, {1, 2}}), 1e-14, "the eigen-solver itself");
    }

    @Test void gaussNewtonDiffersFromTheHessianWithHiddenLayers() {
        ReferenceEngine e = engine(TestModels.mlp());
        Batch batch = TestModels.batch(e.spec(), B, 15);
        double[] v = randomDirection(e, 16), h = hv(e, batch, v, false), g = hv(e, batch, v, true);
        double diff = 0, norm = 0;
        for (int i = 0; i < h.length; i++) {
            diff += (h[i] - g[i]) * (h[i] - g[i]);
            norm += h[i] * h[i];
        }
        assertTrue(diff > 1e-6 * norm, "the terms carrying δ should matter in a network with hidden layers");
    }

    @Test void smallChunksGiveTheSameSums() {
        ModelSpec spec = TestModels.residual();
        ReferenceEngine whole = engine(spec);
        ReferenceEngine chunked = new ReferenceEngine(spec, Precision.FLOAT64, 1, 1);
        chunked.setParameters(whole.parameters());
        Batch batch = TestModels.batch(spec, 5, 17);
        assertEquals(whole.loss(batch), chunked.loss(batch), 1e-14);
        assertClose(gradient(whole, batch), gradient(chunked, batch), Tolerance.FLOAT64, "chunked gradient");
        double[] v = randomDirection(whole, 18);
        assertClose(hv(whole, batch, v, false), hv(chunked, batch, v, false), Tolerance.FLOAT64, "chunked Hv");
        double[][] pw = whole.probabilities(batch), pc = chunked.probabilities(batch);
        for (int i = 0; i < 5; i++) assertClose(pw[i], pc[i], Tolerance.FLOAT64, "chunked probabilities");
        double[][] gw = PerSampleAlgebra.materialise(whole, batch), gc = PerSampleAlgebra.materialise(chunked, batch);
        for (int i = 0; i < 5; i++) assertClose(gw[i], gc[i], Tolerance.FLOAT64, "chunked g_" + i);
    }

    @Test void lossIsTheMeanNegativeLogProbabilityOfTheLabels() {
        ReferenceEngine e = engine(TestModels.cnn());
        Batch batch = TestModels.batch(e.spec(), B, 19);
        double[][] p = e.probabilities(batch);
        double expected = 0;
        for (int i = 0; i < B; i++) {
            double s = 0;
            for (double q : p[i]) s += q;
            assertEquals(1.0, s, 1e-14);
            expected -= Math.log(p[i][batch.labels()[i]]) / B;
        }
        assertEquals(expected, e.loss(batch), 1e-12);
    }

    @Tag("slow")
    @Test void resnet18HasItsPublishedSizeAndRunsForward() {
        ReferenceEngine e = new ReferenceEngine(flatbench.model.Models.resnet18(), Precision.FLOAT64, 1);
        assertEquals(11_173_962L, e.parameterCount());
        double[] p = e.probabilities(TestModels.batch(e.spec(), 1, 23))[0];
        double s = 0;
        for (double q : p) {
            assertTrue(q > 0 && q < 1, "probability " + q);
            s += q;
        }
        assertEquals(1.0, s, 1e-12);
    }

    @Test void float32IsRefusedAndTheProviderIsNamedJava() {
        assertThrows(IllegalArgumentException.class, () -> new ReferenceEngine(TestModels.mlp(), Precision.FLOAT32, 1));
        ReferenceEngineProvider p = new ReferenceEngineProvider();
        assertEquals("java", p.name());
        assertEquals(null, p.unavailableReason());
        try (var e = p.create(TestModels.mlp(), Precision.FLOAT64, 1)) {
            assertEquals("java", e.name());
            assertTrue(e.capabilities().exactHvp());
        }
    }
}
