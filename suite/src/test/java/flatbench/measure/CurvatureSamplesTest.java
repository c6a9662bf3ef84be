package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;
import flatbench.engine.Vec;
import flatbench.model.Models;

/** The chunked curvature operator and gradient against one product over all samples; the choices of curvature data. */
class CurvatureSamplesTest {

    @Test
    void chunksAverageToTheProductOverAllSamples() {
        var teacher = new SoftmaxRegressionEngine(5, 3);
        teacher.theta = DenseReference.gaussian(teacher.p, 1, 1);
        Batch b = DenseReference.teacherBatch(teacher, 103, 2);
        var e = new SoftmaxRegressionEngine(5, 3);
        e.theta = DenseReference.gaussian(e.p, 0.5, 3);
        SampleSet set = SampleSet.of("train", b);
        int[] idx = set.allIndices();
        // Chunks of 10 rows (the last of 3), rebuilt for every product, against one batch of all rows.
        CurvatureSamples one = CurvatureSamples.all(e, set, true);
        CurvatureSamples chunked = CurvatureSamples.chunked(e, set, idx, 10);
        var space = e.vectors();
        try (Vec v = space.fromHost(DenseReference.gaussian(e.p, 1, 4)); Vec a = space.zeros(); Vec c = space.zeros()) {
            one.operator(CurvatureOperator.HESSIAN).apply(v, a);
            chunked.operator(CurvatureOperator.HESSIAN).apply(v, c);
            double[] x = space.toHost(a), y = space.toHost(c);
            for (int t = 0; t < x.length; t++) assertEquals(x[t], y[t], 1e-12 * (1 + Math.abs(x[t])));
            double l1 = one.meanGradient(a), l2 = chunked.meanGradient(c);
            assertEquals(l1, l2, 1e-12);
            x = space.toHost(a);
            y = space.toHost(c);
            for (int t = 0; t < x.length; t++) assertEquals(x[t], y[t], 1e-12 * (1 + Math.abs(x[t])));
        }
    }

    @Test
    void halvesAreDisjointAndCoverTheSamples() {
        var e = new SoftmaxRegressionEngine(2, 2);
        Batch b = DenseReference.gaussianBatch(11, 2, 1, 1);
        CurvatureSamples[] h = CurvatureSamples.all(e, SampleSet.of("x", b), true).halves(7);
        assertEquals(5, h[0].size());
        assertEquals(6, h[1].size());
        assertFalse(h[0].population() || h[1].population());
        int[] all = new int[11];
        System.arraycopy(h[0].indices(), 0, all, 0, 5);
        System.arraycopy(h[1].indices(), 0, all, 5, 6);
        Arrays.sort(all);
        for (int i = 0; i < 11; i++) assertEquals(i, all[i]);
    }

    @Test
    void curvatureDataParseAndResolve() {
        assertEquals(CurvatureData.TRAIN, CurvatureData.parse("train"));
        assertEquals(CurvatureData.NOISE, CurvatureData.parse(" Noise "));
        assertEquals(CurvatureData.samples(512), CurvatureData.parse("512"));
        assertEquals("512", CurvatureData.samples(512).label());
        assertThrows(IllegalArgumentException.class, () -> CurvatureData.parse("1"));
        assertThrows(IllegalArgumentException.class, () -> CurvatureData.parse("lots"));
        // 784·50 + 50·50 + 50·10 multiply-adds, plus one per ReLU output: the MLP on 8,000 digits fits the budget.
        var mlp = Models.byName("mlp").orElseThrow();
        assertEquals(784 * 50 + 50 * 50 + 50 * 10 + 50 + 50, mlp.multiplyAddsPerSample());
        assertEquals(CurvatureData.TRAIN, CurvatureData.AUTO.resolve(mlp, 8000, true));
        // Finite-difference Hessian products (DL4J) degrade over many samples: auto takes the noise batch.
        assertEquals(CurvatureData.NOISE, CurvatureData.AUTO.resolve(mlp, 8000, false));
        assertEquals(CurvatureData.NOISE, CurvatureData.AUTO.resolve(Models.byName("lenet").orElseThrow(), 8000, true));
        assertEquals(CurvatureData.NOISE, CurvatureData.AUTO.resolve(Models.byName("cnn-small").orElseThrow(), 8000, true));
        assertEquals(CurvatureData.samples(64), CurvatureData.samples(64).resolve(mlp, 8000, true));
    }
}
