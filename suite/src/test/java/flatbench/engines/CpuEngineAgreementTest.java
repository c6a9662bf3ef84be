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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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

    static Stream<Case> cases() {
        return Stream.of(new Case(Models.mlp(), 6), new Case(Models.smallCnn(), 4), new Case(Models.lenet(), 3),
                new Case(EngineAgreementTest.tinyResidual(), 5));
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
            compareFirstOrder(c, "cpu f32 vs java", ref, cpu, batch, tol);
            compareFirstOrder(c, "cpu f32 vs dl4j f32", dl4j, cpu, batch, 2 * tol);
            compareCurvature(c, "cpu f32 vs java", ref, cpu, batch, tol);
        }
    }

    /**
     * ResNet-18 on two samples: the plain-Java reference takes seconds per pass here, so its
     * gradient, per-sample rows, Gram matrix and one Hessian and one Gauss–Newton product are
     * computed once and both precisions of the cpu engine are held to them (float32 runs on
     * rounded parameters, far inside its tolerance); DL4J's gradients and central differences,
     * the engine's own differences, symmetry and Σ g_i = B·∇L as for the other models.
     */
    @Tag("slow")
    @Test
    void resnet18OnTwoSamples() {
        Case c = new Case(Models.resnet18(), 2);
        Batch batch = randomBatch(c.spec(), c.batch(), SEED + 14);
        HostVectorSpace s = new HostVectorSpace(c.spec().parameterCount());
        Vec v = s.zeros();
        s.fillGaussian(v, SEED + 100);
        s.scale(v, 1 / s.norm(v));
        Quantities ref, dl4j64, dl4j32;
        try (Engine java = create("java", c.spec(), Precision.FLOAT64)) {
            useParameters(c.spec(), java);
            ref = Quantities.of(java, batch, v, true);
        }
        try (Engine d64 = create("dl4j", c.spec(), Precision.FLOAT64)) {
            useParameters(c.spec(), d64);
            dl4j64 = Quantities.of(d64, batch, v, false);
        }
        try (Engine d32 = create("dl4j", c.spec(), Precision.FLOAT32)) {
            useParameters(c.spec(), d32);
            dl4j32 = new Quantities(Quantities.gradient(d32, batch), null, null, null, null);
        }
        try (Engine cpu = create("cpu", c.spec(), Precision.FLOAT64)) {
            useParameters(c.spec(), cpu);
            Quantities q = Quantities.of(cpu, batch, v, true);
            q.compare(c, "cpu f64 vs java", ref, FLOAT64_TOLERANCE);
            check(c, "cpu f64 vs dl4j mean gradient", relativeError(q.gradient(), dl4j64.gradient()), FLOAT64_TOLERANCE);
            check(c, "hvp vs dl4j fd", relativeError(dl4j64.hv(), q.hv()), FINITE_DIFFERENCE_TOLERANCE);
            try (Vec own = OperatorChecks.gradientDifference(cpu, batch, v, 1e-5)) {
                check(c, "hvp vs own fd", relativeError(s.data(own), q.hv()), FINITE_DIFFERENCE_TOLERANCE);
            }
            check(c, "hvp symmetry", OperatorChecks.symmetry(cpu, batch, CurvatureOperator.HESSIAN, SEED + 202).relative(), 1e-10);
            double[] sum = new double[q.gradient().length];
            for (double[] row : q.rows()) for (int j = 0; j < sum.length; j++) sum[j] += row[j];
            double[] scaled = q.gradient().clone();
            for (int j = 0; j < scaled.length; j++) scaled[j] *= batch.size();
            check(c, "sum of g_i vs B grad", relativeError(sum, scaled), FLOAT64_TOLERANCE);
        }
        try (Engine cpu = create("cpu", c.spec(), Precision.FLOAT32)) {
            useParameters(c.spec(), cpu);
            Quantities q = Quantities.of(cpu, batch, v, true);
            q.compare(c, "cpu f32 vs java", ref, float32Tolerance(c));
            check(c, "cpu f32 vs dl4j f32 mean gradient", relativeError(q.gradient(), dl4j32.gradient()), 2 * float32Tolerance(c));
        }
    }

    /** One engine's answers on a batch: mean gradient, per-sample rows, Gram matrix, H v and (when asked) G v. */
    private record Quantities(double[] gradient, double[][] rows, double[][] gram, double[] hv, double[] gv) {
        static Quantities of(Engine e, Batch batch, Vec v, boolean all) {
            HostVectorSpace s = (HostVectorSpace) e.vectors();
            Vec out = s.zeros();
            e.hessianVector(batch, v, out);
            double[] hv = s.toHost(out);
            if (!all) return new Quantities(gradient(e, batch), null, null, hv, null);
            e.gaussNewtonVector(batch, v, out);
            return new Quantities(gradient(e, batch), EngineAgreementTest.rows(e, batch), e.gram(batch, false), hv, s.toHost(out));
        }

        static double[] gradient(Engine e, Batch batch) {
            Vec g = e.vectors().zeros();
            e.lossAndGradient(batch, g);
            return e.vectors().toHost(g);
        }

        void compare(Case c, String tag, Quantities ref, double tol) {
            check(c, tag + " mean gradient", relativeError(gradient, ref.gradient), tol);
            double worst = 0;
            for (int i = 0; i < rows.length; i++) worst = Math.max(worst, relativeError(rows[i], ref.rows[i]));
            check(c, tag + " per-sample gradients", worst, tol);
            check(c, tag + " gram", relativeError(gram, ref.gram), tol);
            check(c, tag + " hvp", relativeError(hv, ref.hv), tol);
            check(c, tag + " ggn", relativeError(gv, ref.gv), tol);
        }
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
