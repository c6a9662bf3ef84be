package flatbench.jamming;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** θ and γ recovered from planted power laws, and weights acting as repeated values. */
class GapExponentsTest {
    static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1);
        return w;
    }

    /**
     * Density ∝ Δ^θ on (0, 1] is Δ = U^(1/(1+θ)); 20,000 draws fix the CDF's slope over the lower half
     * to about ±0.02 (the points are the order statistics, so the slope's spread is ~1/√n).
     */
    @Test void thetaOfAPlantedPowerLaw() {
        for (double theta : new double[] {0.3, 0, 1}) {
            SplittableRandom r = new SplittableRandom(7);
            double[] x = new double[20_000];
            for (int i = 0; i < x.length; i++) x[i] = Math.pow(r.nextDouble(), 1 / (1 + theta));
            assertEquals(theta, GapExponents.theta(x, ones(x.length), 0.5), 0.03, "planted θ = " + theta);
        }
    }

    /** Density ∝ |Δ|^(−γ) on (0, 1] is |Δ| = U^(1/(1−γ)), and scaling every value leaves γ unchanged. */
    @Test void gammaOfAPlantedPowerLaw() {
        SplittableRandom r = new SplittableRandom(8);
        double[] x = new double[20_000];
        for (int i = 0; i < x.length; i++) x[i] = 3 * Math.pow(r.nextDouble(), 1 / (1 - 0.2));
        assertEquals(0.2, GapExponents.gamma(x, ones(x.length), 0.2), 0.03);
    }

    /** A power law only below Δ = 0.1 (uniform above, a tenth of the mass below): the fit over the smallest 5% finds it, over 100% it does not. */
    @Test void theFractionSelectsTheSmallValueEnd() {
        SplittableRandom r = new SplittableRandom(9);
        double[] x = new double[40_000];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() < 0.1 ? 0.1 * Math.pow(r.nextDouble(), 1 / 1.3) : 0.1 + 0.9 * r.nextDouble();
        assertEquals(0.3, GapExponents.theta(x, ones(x.length), 0.05), 0.05);
        assertTrue(Math.abs(GapExponents.theta(x, ones(x.length), 1) - 0.3) > 0.2);
    }

    @Test void aWeightOfTwoIsTheValueTwice() {
        SplittableRandom r = new SplittableRandom(10);
        double[] x = new double[500];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble();
        double[] w = ones(x.length);
        for (int i = 0; i < 100; i++) w[i] = 2;
        double[] doubled = new double[600];
        System.arraycopy(x, 0, doubled, 0, 500);
        System.arraycopy(x, 0, doubled, 500, 100);
        assertEquals(GapExponents.cdfFit(doubled, ones(600), 0.5).slope(), GapExponents.cdfFit(x, w, 0.5).slope(), 0.05);
        assertEquals(0, GapExponents.cdfFit(x, new double[500], 0.5).points(), "zero weights leave nothing to fit");
    }
}
