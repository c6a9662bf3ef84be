package flatbench.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import flatbench.engine.Batch;
import flatbench.engine.HostVectorSpace;
import flatbench.engine.PerSampleAlgebra;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.model.Layer;
import flatbench.model.Layer.*;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.ParamBlock;
import flatbench.model.Shape;

class Dl4jEngineTest {
    /** Relative error allowed where two exact formulas are evaluated in the engine's precision. */
    private static double tolerance(Precision p) { return p == Precision.FLOAT64 ? 1e-12 : 1e-5; }

    /** Every layer kind, a strided residual block with a projection shortcut and an identity one. */
    static ModelSpec tinyResidual() {
        return new ModelSpec("tiny-residual", new Shape(2, 6, 6), 3, List.of(
                new Conv2d(2, 3, 3, 1, 1, true), new BatchNorm(3, 1e-5), new Relu(),
                new Residual(List.of(new Conv2d(3, 4, 3, 2, 1, false), BatchNorm.of(4), new Relu(),
                                     new Conv2d(4, 4, 3, 1, 1, false), BatchNorm.of(4)),
                             List.of(new Conv2d(3, 4, 1, 2, 0, false), BatchNorm.of(4))),
                new Relu(),
                new Residual(List.of(new Conv2d(4, 4, 3, 1, 1, false)), List.of()),
                new GlobalAvgPool(), new Dense(4, 5), new Relu(), new Dense(5, 3)));
    }

    /** Convolution with stride, both poolings, and a dense layer reading a flattened image. */
    static ModelSpec tinyPooled() {
        return new ModelSpec("tiny-pooled", new Shape(1, 9, 9), 4, List.of(
                new Conv2d(1, 3, 3, 1, 0, true), new MaxPool(2, 2), new Relu(),
                new Conv2d(3, 2, 2, 1, 1, true), new AvgPool(2, 1), new Dense(2 * 3 * 3, 4)));
    }

