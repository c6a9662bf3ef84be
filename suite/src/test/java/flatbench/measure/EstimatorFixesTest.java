package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;
import flatbench.train.Sampling;

/** Each estimator fix of issue 8 against a known answer; each of these failed before the fix. */
class EstimatorFixesTest {

    @Test
    void aLogLogFitOverEqualValuesHasNoR2() {
        LogLogFit f = LogLogFit.fit(new double[] {1, 2, 4, 8}, new double[] {3, 3, 3, 3});
        assertEquals(0, f.slope(), 1e-15);
        assertTrue(Double.isNaN(f.r2()), "R² of a flat line is 0/0, not " + f.r2());
    }

    /** A population of N per-sample gradients with |G|² and tr Σ computed densely. */
    private record Population(LinearRegressionEngine engine, Batch all, double g2, double traceSigma) {
        static Population of(int n, double offset, long seed) {
            int d = 3;
            var e = new LinearRegressionEngine(d);
            double[] truth = DenseReference.gaussian(d + 1, 1, seed);
            Batch all = DenseReference.regressionBatch(n, d, truth, 1.0, seed + 1);
            e.theta = truth.clone();
            e.theta[0] += offset;
            double[][] rows = DenseReference.gradients(e, all);
            double[] g = DenseReference.mean(rows);
            double tr = DenseReference.trace(DenseReference.covariance(rows)) * n / (n - 1);  // Σ with 1/(N−1)
            return new Population(e, all, DenseReference.dot(g, g), tr);
        }

        NoiseResult measure(Batch noise) {
            // The fewest resamples the bootstrap allows: the intervals are not what these tests look at.
            NoiseConfig c = NoiseConfig.defaults().withStep(1, Sampling.WITHOUT_REPLACEMENT, all.size()).withBootstrap(40, 1);
            return NoiseCovariance.measure(engine, noise, c, 0, ProgressListener.NONE);
        }
    }

    @Test
    void gradientNoiseScaleIsExactWhenTheNoiseBatchIsTheWholeDataSet() {
        Population pop = Population.of(40, 0.05, 11);
        NoiseResult r = pop.measure(pop.all());
        assertEquals(pop.g2(), r.trueGradientNormSquared(), 1e-12 * (pop.g2() + pop.traceSigma()));
        assertEquals(pop.traceSigma() / pop.g2(), r.gradientNoiseScale(), 1e-9 * r.gradientNoiseScale());
    }

    @Test
    void squaredGradientNormIsUnbiasedForASmallBatchDrawnWithoutReplacement() {
        Population pop = Population.of(40, 0.05, 12);
        int n = 10, draws = 6000;
        SplittableRandom rng = new SplittableRandom(5);
        double sum = 0, sumSq = 0;
        for (int t = 0; t < draws; t++) {
            int[] idx = rng.ints(0, 40).distinct().limit(n).toArray();
            Batch b = SampleSet.pick(pop.all(), idx);
            double est = pop.measure(b).trueGradientNormSquared();
            sum += est;
            sumSq += est * est;
        }
        double mean = sum / draws, se = Math.sqrt((sumSq / draws - mean * mean) / draws);
        assertEquals(pop.g2(), mean, 4 * se, "mean of the |G|² estimate over " + draws + " draws (se " + se + ")");
    }

