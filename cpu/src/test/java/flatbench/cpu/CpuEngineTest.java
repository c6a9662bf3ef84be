package flatbench.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Engines;
import flatbench.engine.PerSampleAlgebra;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.model.Layer;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.ParamBlock;
import flatbench.model.Shape;
import flatbench.reference.ReferenceEngine;

/**
 * The cpu engine against the float64 reference engine on every primitive and every layer kind
 * (float64 to rounding, float32 within float32 rounding), and against its own identities: Σ
 * per-sample gradients = B·∇L, Hv against central differences of the gradient, symmetry; the
 * same numbers with one or two threads, in one round or many, and after a change of batch size.
 */
class CpuEngineTest {
    /** Every job split over both threads, however small (the default keeps small jobs on one). */
    private static CpuEngine twoThreads(ModelSpec spec, Precision p) {
        return new CpuEngine(spec, p, 1, 2, CpuEngine.ROUND_BYTES, CpuEngine.ROW_BYTES, 1);
    }

    /** Two float64 evaluations of the same formulas in different orders. */
    private static final double F64 = 1e-10;
    /** Float32 against float64 through a few layers. */
    private static final double F32 = 2e-5;

    /** Every node kind: conv with padding and stride, both poolings, batch norm, both shortcut kinds, global pooling, dense. */
    static ModelSpec allLayers() {
        return new ModelSpec("all-layers", new Shape(2, 9, 9), 4, List.of(
                new Layer.Conv2d(2, 4, 3, 1, 1, true), Layer.BatchNorm.of(4), new Layer.Relu(),
                new Layer.Residual(List.of(new Layer.Conv2d(4, 4, 3, 1, 1, false), Layer.BatchNorm.of(4), new Layer.Relu(),
                        new Layer.Conv2d(4, 4, 3, 1, 1, false), Layer.BatchNorm.of(4)), List.of()),
                new Layer.Relu(),
                new Layer.Residual(List.of(new Layer.Conv2d(4, 6, 3, 2, 1, false), Layer.BatchNorm.of(6)),
                        List.of(new Layer.Conv2d(4, 6, 1, 2, 0, false), Layer.BatchNorm.of(6))),
                new Layer.Relu(), new Layer.MaxPool(2, 1), new Layer.AvgPool(2, 1),
                new Layer.Conv2d(6, 8, 1, 1, 0, true), new Layer.GlobalAvgPool(),
                new Layer.Dense(8, 5), new Layer.Relu(), new Layer.Dense(5, 4)));
    }

    static Stream<ModelSpec> models() {
        return Stream.of(Models.mlp(new Shape(1, 5, 5), 3, 7, 6), Models.smallCnn(), allLayers());
    }

