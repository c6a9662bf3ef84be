package flatbench.engines;

import static flatbench.engines.EngineAgreementTest.FINITE_DIFFERENCE_TOLERANCE;
import static flatbench.engines.EngineAgreementTest.FLOAT32_TOLERANCE;
import static flatbench.engines.EngineAgreementTest.FLOAT64_TOLERANCE;
import static flatbench.engines.EngineAgreementTest.SEED;
import static flatbench.engines.EngineAgreementTest.compareFirstOrder;
import static flatbench.engines.EngineAgreementTest.create;
import static flatbench.engines.EngineAgreementTest.randomBatch;
import static flatbench.engines.EngineAgreementTest.relativeError;
import static flatbench.engines.EngineAgreementTest.rows;
import static flatbench.engines.EngineAgreementTest.useParameters;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.HostVectorSpace;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.engines.EngineAgreementTest.Case;
import flatbench.measure.CurvatureOperator;
import flatbench.measure.OperatorChecks;
import flatbench.model.Models;

/**
 * The cpu engine against the two independent implementations, on every primitive of the
 * contract and all four catalogue models (ResNet-18 on two samples): the float64 Java reference
 * (float64 to rounding, float32 within float32 rounding, curvature products included) and DL4J
 * (first-order primitives; its Hessian products are float64 central differences, which the
 * exact products must match to the differences' truncation). Plus the identities every engine
 * owes: Σ per-sample gradients = B·∇L, Hv symmetric, Hv against central differences of the
 * engine's own float64 gradient.
 */
class CpuEngineAgreementTest {
    /** Worst relative error seen per model and quantity, printed once so the agreement is on record. */
    private static final Map<String, Double> WORST = new ConcurrentHashMap<>();

    /** ResNet-18 on the plain-Java reference takes seconds per pass: it is compared on the gradient, rows, Gram and curvature only. */
    private static final String LIGHT = "resnet18";

    static Stream<Case> cases() {
        return Stream.of(new Case(Models.mlp(), 6), new Case(Models.smallCnn(), 4), new Case(Models.lenet(), 3),
                new Case(EngineAgreementTest.tinyResidual(), 5), new Case(Models.resnet18(), 2));
    }