    @Test
    void topKRatioIsOneForIsotropicNoise() {
        // ℓᵢ = ½(θ − xᵢ)ᵀA(θ − xᵢ) with xᵢ = A⁻¹zᵢ, z ~ N(0, I): C = Cov(z) ≈ I, H = A.
        double[] lambda = {10, 5, 1, 1, 1, 1};
        int p = lambda.length, n = 3000;
        double[][] a = DenseReference.withSpectrum(lambda, 3);
        double[] inv = new double[p];
        for (int i = 0; i < p; i++) inv[i] = 1 / lambda[i];
        double[][] aInv = DenseReference.withSpectrum(inv, 3);
        var engine = new QuadraticEngine(a);
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[n * p];
        for (int i = 0; i < n; i++) {
            double[] z = new double[p];
            for (int t = 0; t < p; t++) z[t] = r.nextGaussian();
            double[] xi = DenseReference.times(aInv, z);
            for (int t = 0; t < p; t++) x[i * p + t] = (float) xi[t];
        }
        Batch noise = new Batch(flatbench.model.Shape.vector(p), n, x, new int[n]);
        Batch curvature = noise.slice(0, 10);
        CurvatureConfig c = CurvatureConfig.defaults().withTopK(2).withLanczos(p, 1e-10).withHutchinsonProbes(50).withSlq(1, 4, 0.05);
        NoiseConfig nc = NoiseConfig.defaults().withExactTrHCMaxSamples(n).withBootstrap(40, 1);
        try (var m = AlignmentMeasurement.measure(engine, curvature, noise, new MeasureConfig(c, nc), null)) {
            var metrics = m.alignment().toMetrics();
            assertEquals(1, number(metrics.get("trHCTopKRatio")), 0.08, "top-k ratio for isotropic noise");
            assertEquals(1, number(metrics.get("trHCExactRatio")), 0.08, "full-space ratio for isotropic noise");
        }
    }

    static double number(Object o) {
        if (o instanceof Number x) return x.doubleValue();
        if (o instanceof java.util.Map<?, ?> m && m.get("value") instanceof Number x) return x.doubleValue();
        throw new AssertionError("not a number: " + o);
    }

    @Test
    void eigenpairsThatMissTheToleranceAreLeftOutOfTheFitsAndCounted() {
        // A cluster under the top eigenvalue: 6 Lanczos steps resolve λ₁, not the rest of the top 5.
        int p = 40;
        double[] lambda = new double[p];
        for (int i = 0; i < p; i++) lambda[i] = i == 0 ? 10 : 1 + 0.01 * (p - i);
        var engine = new QuadraticEngine(DenseReference.withSpectrum(lambda, 8));
        Batch noise = DenseReference.gaussianBatch(60, p, 1, 9);
        CurvatureConfig c = CurvatureConfig.defaults().withTopK(5).withLanczos(6, 1e-6).withHutchinsonProbes(4).withSlq(1, 4, 0.05);
        try (var m = AlignmentMeasurement.measure(engine, noise.slice(0, 2), noise, new MeasureConfig(c, NoiseConfig.defaults().withBootstrap(40, 1)), null)) {
            double[] res = m.hessian().eigen().residuals();
            int ok = 0;
            for (double x : res) if (x <= 1e-6 * 10 * (1 + 1e-9)) ok++;
            assertTrue(ok >= 1 && ok < 5, "the case needs some converged and some unconverged pairs: " + java.util.Arrays.toString(res));
            var metrics = m.alignment().toMetrics();
            assertEquals(ok, ((Number) metrics.get("sigma2VsLambdaPoints")).intValue(), "pairs in the σ² fit");
            assertEquals(5 - ok, ((Number) metrics.get("excludedEigenpairs")).intValue(), "pairs left out");
        }
    }

    @Test
    void gradientOverlapUsesTheTrainingSetGradient() {
        // Softmax regression at θ* + δ·v₁: the training-set gradient lies along H's top eigenvector.
        var teacher = new SoftmaxRegressionEngine(4, 3);
        teacher.theta = DenseReference.gaussian(teacher.p, 1.0, 21);
        Batch train = DenseReference.teacherBatch(teacher, 3000, 22);
        var e = new SoftmaxRegressionEngine(4, 3);
        FisherHessianTest.fit(e, train);
        DenseReference.Eig he = DenseReference.eig(e.hessian(train));
        for (int t = 0; t < e.p; t++) e.theta[t] += 1e-4 * he.vectors()[0][t];
        Batch noise = train.slice(0, 64);
        CurvatureConfig c = CurvatureConfig.defaults().withTopK(4).withLanczos(e.p, 1e-10).withHutchinsonProbes(4).withSlq(1, 4, 0.05);
        try (var m = AlignmentMeasurement.measure(e, train, noise, new MeasureConfig(c, NoiseConfig.defaults().withBootstrap(40, 1)), null)) {
            assertEquals(1, m.alignment().gradientOverlapByK()[0], 1e-4, "‖P₁∇L‖²/‖∇L‖² on the training set");
            assertEquals(3, m.alignment().gradientK(), "headline K is the number of classes");
        }
    }
}
