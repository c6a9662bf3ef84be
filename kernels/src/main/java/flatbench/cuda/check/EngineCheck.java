package flatbench.cuda.check;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.engine.EngineProvider.KernelCheck;
import flatbench.cuda.engine.CudaEngine;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.PerSampleAlgebra;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.model.Layer.*;
import flatbench.model.Loss;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.Shape;
import flatbench.reference.ReferenceEngine;
import flatbench.reference.Tolerance;

/**
 * The composed CUDA engine against the float64 reference engine on small models that use every
 * layer kind (dense, conv with stride and padding, both poolings, global pooling, batch norm,
 * residual blocks with and without a projection shortcut): loss, gradient, per-sample rows,
 * Gram matrix, projections, Hessian- and Gauss–Newton-vector products.
 */
final class EngineCheck {
    private EngineCheck() {}

    /**
     * fp32 against fp64 through a whole network: absolute part relative to the largest expected
     * magnitude of the quantity (so one tolerance fits losses and HVPs alike), plus a relative part.
     */
    static final double ENGINE_ABS = 2e-4, ENGINE_REL = 2e-3;

    /** Every layer kind in one small network. */
    static ModelSpec allLayers() {
        return new ModelSpec("check-all-layers", new Shape(3, 9, 9), 4, List.of(
                new Conv2d(3, 4, 3, 1, 1, true), BatchNorm.of(4), new Relu(),
                new Residual(List.of(new Conv2d(4, 4, 3, 1, 1, false), BatchNorm.of(4), new Relu(),
                        new Conv2d(4, 4, 3, 1, 1, false), BatchNorm.of(4)), List.of()),
                new Relu(),
                new Residual(List.of(new Conv2d(4, 6, 3, 2, 1, false), BatchNorm.of(6)),
                        List.of(new Conv2d(4, 6, 1, 2, 0, false), BatchNorm.of(6))),
                new Relu(), new MaxPool(2, 1), new AvgPool(2, 1),
                // One output position: the Gram matrix takes the ghost conv path here.
                new Conv2d(6, 8, 3, 1, 0, true), new GlobalAvgPool(),
                new Dense(8, 5), new Relu(), new Dense(5, 4)));
    }

    static List<KernelCheck> run(CudaContext cuda, long seed) {
        List<KernelCheck> rows = new ArrayList<>();
        check(cuda, Models.mlp(new Shape(1, 5, 5), 3, 7, 6), 9, seed, rows);
        check(cuda, Models.smallCnn(), 5, seed, rows);
        check(cuda, allLayers(), 6, seed, rows);
        // The other losses (output_loss.cu) through the whole engine: a multi-class squared loss and the scalar hinge.
        check(cuda, Models.mlp(new Shape(1, 5, 5), 3, 7, 6).withLoss(Loss.SQUARED), 9, seed, rows);
        check(cuda, Models.mlp(new Shape(1, 5, 5), 3, 7, 6).withLoss(Loss.QUADRATIC_HINGE), 9, seed, rows);
        return rows;
    }

    private static void check(CudaContext cuda, ModelSpec spec, int n, long seed, List<KernelCheck> rows) {
        SplittableRandom rng = new SplittableRandom(seed ^ spec.name().hashCode());
        float[] x = new float[n * spec.input().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = spec.numClasses() == 1 ? (rng.nextBoolean() ? 1 : -1) : rng.nextInt(spec.numClasses());
        Batch batch = new Batch(spec.input(), n, x, y);
        int p = (int) spec.parameterCount();
        double[] v1 = new double[p], v2 = new double[p];
        for (int i = 0; i < p; i++) { v1[i] = rng.nextGaussian(); v2[i] = rng.nextGaussian(); }
        String where = spec.name() + " " + spec.loss().label() + " B=" + n;
        try (Engine ref = new ReferenceEngine(spec, Precision.FLOAT64, seed);
             CudaEngine gpu = CudaEngine.on(cuda, spec, spec.initialParameters(seed))) {
            add(rows, "engine_loss", where, new double[] {ref.loss(batch)}, new double[] {gpu.loss(batch)});
            add(rows, "engine_gradient", where, gradient(ref, batch), gradient(gpu, batch));
            add(rows, "engine_per_sample_rows", where, flat(PerSampleAlgebra.materialise(ref, batch)), flat(PerSampleAlgebra.materialise(gpu, batch)));
            add(rows, "engine_gram", where, flat(ref.gram(batch, false)), flat(gpu.gram(batch, false)));
            add(rows, "engine_project", where, flat(project(ref, batch, v1, v2)), flat(project(gpu, batch, v1, v2)));
            add(rows, "engine_hvp", where, curvature(ref, batch, v1, false), curvature(gpu, batch, v1, false));
            add(rows, "engine_ggn", where, curvature(ref, batch, v1, true), curvature(gpu, batch, v1, true));
            // Again on the same batch: the engine reuses its forward and backward passes.
            add(rows, "engine_hvp_reused_passes", where, curvature(ref, batch, v2, false), curvature(gpu, batch, v2, false));
            add(rows, "engine_probabilities", where, flat(ref.probabilities(batch)), flat(gpu.probabilities(batch)));
        } catch (RuntimeException e) {
            rows.add(new KernelCheck("engine", "-", where + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage(), Double.NaN, Double.NaN, false));
        }
    }

    private static void add(List<KernelCheck> rows, String what, String where, double[] expected, double[] actual) {
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        Tolerance tol = new Tolerance(ENGINE_ABS * Math.max(scale, 1e-30), ENGINE_REL);
        rows.add(BindingCheck.row(what, where, tol, expected, actual));
    }

    private static double[] gradient(Engine e, Batch b) {
        try (Vec g = e.vectors().zeros()) {
            e.lossAndGradient(b, g);
            return e.vectors().toHost(g);
        }
    }

    private static double[][] project(Engine e, Batch b, double[] v1, double[] v2) {
        try (Vec a = e.vectors().fromHost(v1); Vec c = e.vectors().fromHost(v2)) {
            return e.project(b, List.of(a, c));
        }
    }

    private static double[] curvature(Engine e, Batch b, double[] v, boolean ggn) {
        try (Vec in = e.vectors().fromHost(v); Vec out = e.vectors().zeros()) {
            if (ggn) e.gaussNewtonVector(b, in, out);
            else e.hessianVector(b, in, out);
            return e.vectors().toHost(out);
        }
    }

    private static double[] flat(double[][] m) {
        int n = 0;
        for (double[] r : m) n += r.length;
        double[] f = new double[n];
        int at = 0;
        for (double[] r : m) {
            System.arraycopy(r, 0, f, at, r.length);
            at += r.length;
        }
        return f;
    }
}