    private static Batch batch(ModelSpec spec, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * spec.input().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) (2 * r.nextDouble() - 1);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(spec.numClasses());
        return new Batch(spec.input(), n, x, y);
    }

    /** Seeded parameters with batch-norm scales and shifts moved off 1 and 0. */
    private static double[] parameters(ModelSpec spec) {
        double[] t = spec.initialParameters(5);
        SplittableRandom r = new SplittableRandom(6);
        for (ParamBlock b : spec.parameterBlocks()) {
            for (int i = 0; i < b.size(); i++) {
                int at = (int) b.offset() + i;
                if (b.kind() == ParamBlock.Kind.SCALE) t[at] = 0.5 + r.nextDouble();
                if (b.kind() == ParamBlock.Kind.SHIFT) t[at] = r.nextDouble() - 0.5;
            }
        }
        return t;
    }

    private static <E extends Engine> E load(E e, double[] theta) {
        e.setParameters(e.vectors().fromHost(theta));
        return e;
    }

    private static double[] gradient(Engine e, Batch b) {
        Vec g = e.vectors().zeros();
        e.lossAndGradient(b, g);
        return e.vectors().toHost(g);
    }

    private static double[] curvature(Engine e, Batch b, double[] v, boolean ggn) {
        Vec out = e.vectors().zeros();
        if (ggn) e.gaussNewtonVector(b, e.vectors().fromHost(v), out);
        else e.hessianVector(b, e.vectors().fromHost(v), out);
        return e.vectors().toHost(out);
    }

    private static double[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
        return v;
    }

    static double relativeError(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
    }

    static double relativeError(double[][] a, double[][] b) {
        return relativeError(Stream.of(a).flatMapToDouble(java.util.Arrays::stream).toArray(),
                Stream.of(b).flatMapToDouble(java.util.Arrays::stream).toArray());
    }

    private static void close(String what, double error, double tol) {
        assertTrue(error < tol, what + ": relative error " + error + " exceeds " + tol);
    }

    /** Every primitive of the engine against the reference on the same parameters and batch. */
    private static void agree(Engine ref, Engine cpu, Batch b, double tol, String where) {
        close(where + " loss", Math.abs(cpu.loss(b) - ref.loss(b)) / Math.abs(ref.loss(b)), tol);
        close(where + " gradient", relativeError(gradient(cpu, b), gradient(ref, b)), tol);
        close(where + " per-sample rows", relativeError(PerSampleAlgebra.materialise(cpu, b), PerSampleAlgebra.materialise(ref, b)), tol);
        close(where + " gram", relativeError(cpu.gram(b, false), ref.gram(b, false)), tol);
        close(where + " centred gram", relativeError(cpu.gram(b, true), ref.gram(b, true)), tol);
        int p = (int) ref.parameterCount();
        List<Vec> dirs = List.of(cpu.vectors().fromHost(gaussian(p, 1)), cpu.vectors().fromHost(gaussian(p, 2)), cpu.vectors().fromHost(gradient(ref, b)));
        close(where + " projection", relativeError(cpu.project(b, dirs), ref.project(b, dirs)), tol);
        double[] v = gaussian(p, 3);
        close(where + " Hv", relativeError(curvature(cpu, b, v, false), curvature(ref, b, v, false)), tol);
        close(where + " Hv again (kept passes)", relativeError(curvature(cpu, b, v, false), curvature(ref, b, v, false)), tol);
        close(where + " Gv", relativeError(curvature(cpu, b, v, true), curvature(ref, b, v, true)), tol);
        close(where + " probabilities", relativeError(cpu.probabilities(b), ref.probabilities(b)), tol);
    }

    @ParameterizedTest @MethodSource("models")
    void float64AgreesWithTheReferenceToRounding(ModelSpec spec) {
        double[] theta = parameters(spec);
        Batch b = batch(spec, 5, 7);
        try (Engine ref = load(new ReferenceEngine(spec, Precision.FLOAT64, 1), theta);
             Engine cpu = load(twoThreads(spec, Precision.FLOAT64), theta)) {
            agree(ref, cpu, b, F64, spec.name() + " f64");
        }
    }

    @ParameterizedTest @MethodSource("models")
    void float32AgreesWithTheReferenceWithinFloat32Rounding(ModelSpec spec) {
        double[] theta = parameters(spec);
        Batch b = batch(spec, 5, 8);
        try (Engine ref = load(new ReferenceEngine(spec, Precision.FLOAT64, 1), theta);
             Engine cpu = load(twoThreads(spec, Precision.FLOAT32), theta)) {
            // The reference runs on the float32 engine's rounded parameters.
            load(ref, cpu.vectors().toHost(cpu.parameters()));
            agree(ref, cpu, b, F32, spec.name() + " f32");
        }
    }

    @ParameterizedTest @MethodSource("models")
    void oneThreadManyRoundsAndSmallRowBudgetsGiveTheSameNumbers(ModelSpec spec) {
        double[] theta = parameters(spec);
        Batch b = batch(spec, 7, 9);
        long perSample = flatbench.network.Graph.of(spec).valuesPerSample() * 4 * 8 + 64;
        try (Engine two = load(twoThreads(spec, Precision.FLOAT64), theta);
             Engine one = load(new CpuEngine(spec, Precision.FLOAT64, 1, 1, 3 * perSample, 1, 1), theta)) {
            close("gradient", relativeError(gradient(one, b), gradient(two, b)), F64);
            close("per-sample rows", relativeError(PerSampleAlgebra.materialise(one, b), PerSampleAlgebra.materialise(two, b)), F64);
            double[] v = gaussian((int) two.parameterCount(), 4);
            close("Hv", relativeError(curvature(one, b, v, false), curvature(two, b, v, false)), F64);
            List<Vec> dirs = List.of(two.vectors().fromHost(v));
            close("projection", relativeError(one.project(b, dirs), two.project(b, dirs)), F64);
            close("probabilities", relativeError(one.probabilities(b), two.probabilities(b)), F64);
            assertEquals(two.loss(b), one.loss(b), 1e-12 * two.loss(b));
            assertThrows(IllegalArgumentException.class, () -> one.gram(b, false), "a Gram matrix larger than a round is refused");
        }
    }

    @Test
    void theGramMatrixBuiltASliceOfEachTensorAtATimeIsTheSame() {
        ModelSpec spec = allLayers();
        double[] theta = parameters(spec);
        Batch b = batch(spec, 5, 13);
        try (Engine ref = load(new ReferenceEngine(spec, Precision.FLOAT64, 1), theta);
             Engine sliced = load(new CpuEngine(spec, Precision.FLOAT64, 1, 2, CpuEngine.ROUND_BYTES, 8, 1), theta)) {
            close("gram from one-row slices", relativeError(sliced.gram(b, false), ref.gram(b, false)), F64);
        }
    }

    @Test
    void perSampleGradientsSumToBTimesTheGradientAndHvMatchesCentralDifferences() {
        ModelSpec spec = allLayers();
        double[] theta = parameters(spec);
        Batch b = batch(spec, 6, 10);
        try (CpuEngine e = load(twoThreads(spec, Precision.FLOAT64), theta)) {
            double[] sum = new double[theta.length];
            e.perSampleGradients(b, (i, g) -> { for (int j = 0; j < g.length; j++) sum[j] += g[j]; });
            double[] mean = gradient(e, b);
            for (int j = 0; j < mean.length; j++) mean[j] *= b.size();
            close("Σ g_i against B·∇L", relativeError(sum, mean), F64);

            double[] v = gaussian(theta.length, 11);
            double norm = Math.sqrt(java.util.Arrays.stream(v).map(x -> x * x).sum());
            for (int i = 0; i < v.length; i++) v[i] /= norm;
            double h = 1e-5;
            double[] up = theta.clone(), down = theta.clone();
            for (int i = 0; i < v.length; i++) { up[i] += h * v[i]; down[i] -= h * v[i]; }
            double[] gu = gradient(load(e, up), b), gd = gradient(load(e, down), b);
            double[] fd = new double[v.length];
            for (int i = 0; i < v.length; i++) fd[i] = (gu[i] - gd[i]) / (2 * h);
            double[] hv = curvature(load(e, theta), b, v, false);
            close("Hv against central differences", relativeError(hv, fd), 1e-6);

            double[] w = gaussian(theta.length, 12);
            for (boolean ggn : new boolean[] {false, true}) {
                double a = dot(w, curvature(e, b, v, ggn)), c = dot(v, curvature(e, b, w, ggn));
                assertEquals(a, c, 1e-10 * Math.abs(a), (ggn ? "G" : "H") + " symmetry");
            }
        }
    }

    @Test
    void changingTheBatchSizeReusesOrGrowsTheBuffers() {
        ModelSpec spec = Models.smallCnn();
        double[] theta = parameters(spec);
        try (Engine ref = load(new ReferenceEngine(spec, Precision.FLOAT64, 1), theta);
             Engine cpu = load(twoThreads(spec, Precision.FLOAT64), theta)) {
            for (int n : new int[] {6, 3, 1, 9, 6}) {
                Batch b = batch(spec, n, 20 + n);
                close("gradient at B=" + n, relativeError(gradient(cpu, b), gradient(ref, b)), F64);
                close("gram at B=" + n, relativeError(cpu.gram(b, false), ref.gram(b, false)), F64);
            }
        }
    }

    @Test
    void theProviderIsFoundAsCpu() {
        var provider = Engines.find("cpu").orElseThrow();
        assertEquals(null, provider.unavailableReason());
        try (Engine e = provider.create(Models.mlp(), Precision.FLOAT32, 1)) {
            assertEquals("cpu", e.name());
            assertTrue(e.capabilities().exactHvp());
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
