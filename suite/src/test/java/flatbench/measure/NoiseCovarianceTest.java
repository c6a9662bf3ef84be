package flatbench.measure;

import flatbench.train.Sampling;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;

class NoiseCovarianceTest {

    @Test
    void lanczosGramSpectrumAgreesWithTheDenseOne() {
        var engine = new SoftmaxRegressionEngine(6, 4);
        engine.theta = DenseReference.gaussian(engine.p, 0.7, 1);
        var teacher = new SoftmaxRegressionEngine(6, 4);
        teacher.theta = DenseReference.gaussian(engine.p, 1.5, 2);
        Batch noise = DenseReference.teacherBatch(teacher, 200, 3);
        NoiseConfig base = NoiseConfig.defaults();
        NoiseResult dense = NoiseCovariance.measure(engine, noise, base.withGramSpectrum(1000, 10), 5, ProgressListener.NONE);
        NoiseResult lanczos = NoiseCovariance.measure(engine, noise, base.withGramSpectrum(0, 10), 5, ProgressListener.NONE);
        assertEquals("dense", dense.gramMethod());
        assertEquals(200, dense.gramEigenvalues().length);
        assertEquals("lanczos-top-10", lanczos.gramMethod());
        assertTrue(lanczos.gramConverged());
        assertEquals(10, lanczos.gramEigenvalues().length);
        for (int j = 0; j < 10; j++) assertEquals(dense.gramEigenvalues()[j], lanczos.gramEigenvalues()[j], 1e-9 * dense.gramEigenvalues()[0]);
        for (int j = 0; j < 5; j++) {
            assertEquals(1, Math.abs(DenseReference.dot(dense.gramEigenvectors()[j], lanczos.gramEigenvectors()[j])), 1e-8);
        }
    }

    /** The step factor against an exact enumeration of every mini-batch of a small scalar population. */
    @Test
    void stepFactorMatchesTheExactVarianceOfMiniBatchMeans() {
        double[] pop = DenseReference.gaussian(12, 1, 9);
        int n = pop.length, b = 4;
        double mu = 0, var = 0;
        for (double x : pop) mu += x / n;
        for (double x : pop) var += (x - mu) * (x - mu) / n;
        // Without replacement: all C(12, 4) subsets equally likely.
        double sum = 0, sumSq = 0;
        int count = 0;
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) != b) continue;
            double m = 0;
            for (int i = 0; i < n; i++) if ((mask >> i & 1) == 1) m += pop[i] / b;
            sum += m;
            sumSq += m * m;
            count++;
        }
        double exactWithout = sumSq / count - Math.pow(sum / count, 2);
        NoiseConfig without = NoiseConfig.defaults().withStep(b, Sampling.WITHOUT_REPLACEMENT, n);
        assertEquals(exactWithout, var * without.stepFactor(1000), 1e-12);
        // With replacement: b independent draws, the mean's variance is var / b.
        NoiseConfig with = NoiseConfig.defaults().withStep(b, Sampling.WITH_REPLACEMENT, n);
        double exactWith = 0;
        for (int i = 0; i < n; i++) exactWith += Math.pow(pop[i] - mu, 2) / n / b;
        assertEquals(exactWith, var * with.stepFactor(1000), 1e-12);
        // No data set size: the noise batch is the population.
        NoiseConfig implicit = NoiseConfig.defaults().withStep(b, Sampling.WITHOUT_REPLACEMENT, 0);
        assertEquals(without.stepFactor(1000), implicit.stepFactor(n), 1e-15);
    }

    @Test
    void fitRecoversAPowerLawAndSkipsNonPositivePairs() {
        double[] x = {0.1, 1, 3, 10, -2, 0, 5};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = 2.5 * Math.pow(Math.abs(x[i]), 1.7);
        LogLogFit f = LogLogFit.fit(x, y);
        assertEquals(1.7, f.slope(), 1e-12);
        assertEquals(Math.log(2.5), f.intercept(), 1e-12);
        assertEquals(1, f.r2(), 1e-12);
        assertEquals(5, f.points());
        assertTrue(Double.isNaN(LogLogFit.fit(new double[] {1, -1}, new double[] {1, 1}).slope()));
        double[] noisy = {1.3, 0.2, 4, 2, 9};
        double[] xs = {1, 2, 3, 4, 5};
        double[] ref = DenseReference.logLogFit(xs, noisy);
        LogLogFit g = LogLogFit.fit(xs, noisy);
        assertEquals(ref[0], g.slope(), 1e-12);
        assertEquals(ref[1], g.r2(), 1e-12);
    }
}