    static Batch randomBatch(ModelSpec spec, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * spec.input().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) (2 * r.nextDouble() - 1);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = spec.numClasses() == 1 ? (r.nextBoolean() ? 1 : -1) : r.nextInt(spec.numClasses());
        return new Batch(spec.input(), n, x, y);
    }

    /** Parameters with every entry random (batch-norm scales included, so the map is exercised). */
    static double[] randomParameters(ModelSpec spec, long seed) {
        double[] t = spec.initialParameters(seed);
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (ParamBlock b : spec.parameterBlocks()) {
            if (b.kind() == ParamBlock.Kind.SCALE || b.kind() == ParamBlock.Kind.SHIFT || b.kind() == ParamBlock.Kind.BIAS) {
                for (int i = 0; i < b.size(); i++) t[(int) b.offset() + i] = 0.5 + r.nextDouble() * (b.kind() == ParamBlock.Kind.SCALE ? 1 : -1);
            }
        }
        return t;
    }

    static Dl4jEngine engine(ModelSpec spec, Precision p, long seed) {
        Dl4jEngine e = new Dl4jEngine(spec, p, seed);
        e.setParameters(e.vectors().fromHost(randomParameters(spec, seed)));
        return e;
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
        return relativeError(flatten(a), flatten(b));
    }

    private static double[] flatten(double[][] m) {
        return Stream.of(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    static Stream<Arguments> models() {
        List<Arguments> out = new ArrayList<>();
        for (Precision p : Precision.values()) {
            out.add(Arguments.of(Models.mlp(), p));
            out.add(Arguments.of(Models.smallCnn(), p));
            out.add(Arguments.of(Models.lenet(), p));
            out.add(Arguments.of(tinyResidual(), p));
            out.add(Arguments.of(tinyPooled(), p));
        }
        return out.stream();
    }

    @Test
    void translationMatchesReferenceForward() {
        for (ModelSpec spec : List.of(tinyResidual(), tinyPooled(), Models.smallCnn())) {
            Dl4jEngine e = engine(spec, Precision.FLOAT64, 3);
            Batch b = randomBatch(spec, 3, 4);
            double[] theta = e.vectors().toHost(e.parameters());
            double[][] p = e.probabilities(b);
            int d = spec.input().size();
            for (int i = 0; i < b.size(); i++) {
                double[] x = new double[d];
                for (int j = 0; j < d; j++) x[j] = b.inputs()[i * d + j];
                double[] want = ReferenceForward.probabilities(spec, theta, x);
                assertTrue(relativeError(p[i], want) < 1e-12, spec.name() + " sample " + i + ": " + relativeError(p[i], want));
            }
        }
    }

    @Test
    void parametersRoundTrip() {
        for (ModelSpec spec : List.of(tinyResidual(), Models.lenet())) {
            Dl4jEngine e = new Dl4jEngine(spec, Precision.FLOAT64, 1);
            double[] theta = randomParameters(spec, 5);
            e.setParameters(e.vectors().fromHost(theta));
            // Batch-norm scales pass through a multiply and a divide by s: one rounding each way.
            assertTrue(relativeError(e.vectors().toHost(e.parameters()), theta) < 1e-15);
            assertEquals(spec.parameterCount(), e.parameterCount());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void perSampleGradientsSumToBatchGradientAndMatchSingleSamples(ModelSpec spec, Precision precision) {
        Dl4jEngine e = engine(spec, precision, 11);
        Batch b = randomBatch(spec, 4, 12);
        double[][] g = PerSampleAlgebra.materialise(e, b);
        HostVectorSpace.HostVec mean = e.vectors().zeros();
        double loss = e.lossAndGradient(b, mean);
        double[] sum = new double[g[0].length];
        for (double[] row : g) for (int t = 0; t < row.length; t++) sum[t] += row[t];
        double[] batchSum = mean.data().clone();
        for (int t = 0; t < batchSum.length; t++) batchSum[t] *= b.size();
        assertTrue(relativeError(sum, batchSum) < tolerance(precision), "Σ g_i vs B∇L: " + relativeError(sum, batchSum));

        double lossSum = 0;
        for (int i = 0; i < b.size(); i++) {
            HostVectorSpace.HostVec single = e.vectors().zeros();
            lossSum += e.lossAndGradient(b.slice(i, i + 1), single);
            assertTrue(relativeError(g[i], single.data()) < tolerance(precision), "g_" + i + ": " + relativeError(g[i], single.data()));
        }
        assertEquals(lossSum / b.size(), loss, 1e-6 * Math.abs(loss));
    }

    @Test
    void perSampleGradientsStreamInChunksInBatchOrder() {
        ModelSpec spec = Models.mlp();
        Dl4jEngine e = engine(spec, Precision.FLOAT64, 15);
        int n = Dl4jEngine.MAX_CHUNK + 6;
        Batch b = randomBatch(spec, n, 16);
        int[] next = {0};
        double[][] kept = new double[n][];
        e.perSampleGradients(b, (row, g) -> {
            assertEquals(next[0]++, row, "rows arrive in batch order");
            if (row == 0 || row == Dl4jEngine.MAX_CHUNK - 1 || row == Dl4jEngine.MAX_CHUNK || row == n - 1) kept[row] = g.clone();
        });
        assertEquals(n, next[0]);
        for (int i = 0; i < n; i++) {
            if (kept[i] == null) continue;
            HostVectorSpace.HostVec single = e.vectors().zeros();
            e.lossAndGradient(b.slice(i, i + 1), single);
            assertTrue(relativeError(kept[i], single.data()) < 1e-12, "g_" + i);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void gramAndProjectionMatchPerSampleReference(ModelSpec spec, Precision precision) {
        Dl4jEngine e = engine(spec, precision, 21);
        Batch b = randomBatch(spec, 5, 22);
        for (boolean centred : new boolean[] {false, true}) {
            double[][] want = PerSampleAlgebra.gram(e, b, centred);
            double[][] got = e.gram(b, centred);
            assertTrue(relativeError(got, want) < tolerance(precision), "gram centred=" + centred + ": " + relativeError(got, want));
        }
        List<Vec> dirs = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            Vec v = e.vectors().zeros();
            e.vectors().fillGaussian(v, 100 + j);
            dirs.add(v);
        }
        double[][] want = PerSampleAlgebra.project(e, b, dirs);
        double[][] got = e.project(b, dirs);
        assertTrue(relativeError(got, want) < tolerance(precision), "project: " + relativeError(got, want));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        for (ModelSpec spec : List.of(Models.mlp(), tinyResidual())) {
            Dl4jEngine e = engine(spec, Precision.FLOAT64, 31);
            Batch b = randomBatch(spec, 4, 32);
            HostVectorSpace.HostVec g = e.vectors().zeros();
            e.lossAndGradient(b, g);
            double[] theta = e.vectors().toHost(e.parameters());
            SplittableRandom r = new SplittableRandom(33);
            // One coordinate from every tensor, so each block of the parameter map is checked.
            for (ParamBlock block : spec.parameterBlocks()) {
                int k = (int) block.offset() + r.nextInt((int) block.size());
                double h = 1e-5;
                double[] t = theta.clone();
                t[k] = theta[k] + h;
                e.setParameters(e.vectors().fromHost(t));
                double up = e.loss(b);
                t[k] = theta[k] - h;
                e.setParameters(e.vectors().fromHost(t));
                double down = e.loss(b);
                double fd = (up - down) / (2 * h);
                assertEquals(fd, g.data()[k], 1e-8 + 1e-6 * Math.abs(fd), spec.name() + " " + block.name() + "[" + (k - block.offset()) + "]");
            }
            e.setParameters(e.vectors().fromHost(theta));
        }
    }

    @Test
    void hessianVectorProductIsSymmetricAndLinear() {
        for (ModelSpec spec : List.of(Models.mlp(), tinyResidual())) {
            Dl4jEngine e = engine(spec, Precision.FLOAT64, 41);
            Batch b = randomBatch(spec, 4, 42);
            HostVectorSpace s = e.vectors();
            Vec v1 = s.zeros(), v2 = s.zeros(), h1 = s.zeros(), h2 = s.zeros(), h3 = s.zeros();
            s.fillGaussian(v1, 1);
            s.fillGaussian(v2, 2);
            e.hessianVector(b, v1, h1);
            e.hessianVector(b, v2, h2);
            double a = s.dot(v2, h1), c = s.dot(v1, h2);
            assertEquals(a, c, 1e-6 * (Math.abs(a) + Math.abs(c)), spec.name() + " v2ᵀHv1 vs v1ᵀHv2");
            // H(3v) = 3Hv: the step is scaled by 1/‖v‖, so this checks the scaling.
            Vec v3 = s.copy(v1);
            s.scale(v3, 3);
            e.hessianVector(b, v3, h3);
            s.axpy(-3, h1, h3);
            assertTrue(s.norm(h3) < 1e-6 * 3 * s.norm(h1), spec.name() + " H(3v) − 3Hv");
        }
    }

    @Test
    void gaussNewtonEqualsHessianForLinearModel() {
        ModelSpec linear = new ModelSpec("linear", new Shape(2, 3, 2), 4, List.of(new Dense(12, 4)));
        Dl4jEngine e = engine(linear, Precision.FLOAT64, 51);
        Batch b = randomBatch(linear, 5, 52);
        HostVectorSpace s = e.vectors();
        Vec v = s.zeros(), hv = s.zeros(), gv = s.zeros();
        s.fillGaussian(v, 3);
        e.hessianVector(b, v, hv);
        e.gaussNewtonVector(b, v, gv);
        assertTrue(relativeError(s.toHost(gv), s.toHost(hv)) < 1e-7, "Gv vs Hv: " + relativeError(s.toHost(gv), s.toHost(hv)));
    }

    @Test
    void gaussNewtonIsPositiveSemidefinite() {
        ModelSpec spec = tinyResidual();
        Dl4jEngine e = engine(spec, Precision.FLOAT64, 61);
        Batch b = randomBatch(spec, 4, 62);
        HostVectorSpace s = e.vectors();
        for (int k = 0; k < 4; k++) {
            Vec v = s.zeros(), gv = s.zeros();
            s.fillGaussian(v, 70 + k);
            e.gaussNewtonVector(b, v, gv);
            assertTrue(s.dot(v, gv) >= -1e-10 * s.norm(v) * s.norm(gv), "vᵀGv = " + s.dot(v, gv));
        }
    }

    @Test
    void float32HessianIsComputedInFloat64() {
        ModelSpec spec = tinyResidual();
        Dl4jEngine single = engine(spec, Precision.FLOAT32, 81);
        Dl4jEngine dbl = new Dl4jEngine(spec, Precision.FLOAT64, 81);
        // The float64 engine gets the float32 engine's (rounded) parameters: same function.
        dbl.setParameters(single.parameters());
        Batch b = randomBatch(spec, 4, 82);
        HostVectorSpace s = single.vectors();
        Vec v = s.zeros(), h32 = s.zeros(), h64 = s.zeros();
        s.fillGaussian(v, 5);
        single.hessianVector(b, v, h32);
        dbl.hessianVector(b, v, h64);
        assertTrue(relativeError(s.toHost(h32), s.toHost(h64)) < 1e-12, "twin vs float64 engine");
    }

    @Tag("slow")
    @Test
    void resnet18BuildsWithTheSpecsParameters() {
        ModelSpec spec = Models.resnet18();
        Dl4jEngine e = new Dl4jEngine(spec, Precision.FLOAT32, 7);
        assertEquals(11_173_962L, spec.parameterCount());
        assertEquals(spec.parameterCount(), e.vectors().dimension());
        double[] theta = randomParameters(spec, 8);
        e.setParameters(e.vectors().fromHost(theta));
        double[] back = e.vectors().toHost(e.parameters());
        double[] rounded = new double[theta.length];
        for (int i = 0; i < theta.length; i++) rounded[i] = (float) theta[i];
        assertTrue(relativeError(back, rounded) < 1e-7, "round trip: " + relativeError(back, rounded));
        e.setParameters(e.vectors().fromHost(spec.initialParameters(7)));
        double[][] p = e.probabilities(randomBatch(spec, 2, 9));
        for (double[] row : p) {
            double sum = 0;
            for (double q : row) {
                assertTrue(Double.isFinite(q) && q >= 0);
                sum += q;
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }
}
