package flatbench.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.PerSampleAlgebra;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.model.Layer;
import flatbench.model.Loss;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.Shape;
import flatbench.reference.ReferenceEngine;

/**
 * Every loss on the engine contract of the reference engine (float64) and the cpu engine (both
 * precisions), on a tiny MLP and a tiny conv net, against references built from float64
 * evaluations of the loss and the outputs alone: the mean and per-sample gradients, the Gram
 * matrix and projections against central differences of the loss, Hv against central
 * differences of the gradient, and Gv against Jᵀ H_out J with J by central differences of the
 * outputs (squared: H_out = I; hinge: H_out = [Δ > 0]).
 */
class LossFamilyTest {
    private static final int B = 4;
    private static final double EPS = 1e-6;

    static ModelSpec mlp() { return Models.mlp(new Shape(1, 3, 4), 3, 5, 4); }

    static ModelSpec cnn() {
        return new ModelSpec("tiny-cnn", new Shape(1, 6, 6), 3, List.of(
                new Layer.Conv2d(1, 2, 3, 1, 1, true), new Layer.MaxPool(2, 2), new Layer.Relu(), new Layer.Dense(18, 3)));
    }

    /** Every loss on both models; the squared loss also on a scalar output (labels ±1, target y). */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ModelSpec m : List.of(mlp(), cnn())) {
            out.add(Arguments.of(m.withLoss(Loss.CROSS_ENTROPY)));
            out.add(Arguments.of(m.withLoss(Loss.SQUARED)));
            out.add(Arguments.of(m.withLoss(Loss.QUADRATIC_HINGE)));
            out.add(Arguments.of(m.withLoss(Loss.QUADRATIC_HINGE).withLoss(Loss.SQUARED)));
        }
        return out.stream();
    }

    /** Alternating ±1 labels on a scalar output, else class indices. */
    static Batch batch(ModelSpec spec, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[B * spec.input().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) (2 * r.nextDouble() - 1);
        int[] y = new int[B];
        for (int i = 0; i < B; i++) y[i] = spec.numClasses() == 1 ? (i % 2 == 0 ? 1 : -1) : r.nextInt(spec.numClasses());
        return new Batch(spec.input(), B, x, y);
    }

    /**
     * Seeded parameters; on a scalar output the last bias (last in the flat layout) is 1.3, so
     * samples labelled +1 sit past the hinge (Δ ≈ −0.3, no loss) and those labelled −1 in it.
     */
    static double[] parameters(ModelSpec spec) {
        double[] t = spec.initialParameters(3);
        if (spec.numClasses() == 1) t[t.length - 1] = 1.3;
        return t;
    }

    private record Subject(String name, Engine engine, double tolerance) {}

    private static List<Subject> subjects(ModelSpec spec) {
        return List.of(new Subject("java float64", new ReferenceEngine(spec, Precision.FLOAT64, 1), 1e-6),
                new Subject("cpu float64", new CpuEngine(spec, Precision.FLOAT64, 1, 2, CpuEngine.ROUND_BYTES, CpuEngine.ROW_BYTES, 1), 1e-6),
                new Subject("cpu float32", new CpuEngine(spec, Precision.FLOAT32, 1, 2, CpuEngine.ROUND_BYTES, CpuEngine.ROW_BYTES, 1), 2e-4));
    }

    @ParameterizedTest @MethodSource("cases")
    void everyProductOfTheContractHonoursTheLoss(ModelSpec spec) {
        Batch batch = batch(spec, 7);
        double[] theta = parameters(spec);
        int p = theta.length;
        try (ReferenceEngine ref = new ReferenceEngine(spec, Precision.FLOAT64, 1)) {
            ToDoubleFunction<double[]> meanLoss = t -> { set(ref, t); return ref.loss(batch); };
            double[] fdMean = centralDifferences(meanLoss, theta);
            double[][] fdRows = new double[B][];
            for (int i = 0; i < B; i++) {
                Batch one = batch.slice(i, i + 1);
                fdRows[i] = centralDifferences(t -> { set(ref, t); return ref.loss(one); }, theta);
            }
            double[] v = new SplittableRandom(11).doubles(p, -1, 1).toArray(), w = new SplittableRandom(12).doubles(p, -1, 1).toArray();
            double[] fdHv = new double[p];
            double[] up = gradient(ref, step(theta, v, 1e-5), batch), down = gradient(ref, step(theta, v, -1e-5), batch);
            for (int k = 0; k < p; k++) fdHv[k] = (up[k] - down[k]) / 2e-5;
            double[] bruteGv = spec.loss() == Loss.CROSS_ENTROPY ? null : gaussNewtonByJacobian(ref, spec, theta, batch, v);

            for (Subject s : subjects(spec)) {
                try (Engine e = s.engine()) {
                    String what = spec.name() + " " + spec.loss().label() + " (" + spec.numClasses() + " outputs) on " + s.name();
                    set(e, theta);
                    assertEquals(meanLoss.applyAsDouble(theta), e.loss(batch), s.tolerance() * 10, what + " loss");
                    assertNear(fdMean, gradient(e, theta, batch), s.tolerance(), what + " mean gradient");
                    double[][] rows = PerSampleAlgebra.materialise(e, batch);
                    for (int i = 0; i < B; i++) assertNear(fdRows[i], rows[i], s.tolerance(), what + " g_" + i);
                    double[][] gram = e.gram(batch, false);
                    for (int i = 0; i < B; i++) {
                        double[] expected = new double[B];
                        for (int j = 0; j < B; j++) expected[j] = dot(fdRows[i], fdRows[j]);
                        assertNear(expected, gram[i], s.tolerance(), what + " Gram row " + i);
                    }
                    double[][] proj = e.project(batch, List.of(e.vectors().fromHost(w)));
                    double[] expectedProj = new double[B], actualProj = new double[B];
                    for (int i = 0; i < B; i++) {
                        expectedProj[i] = dot(fdRows[i], w);
                        actualProj[i] = proj[i][0];
                    }
                    assertNear(expectedProj, actualProj, s.tolerance(), what + " projections");
                    assertNear(fdHv, product(e, v, batch, false), s.tolerance() * 10, what + " Hv");
                    if (bruteGv != null) assertNear(bruteGv, product(e, v, batch, true), s.tolerance() * 10, what + " Gv");
                }
            }
        }
    }

    /** The hinge cases above are only a test of its step if the batch has samples on both sides, none near the kink. */
    @Test void theHingeBatchHasSatisfiedAndViolatedSamplesAwayFromTheKink() {
        for (ModelSpec m : List.of(mlp(), cnn())) {
            ModelSpec spec = m.withLoss(Loss.QUADRATIC_HINGE);
            Batch batch = batch(spec, 7);
            try (ReferenceEngine ref = new ReferenceEngine(spec, Precision.FLOAT64, 1)) {
                set(ref, parameters(spec));
                double[][] f = ref.probabilities(batch);
                int active = 0;
                for (int i = 0; i < B; i++) {
                    double gap = 1 - batch.labels()[i] * f[i][0];
                    assertTrue(Math.abs(gap) > 0.05, spec.name() + ": sample " + i + " sits at the kink, Δ = " + gap);
                    if (gap > 0) active++;
                }
                assertTrue(active > 0 && active < B, spec.name() + ": " + active + " of " + B + " samples in the hinge");
            }
        }
    }

    @Test void theHingeLossIsHalfTheSquaredGapMeanOverSamples() {
        ModelSpec spec = mlp().withLoss(Loss.QUADRATIC_HINGE);
        Batch batch = batch(spec, 7);
        try (Engine e = new CpuEngine(spec, Precision.FLOAT64, 1, 1)) {
            set(e, parameters(spec));
            double[][] f = e.probabilities(batch);
            double expected = 0;
            for (int i = 0; i < B; i++) expected += 0.5 * Math.pow(Math.max(0, 1 - batch.labels()[i] * f[i][0]), 2) / B;
            assertEquals(expected, e.loss(batch), 1e-12);
        }
    }

    @Test void labelsOutsideTheLossRangeAndWrongWidthsAreRefused() {
        ModelSpec hinge = mlp().withLoss(Loss.QUADRATIC_HINGE);
        assertEquals(1, hinge.numClasses());
        Batch zeroLabel = new Batch(hinge.input(), 1, new float[hinge.input().size()], new int[] {0});
        try (Engine e = new CpuEngine(hinge, Precision.FLOAT64, 1, 1)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.loss(zeroLabel));
            assertTrue(x.getMessage().contains("±1"), x.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("m", new Shape(1, 1, 2), 3, List.of(new Layer.Dense(2, 3)), Loss.QUADRATIC_HINGE));
        assertThrows(IllegalArgumentException.class, () -> hinge.withLoss(Loss.CROSS_ENTROPY));
    }

    /** (1/B) Σ_i J_iᵀ H_i J_i v, J_i the outputs' Jacobian by central differences, H_i the loss's output Hessian. */
    private static double[] gaussNewtonByJacobian(ReferenceEngine ref, ModelSpec spec, double[] theta, Batch batch, double[] v) {
        int p = theta.length, k = spec.numClasses();
        double[][][] jac = new double[p][][];  // [parameter][sample][output]
        for (int j = 0; j < p; j++) {
            double[] e = new double[p];
            e[j] = 1;
            set(ref, step(theta, e, EPS));
            double[][] fUp = ref.probabilities(batch);
            set(ref, step(theta, e, -EPS));
            double[][] fDown = ref.probabilities(batch);
            jac[j] = new double[B][k];
            for (int i = 0; i < B; i++) for (int c = 0; c < k; c++) jac[j][i][c] = (fUp[i][c] - fDown[i][c]) / (2 * EPS);
        }
        set(ref, theta);
        double[][] f = ref.probabilities(batch);
        double[] out = new double[p];
        for (int i = 0; i < B; i++) {
            double h = spec.loss() == Loss.SQUARED ? 1 : (1 - batch.labels()[i] * f[i][0] > 0 ? 1 : 0);
            for (int c = 0; c < k; c++) {
                double jv = 0;
                for (int j = 0; j < p; j++) jv += jac[j][i][c] * v[j];
                for (int j = 0; j < p; j++) out[j] += jac[j][i][c] * h * jv / B;
            }
        }
        return out;
    }

    private static double[] centralDifferences(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] up = x.clone(), down = x.clone();
            up[i] += EPS;
            down[i] -= EPS;
            g[i] = (f.applyAsDouble(up) - f.applyAsDouble(down)) / (2 * EPS);
        }
        return g;
    }

    private static void set(Engine e, double[] theta) {
        try (Vec t = e.vectors().fromHost(theta)) {
            e.setParameters(t);
        }
    }

    private static double[] gradient(Engine e, double[] theta, Batch batch) {
        set(e, theta);
        try (Vec g = e.vectors().zeros()) {
            e.lossAndGradient(batch, g);
            return e.vectors().toHost(g);
        }
    }

    private static double[] product(Engine e, double[] v, Batch batch, boolean gaussNewton) {
        try (Vec d = e.vectors().fromHost(v); Vec out = e.vectors().zeros()) {
            if (gaussNewton) e.gaussNewtonVector(batch, d, out);
            else e.hessianVector(batch, d, out);
            return e.vectors().toHost(out);
        }
    }

    private static double[] step(double[] x, double[] v, double eps) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] += eps * v[i];
        return y;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** ‖actual − expected‖ ≤ tol·(‖expected‖ + 1e-3): relative, with a floor for vectors near zero (a satisfied hinge). */
    private static void assertNear(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double err = 0, norm = 0;
        for (int i = 0; i < expected.length; i++) {
            err += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            norm += expected[i] * expected[i];
        }
        assertTrue(Math.sqrt(err) <= tol * (Math.sqrt(norm) + 1e-3), what + ": ‖error‖ = " + Math.sqrt(err) + " for ‖expected‖ = " + Math.sqrt(norm));
    }
}
