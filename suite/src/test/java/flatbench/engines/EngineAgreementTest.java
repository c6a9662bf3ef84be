package flatbench.engines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import flatbench.measure.OperatorChecks;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Engines;
import flatbench.engine.HostVectorSpace;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.model.Layer.BatchNorm;
import flatbench.model.Layer.Conv2d;
import flatbench.model.Layer.Dense;
import flatbench.model.Layer.GlobalAvgPool;
import flatbench.model.Layer.Relu;
import flatbench.model.Layer.Residual;
import flatbench.model.Loss;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.ParamBlock;
import flatbench.model.Shape;

/**
 * The Java reference engine and the DL4J engine are two independent implementations of the same
 * contract: on the same spec, seed and batch they must give the same numbers. Float64 DL4J
 * agrees with the reference up to rounding; float32 DL4J up to float32 rounding; the
 * reference's exact (R-operator) curvature products agree with DL4J's float64 central
 * differences up to the differences' truncation error.
 */
class EngineAgreementTest {
    /** Two float64 evaluations of the same formulas, summed in different orders. */
    static final double FLOAT64_TOLERANCE = 1e-10;
    /** Float32 passes against float64: float32 rounding (6e-8) accumulated over a few layers; 4e-7 seen. */
    static final double FLOAT32_TOLERANCE = 1e-5;
    /** Central differences with a step of 1e-5 along a unit direction: O(h²) truncation plus ε/h rounding. */
    static final double FINITE_DIFFERENCE_TOLERANCE = 1e-6;
    /** Random directions per model for the curvature products. */
    private static final int DIRECTIONS = 3;
    static final long SEED = 20261124L;

    /** Worst relative error seen per model and quantity, printed once so the agreement is on record. */
    private static final Map<String, Double> WORST = new ConcurrentHashMap<>();

    /** A model with the batch size to compare it on (LeNet's is tiny to keep the test fast). */
    record Case(ModelSpec spec, int batch) {
        @Override public String toString() { return spec.name() + (spec.loss() == Loss.CROSS_ENTROPY ? "" : " " + spec.loss().label()); }
    }

    /** Cross-entropy on every model; the squared loss and the scalar quadratic hinge on one each. */
    static Stream<Case> cases() {
        return Stream.of(new Case(Models.mlp(), 6), new Case(Models.smallCnn(), 4), new Case(Models.lenet(), 3),
                new Case(tinyResidual(), 5), new Case(Models.mlp().withLoss(Loss.SQUARED), 6),
                new Case(Models.smallCnn().withLoss(Loss.QUADRATIC_HINGE), 4));
    }

