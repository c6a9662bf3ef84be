package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.engine.HostVectorSpace;
import flatbench.engine.Vec;

/**
 * δE of a quadratic bowl E = ½ Σ λ_i w_i² against its closed form: E(w ⊙ (1 + σz)) − E(w) =
 * ½ Σ λ_i w_i² (2σz_i + σ²z_i²), so δE = ½σ² Σ λ_i w_i² exactly, and one draw's variance is
 * Σ (½λ_i w_i²)² (4σ² + 2σ⁴).
 */
class LocalEnergyTest {
    static final double[] LAMBDA = {4, 1, 0.25, 2, 0.5, 3}, W = {0.7, -1.2, 2.0, 0.3, -0.9, 1.1};

    static double[] bowl(HostVectorSpace space, Vec v, double scale) {
        double[] x = space.toHost(v);
        double e = 0;
        for (int i = 0; i < x.length; i++) e += 0.5 * scale * LAMBDA[i] * x[i] * x[i];
        return new double[] {e};
    }

    static double exact(double sigma) {
        double s = 0;
        for (int i = 0; i < W.length; i++) s += 0.5 * LAMBDA[i] * W[i] * W[i];
        return sigma * sigma * s;
    }

    static double drawSd(double sigma) {
        double v = 0;
        for (int i = 0; i < W.length; i++) v += Math.pow(0.5 * LAMBDA[i] * W[i] * W[i], 2) * (4 * sigma * sigma + 2 * Math.pow(sigma, 4));
        return Math.sqrt(v);
    }

    @Test
    void theMeanAndItsErrorBarMatchTheClosedFormAndCoverItAsOftenAsTheyShould() {
        HostVectorSpace space = new HostVectorSpace(W.length);
        double[] sigmas = {0.05, 0.2, 0.5};
        int reps = 200, draws = 400;
        int[] covered = new int[sigmas.length];
        double[] meanSe = new double[sigmas.length], meanEstimate = new double[sigmas.length];
        try (Vec w = space.fromHost(W)) {
            for (int r = 0; r < reps; r++) {
                LocalEnergy.Draws d = LocalEnergy.measure(space, w, sigmas, draws, 1000 + r, v -> bowl(space, v, 1));
                double[] m = d.mean(0), se = d.standardError(0);
                for (int s = 0; s < sigmas.length; s++) {
                    if (Math.abs(m[s] - exact(sigmas[s])) <= 1.96 * se[s]) covered[s]++;
                    meanSe[s] += se[s] / reps;
                    meanEstimate[s] += m[s] / reps;
                }
            }
            assertArrayEquals(W, space.toHost(w), "w itself is not moved");
        }
        for (int s = 0; s < sigmas.length; s++) {
            double exact = exact(sigmas[s]), sd = drawSd(sigmas[s]) / Math.sqrt(draws);
            // binomial(200, 0.95): 190 ± 3.1
            assertTrue(covered[s] >= 178 && covered[s] <= 199, "σ = " + sigmas[s] + ": the 95% interval covered " + covered[s] + " of " + reps);
            assertEquals(sd, meanSe[s], 0.05 * sd, "σ = " + sigmas[s] + ": the standard error against the closed form's");
            assertEquals(exact, meanEstimate[s], 4 * sd / Math.sqrt(reps), "σ = " + sigmas[s] + ": the mean of the estimates");
        }
    }

    @Test
    void theDrawsAreCommonToEverySigmaAndEveryMinimum() {
        HostVectorSpace space = new HostVectorSpace(W.length);
        double[] sigmas = {0.1, 0.3};
        try (Vec w = space.fromHost(W)) {
            LocalEnergy.Draws a = LocalEnergy.measure(space, w, sigmas, 7, 5, v -> bowl(space, v, 1));
            LocalEnergy.Draws b = LocalEnergy.measure(space, w, sigmas, 7, 5, v -> bowl(space, v, 3));
            LocalEnergy.Draws c = LocalEnergy.measure(space, w, sigmas, 7, 6, v -> bowl(space, v, 1));
            for (int s = 0; s < sigmas.length; s++) {
                for (int d = 0; d < 7; d++) {
                    assertEquals(3 * a.shifts()[0][s][d], b.shifts()[0][s][d], 1e-12, "the same z_d for a bowl three times as steep");
                    assertNotEquals(a.shifts()[0][s][d], c.shifts()[0][s][d], "another seed draws other z");
                }
            }
            // One z_d at two σ: the shift is 2σA + σ²B per draw, so (shift(0.3) − 3·shift(0.1)) = (0.09 − 0.03)·B ≥ 0 for every d.
            for (int d = 0; d < 7; d++) assertTrue(a.shifts()[0][1][d] - 3 * a.shifts()[0][0][d] >= -1e-12, "draw " + d);
        }
    }
}
