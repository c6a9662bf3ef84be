package flatbench.landscape;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.measure.GroupBootstrap;

class FirstPassageTest {
    /**
     * Exponential times of mean 100 censored at 150 (about a fifth censored): the censored maximum
     * likelihood mean recovers 100 within 4 standard errors (mean/√escapes); the naive mean of the
     * truncated times is far below.
     */
    @Test void censoredMeanRecoversTheExponentialMean() {
        int n = 5000;
        long budget = 150;
        SplittableRandom rng = new SplittableRandom(3);
        long[] exit = new long[n], none = new long[n];
        java.util.Arrays.fill(none, -1);
        int escaped = 0;
        double naive = 0;
        for (int i = 0; i < n; i++) {
            long t = (long) Math.ceil(-100 * Math.log(1 - rng.nextDouble()));
            exit[i] = t <= budget ? t : -1;
            if (exit[i] >= 0) escaped++;
            naive += Math.min(t, budget) / (double) n;
        }
        double m = FirstPassage.mean(exit, none, budget, null);
        // ceil() adds half a step on average.
        assertEquals(100.5, m, 4 * m / Math.sqrt(escaped));
        assertTrue(naive < 80, "truncating would bias it low: " + naive);
    }

    /** A difference of two group means: the interval's width is 2·1.96·σ·√(1/n₁ + 1/n₂) up to the bootstrap's own error. */
    @Test void groupBootstrapIntervalOfADifferenceOfMeans() {
        int n1 = 400, n2 = 900;
        SplittableRandom rng = new SplittableRandom(8);
        double[] a = rng.doubles(n1).map(u -> 2 * Math.sqrt(12) * (u - 0.5)).toArray();  // σ = 2
        double[] b = rng.doubles(n2).map(u -> 2 * Math.sqrt(12) * (u - 0.5) + 1).toArray();
        GroupBootstrap.Result r = GroupBootstrap.of(new int[] {n1, n2}, 2000, 5, w -> mean(b, w[1]) - mean(a, w[0]));
        double expectedWidth = 2 * 1.96 * 2 * Math.sqrt(1.0 / n1 + 1.0 / n2);
        assertEquals(expectedWidth, r.ci95()[1] - r.ci95()[0], 0.1 * expectedWidth);
        assertTrue(r.ci95()[0] < r.value() && r.value() < r.ci95()[1]);
        assertEquals(1, r.value(), 4 * expectedWidth / 3.92);
    }

    private static double mean(double[] v, double[] w) {
        double s = 0, sw = 0;
        for (int i = 0; i < v.length; i++) {
            s += w[i] * v[i];
            sw += w[i];
        }
        return s / sw;
    }

    /** With a constant diffusion the Itô form reduces to the white-noise integral (Φ = V/T). */
    @Test void stateDependentPassageReducesToTheConstantOne() {
        java.util.function.DoubleUnaryOperator v = x -> (x * x - 1) * (x * x - 1);
        double t = 0.25;
        double white = FirstPassage.exactMean(v, t, 0, 1, 3.5, 40_000);
        double ito = FirstPassage.exactMean(x -> 4 * x * (x * x - 1), x -> t, 0, 1, 3.5, 40_000);
        assertEquals(white, ito, 1e-4 * white);
        // Doubling D everywhere is doubling T.
        assertEquals(FirstPassage.exactMean(v, 2 * t, 0, 1, 3.5, 40_000), FirstPassage.exactMean(x -> 4 * x * (x * x - 1), x -> 2 * t, 0, 1, 3.5, 40_000), 1e-4);
    }
}
