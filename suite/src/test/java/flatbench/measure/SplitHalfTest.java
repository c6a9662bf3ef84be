package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;
import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.timing.Timings;
import flatbench.train.Sampling;

/**
 * Softmax regression at its maximum-likelihood fit, where the Hessian is known to equal the
 * per-sample gradient covariance: the default curvature data (here the whole training set) give
 * σ²/λ ≈ 1, while a 32-sample curvature batch is flagged by the split-half check; a large
 * sample passes it, so the check can say either.
 */
class SplitHalfTest {
    private static final int D = 4, K = 3, TRAIN = 12000, NOISE = 2000;
    private static Batch train;
    private static double[] fitted;

    @BeforeAll
    static void fitOnce() {
        var teacher = new SoftmaxRegressionEngine(D, K);
        teacher.theta = DenseReference.gaussian(teacher.p, 1.2, 31);
        train = DenseReference.teacherBatch(teacher, TRAIN, 32);
        var student = new SoftmaxRegressionEngine(D, K);
        FisherHessianTest.fit(student, train);
        fitted = student.theta.clone();
    }

    private static AlignmentMeasurement.Result measure(CurvatureData choice) {
        var e = new SoftmaxRegressionEngine(D, K);
        e.theta = fitted.clone();
        SampleSet set = SampleSet.of("train", train);
        CurvatureData used = choice.resolve(e.spec(), TRAIN, e.capabilities().exactHvp());
        CurvatureSamples all = CurvatureSamples.all(e, set, true);
        int[] noise = new int[NOISE];
        for (int i = 0; i < NOISE; i++) noise[i] = i;
        CurvatureSamples curvature = switch (used.kind()) {
            case TRAIN, AUTO -> all;
            case NOISE -> CurvatureSamples.of(e, set, noise, false);
            case SAMPLE -> {
                int[] idx = new int[used.samples()];
                for (int i = 0; i < idx.length; i++) idx[i] = TRAIN - 1 - i;  // disjoint from the noise batch
                yield CurvatureSamples.of(e, set, idx, false);
            }
        };
        CurvatureConfig c = CurvatureConfig.defaults().withTopK(6).withLanczos(e.p, 1e-10).withSlq(1, 5, 0.05);
        NoiseConfig n = NoiseConfig.defaults().withStep(32, Sampling.WITH_REPLACEMENT, TRAIN).withExactTrHCMaxSamples(0).withBootstrap(200, 4);
        var info = new CurvatureData.Resolved(choice, used, curvature.size(), curvature.population());
        return AlignmentMeasurement.measure(e, new AlignmentMeasurement.Data(curvature, info, set.batch(noise), all, K),
                new MeasureConfig(c, n), null, new Timings());
    }

    private static Estimate top5(AlignmentMeasurement.Result r) {
        return Estimate.from(r.alignment().toMetrics().get(Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5.key())).orElseThrow();
    }

    @Test
    void theDefaultCurvatureDataGiveNoiseEqualToCurvature() {
        assertEquals(CurvatureData.TRAIN, CurvatureData.AUTO.resolve(new SoftmaxRegressionEngine(D, K).spec(), TRAIN, true));
        try (var r = measure(CurvatureData.AUTO)) {
            Estimate e = top5(r);
            assertEquals(1, e.number(), 0.1, e.toText());
            assertTrue(e.lower(0) < e.number() && e.number() < e.upper(0), e.toText());
            assertNull(r.alignment().splitHalf(), "the whole training set needs no split-half check");
            assertEquals("train", r.hessian().toMetrics().get("curvatureData") instanceof java.util.Map<?, ?> m ? m.get("used") : null);
        }
    }

    @Test
    void aThirtyTwoSampleCurvatureBatchIsFlagged() {
        try (var r = measure(CurvatureData.samples(32))) {
            SplitHalf s = r.alignment().splitHalf();
            assertNotNull(s);
            assertArrayEquals(new int[] {16, 16}, s.samples());
            assertFalse(s.sufficient(), "32 curvature samples should not suffice: " + top5(r).toText());
            Estimate e = top5(r);
            assertTrue(e.hasHalves(), e.toText());
        }
    }

    @Test
    void aLargeCurvatureSamplePassesTheCheck() {
        try (var r = measure(CurvatureData.samples(8000))) {
            SplitHalf s = r.alignment().splitHalf();
            assertTrue(s.sufficient(), "moved: " + s.moved() + "; " + top5(r).toText());
        }
    }
}