    /** Batch norm in both paths, a strided 3×3 main path and a strided 1×1 projection shortcut. */
    static ModelSpec tinyResidual() {
        return new ModelSpec("tiny-resnet", new Shape(1, 8, 8), 4, List.of(
                new Conv2d(1, 4, 3, 1, 1, true), BatchNorm.of(4), new Relu(),
                new Residual(List.of(new Conv2d(4, 6, 3, 2, 1, false), BatchNorm.of(6), new Relu(),
                                     new Conv2d(6, 6, 3, 1, 1, false), BatchNorm.of(6)),
                             List.of(new Conv2d(4, 6, 1, 2, 0, false), BatchNorm.of(6))),
                new Relu(), new GlobalAvgPool(), new Dense(6, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float64EnginesAgreeUpToRounding(Case c) {
        Batch batch = randomBatch(c.spec(), c.batch(), SEED + 1);
        try (Engine ref = create("java", c.spec(), Precision.FLOAT64); Engine dl4j = create("dl4j", c.spec(), Precision.FLOAT64)) {
            // Same seed, same starting point: the flat layout and the initialisation are shared.
            assertArrayEquals(host(ref, ref.parameters()), host(dl4j, dl4j.parameters()), c + ": initial parameters differ");
            useParameters(c.spec(), ref, dl4j);
            compareFirstOrder(c, "f64", ref, dl4j, batch, FLOAT64_TOLERANCE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32EngineAgreesUpToFloat32Rounding(Case c) {
        Batch batch = randomBatch(c.spec(), c.batch(), SEED + 2);
        try (Engine ref = create("java", c.spec(), Precision.FLOAT64); Engine dl4j = create("dl4j", c.spec(), Precision.FLOAT32)) {
            useParameters(c.spec(), ref, dl4j);
            compareFirstOrder(c, "f32", ref, dl4j, batch, FLOAT32_TOLERANCE);
        }
    }

    /**
     * Exact Hessian and Gauss–Newton products against DL4J's float64 central differences, along
     * random unit directions. A ReLU or max-pool kink within the step of the current point would
     * make the differences wrong (not the engines); the message then shows the reference's own
     * central difference at the same step, which is wrong in the same way when that is the cause.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exactCurvatureProductsAgreeWithFiniteDifferences(Case c) {
        Batch batch = randomBatch(c.spec(), c.batch(), SEED + 3);
        try (Engine ref = create("java", c.spec(), Precision.FLOAT64); Engine dl4j = create("dl4j", c.spec(), Precision.FLOAT64)) {
            useParameters(c.spec(), ref, dl4j);
            HostVectorSpace s = (HostVectorSpace) ref.vectors();
            for (int k = 0; k < DIRECTIONS; k++) {
                int direction = k;
                Vec v = s.zeros();
                s.fillGaussian(v, SEED + 100 + k);
                s.scale(v, 1 / s.norm(v));
                Vec exact = s.zeros(), fd = s.zeros();
                ref.hessianVector(batch, v, exact);
                dl4j.hessianVector(batch, v, fd);
                double hvp = relativeError(s.data(fd), s.data(exact));
                record(c, "hvp vs fd", hvp);
                assertTrue(hvp < FINITE_DIFFERENCE_TOLERANCE, () -> c + " direction " + direction + ": Hv differs from DL4J's central difference by "
                        + hvp + "; the reference's own central difference differs from its Hv by "
                        + relativeError(centralDifference(ref, batch, v, 1e-5), s.data(exact)));
                ref.gaussNewtonVector(batch, v, exact);
                dl4j.gaussNewtonVector(batch, v, fd);
                double ggn = relativeError(s.data(fd), s.data(exact));
                record(c, "ggn vs fd", ggn);
                assertTrue(ggn < FINITE_DIFFERENCE_TOLERANCE, c + " direction " + k + ": Gv differs from DL4J's finite-difference Gv by " + ggn);
            }
        }
    }

    /** Loss, gradient, per-sample gradients, Gram matrices, projections and probabilities. */
    static void compareFirstOrder(Case c, String tag, Engine ref, Engine other, Batch batch, double tol) {
        HostVectorSpace s = (HostVectorSpace) ref.vectors();
        check(c, tag + " loss", relative(other.loss(batch), ref.loss(batch)), tol);

        Vec gr = s.zeros(), go = s.zeros();
        double lr = ref.lossAndGradient(batch, gr), lo = other.lossAndGradient(batch, go);
        check(c, tag + " loss (with gradient)", relative(lo, lr), tol);
        check(c, tag + " mean gradient", relativeError(s.data(go), s.data(gr)), tol);

        double[][] rowsRef = rows(ref, batch), rowsOther = rows(other, batch);
        double worstRow = 0;
        for (int i = 0; i < batch.size(); i++) worstRow = Math.max(worstRow, relativeError(rowsOther[i], rowsRef[i]));
        check(c, tag + " per-sample gradients", worstRow, tol);

        check(c, tag + " gram", relativeError(other.gram(batch, false), ref.gram(batch, false)), tol);
        check(c, tag + " gram centred", relativeError(other.gram(batch, true), ref.gram(batch, true)), tol);

        List<Vec> dirs = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            Vec d = s.zeros();
            s.fillGaussian(d, SEED + 10 + j);
            dirs.add(d);
        }
        // One direction is the mean gradient itself, so the projection has a large, structured entry.
        dirs.add(gr);
        check(c, tag + " project", relativeError(other.project(batch, dirs), ref.project(batch, dirs)), tol);
        check(c, tag + " probabilities", relativeError(other.probabilities(batch), ref.probabilities(batch)), tol);
    }

    private static void check(Case c, String quantity, double error, double tol) {
        record(c, quantity, error);
        assertTrue(error < tol, c + ": " + quantity + " relative error " + error + " exceeds " + tol);
    }

    private static void record(Case c, String quantity, double error) {
        WORST.merge(String.format(Locale.ROOT, "%-28s %-26s", c, quantity), error, Math::max);
    }

    @AfterAll
    static void printAgreement() {
        StringBuilder b = new StringBuilder("engine agreement (max relative error):\n");
        new TreeMap<>(WORST).forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %s %.2e%n", k, v)));
        System.out.print(b);
    }

    static Engine create(String engine, ModelSpec spec, Precision p) {
        return Engines.find(engine).orElseThrow(() -> new AssertionError("no '" + engine + "' engine on the class path"))
                .create(spec, p, SEED);
    }

    /**
     * The seed's parameters with batch-norm scales and shifts drawn away from 1 and 0, so batch
     * norm is not the identity; loaded into every engine.
     */
    static void useParameters(ModelSpec spec, Engine... engines) {
        double[] t = spec.initialParameters(SEED);
        SplittableRandom r = new SplittableRandom(SEED + 7);
        for (ParamBlock b : spec.parameterBlocks()) {
            for (int i = 0; i < b.size(); i++) {
                int at = (int) b.offset() + i;
                if (b.kind() == ParamBlock.Kind.SCALE) t[at] = 0.5 + r.nextDouble();
                if (b.kind() == ParamBlock.Kind.SHIFT) t[at] = r.nextDouble() - 0.5;
            }
        }
        for (Engine e : engines) e.setParameters(e.vectors().fromHost(t));
    }

    static Batch randomBatch(ModelSpec spec, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * spec.input().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = spec.numClasses() == 1 ? (r.nextBoolean() ? 1 : -1) : r.nextInt(spec.numClasses());
        return new Batch(spec.input(), n, x, y);
    }

    static double[][] rows(Engine e, Batch batch) {
        double[][] g = new double[batch.size()][];
        e.perSampleGradients(batch, (i, row) -> g[i] = row.clone());
        return g;
    }

    /** (∇L(θ+hv) − ∇L(θ−hv)) / 2h with the engine's own gradients; restores θ. */
    private static double[] centralDifference(Engine e, Batch batch, Vec v, double h) {
        return ((HostVectorSpace) e.vectors()).data(OperatorChecks.gradientDifference(e, batch, v, h));
    }

    private static double[] host(Engine e, Vec v) { return e.vectors().toHost(v); }

    static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
    }

    /** ‖a − b‖ / ‖b‖. */
    static double relativeError(double[] a, double[] b) {
        if (a.length != b.length) throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
    }

    /** Frobenius ‖A − B‖ / ‖B‖. */
    static double relativeError(double[][] a, double[][] b) {
        if (a.length != b.length) throw new AssertionError("row counts differ: " + a.length + " vs " + b.length);
        return relativeError(Stream.of(a).flatMapToDouble(java.util.Arrays::stream).toArray(),
                Stream.of(b).flatMapToDouble(java.util.Arrays::stream).toArray());
    }
}