    /**
     * Float32 rounding grows with the length of a sum: about √n·2⁻²⁴ for n terms in random order,
     * and the longest sums are over a parameter tensor (Gram entries, projections).
     */
    static double float32Tolerance(Case c) {
        long longest = c.spec().parameterBlocks().stream().mapToLong(b -> b.size()).max().orElse(1);
        return Math.max(FLOAT32_TOLERANCE, 3 * Math.sqrt(longest) * 0x1p-24);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float64AgreesWithTheReferenceAndDl4jToRounding(Case c) {
        Batch batch = randomBatch(c.spec(), c.batch(), SEED + 11);
        try (Engine ref = create("java", c.spec(), Precision.FLOAT64); Engine cpu = create("cpu", c.spec(), Precision.FLOAT64);
             Engine dl4j = create("dl4j", c.spec(), Precision.FLOAT64)) {
            useParameters(c.spec(), ref, cpu, dl4j);
            if (c.spec().name().equals(LIGHT)) {
                compareLight(c, "cpu f64 vs java", ref, cpu, batch, FLOAT64_TOLERANCE);
                compareGradient(c, "cpu f64 vs dl4j", dl4j, cpu, batch, FLOAT64_TOLERANCE);
                return;
            }
            compareFirstOrder(c, "cpu f64 vs java", ref, cpu, batch, FLOAT64_TOLERANCE);
            compareFirstOrder(c, "cpu f64 vs dl4j", dl4j, cpu, batch, FLOAT64_TOLERANCE);
            compareCurvature(c, "cpu f64 vs java", ref, cpu, batch, FLOAT64_TOLERANCE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32AgreesWithinFloat32Rounding(Case c) {
        Batch batch = randomBatch(c.spec(), c.batch(), SEED + 12);
        double tol = float32Tolerance(c);
        try (Engine ref = create("java", c.spec(), Precision.FLOAT64); Engine cpu = create("cpu", c.spec(), Precision.FLOAT32);
             Engine dl4j = create("dl4j", c.spec(), Precision.FLOAT32)) {
            useParameters(c.spec(), ref, cpu, dl4j);
            // Both float32 engines hold the same rounded parameters; the reference runs on them too.
            ref.setParameters(ref.vectors().fromHost(cpu.vectors().toHost(cpu.parameters())));
            if (c.spec().name().equals(LIGHT)) {
                compareLight(c, "cpu f32 vs java", ref, cpu, batch, tol);
                compareGradient(c, "cpu f32 vs dl4j f32", dl4j, cpu, batch, 2 * tol);
                return;
            }
            compareFirstOrder(c, "cpu f32 vs java", ref, cpu, batch, tol);
            compareFirstOrder(c, "cpu f32 vs dl4j f32", dl4j, cpu, batch, 2 * tol);
            compareCurvature(c, "cpu f32 vs java", ref, cpu, batch, tol);
        }
    }

    /** Gradient, per-sample rows, Gram matrix, and one Hessian and one Gauss–Newton product. */
    private static void compareLight(Case c, String tag, Engine ref, Engine other, Batch batch, double tol) {
        compareGradient(c, tag, ref, other, batch, tol);
        double[][] a = rows(ref, batch), b = rows(other, batch);
        double worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, relativeError(b[i], a[i]));
        check(c, tag + " per-sample gradients", worst, tol);
        check(c, tag + " gram", relativeError(other.gram(batch, false), ref.gram(batch, false)), tol);
        HostVectorSpace s = (HostVectorSpace) ref.vectors();
        Vec v = s.zeros(), x = s.zeros(), y = s.zeros();
        s.fillGaussian(v, SEED + 100);
        s.scale(v, 1 / s.norm(v));
        ref.hessianVector(batch, v, x);
        other.hessianVector(batch, v, y);
        check(c, tag + " hvp", relativeError(s.data(y), s.data(x)), tol);
        ref.gaussNewtonVector(batch, v, x);
        other.gaussNewtonVector(batch, v, y);
        check(c, tag + " ggn", relativeError(s.data(y), s.data(x)), tol);
    }

    private static void compareGradient(Case c, String tag, Engine ref, Engine other, Batch batch, double tol) {
        HostVectorSpace s = (HostVectorSpace) ref.vectors();
        Vec a = s.zeros(), b = s.zeros();
        double la = ref.lossAndGradient(batch, a), lb = other.lossAndGradient(batch, b);
        check(c, tag + " loss", EngineAgreementTest.relative(lb, la), tol);
        check(c, tag + " mean gradient", relativeError(s.data(b), s.data(a)), tol);
    }

    /**
     * Exact products against DL4J's float64 central differences and the engine's own; symmetry;
     * Σ g_i = B·∇L.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exactCurvatureAndPerSampleIdentities(Case c) {
        Batch batch = randomBatch(c.spec(), c.batch(), SEED + 13);
        try (Engine cpu = create("cpu", c.spec(), Precision.FLOAT64); Engine dl4j = create("dl4j", c.spec(), Precision.FLOAT64)) {
            useParameters(c.spec(), cpu, dl4j);
            HostVectorSpace s = (HostVectorSpace) cpu.vectors();
            Vec v = s.zeros(), exact = s.zeros(), fd = s.zeros();
            s.fillGaussian(v, SEED + 200);
            s.scale(v, 1 / s.norm(v));
            cpu.hessianVector(batch, v, exact);
            dl4j.hessianVector(batch, v, fd);
            check(c, "hvp vs dl4j fd", relativeError(s.data(fd), s.data(exact)), FINITE_DIFFERENCE_TOLERANCE);
            cpu.gaussNewtonVector(batch, v, exact);
            dl4j.gaussNewtonVector(batch, v, fd);
            check(c, "ggn vs dl4j fd", relativeError(s.data(fd), s.data(exact)), FINITE_DIFFERENCE_TOLERANCE);
            // Central differences of the engine's own float64 gradient, with the step along the unit
            // direction (a step scaled by ‖θ‖ would cross ReLU kinks in ResNet-18).
            cpu.hessianVector(batch, v, exact);
            try (Vec own = OperatorChecks.gradientDifference(cpu, batch, v, 1e-5)) {
                check(c, "hvp vs own fd", relativeError(s.data(own), s.data(exact)), FINITE_DIFFERENCE_TOLERANCE);
            }
            check(c, "hvp symmetry", OperatorChecks.symmetry(cpu, batch, CurvatureOperator.HESSIAN, SEED + 202).relative(), 1e-10);
            check(c, "ggn symmetry", OperatorChecks.symmetry(cpu, batch, CurvatureOperator.GAUSS_NEWTON, SEED + 203).relative(), 1e-10);

            double[][] g = rows(cpu, batch);
            double[] sum = new double[g[0].length];
            for (double[] row : g) for (int j = 0; j < sum.length; j++) sum[j] += row[j];
            Vec grad = s.zeros();
            cpu.lossAndGradient(batch, grad);
            double[] scaled = s.toHost(grad);
            for (int j = 0; j < scaled.length; j++) scaled[j] *= batch.size();
            check(c, "sum of g_i vs B grad", relativeError(sum, scaled), FLOAT64_TOLERANCE);
        }
    }

    /** Hessian- and Gauss–Newton-vector products along random unit directions, twice (the second reuses the kept passes). */
    private static void compareCurvature(Case c, String tag, Engine ref, Engine other, Batch batch, double tol) {
        HostVectorSpace s = (HostVectorSpace) ref.vectors();
        Vec v = s.zeros(), a = s.zeros(), b = s.zeros();
        for (int k = 0; k < 2; k++) {
            s.fillGaussian(v, SEED + 100 + k);
            s.scale(v, 1 / s.norm(v));
            ref.hessianVector(batch, v, a);
            other.hessianVector(batch, v, b);
            check(c, tag + " hvp", relativeError(s.data(b), s.data(a)), tol);
        }
        ref.gaussNewtonVector(batch, v, a);
        other.gaussNewtonVector(batch, v, b);
        check(c, tag + " ggn", relativeError(s.data(b), s.data(a)), tol);
    }

    private static void check(Case c, String quantity, double error, double tol) {
        WORST.merge(String.format(Locale.ROOT, "%-12s %-26s", c, quantity), error, Math::max);
        assertTrue(error < tol, c + ": " + quantity + " relative error " + error + " exceeds " + tol);
    }

    @AfterAll
    static void printAgreement() {
        StringBuilder b = new StringBuilder("cpu engine agreement (max relative error):\n");
        new TreeMap<>(WORST).forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %s %.2e%n", k, v)));
        System.out.print(b);
    }
}
