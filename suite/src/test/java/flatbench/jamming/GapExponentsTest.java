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

    /**
     * Δ with density ∝ Δ^0.3 on (0, 1], but every Δ below a floor of 0.3 (a fifth of them) replaced by a
     * value that says nothing (floor·U⁴, as gaps still moving would): left-censored at the floor they count
     * in F and the fit over the smallest half recovers θ; fitted as they are, they do not.
     */
    @Test void censoredValuesCountInTheCdfButAreNotFitted() {
        SplittableRandom r = new SplittableRandom(11);
        double[] x = new double[20_000], floors = new double[x.length];
        Arrays.fill(floors, 0.3);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.pow(r.nextDouble(), 1 / 1.3);
            if (x[i] <= 0.3) x[i] = 0.3 * Math.pow(r.nextDouble(), 4);
        }
        assertEquals(0.3, GapExponents.theta(x, ones(x.length), floors, 0.5), 0.03);
        assertTrue(Math.abs(GapExponents.theta(x, ones(x.length), 0.5) - 0.3) > 0.1, "the corrupted small end must bias an uncensored fit");
        assertEquals(GapExponents.censored(x, floors), GapExponents.cdfFit(x, ones(x.length), 1).points() - GapExponents.cdfFit(x, ones(x.length), floors, 1).points());
    }

    /**
     * Two nets of the same law with floors 0.02 and 0.4: the product-limit F places each censored value
     * only below its own floor, so the pooled fit over the smallest half still recovers θ = 0.3 (a plain
     * cumulative count, which puts the second net's censored mass at 0.4, would not).
     */
    @Test void perValueFloorsPoolNetsWithDifferentResolutions() {
        SplittableRandom r = new SplittableRandom(12);
        double[] x = new double[40_000], floors = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            floors[i] = i % 2 == 0 ? 0.02 : 0.4;
            x[i] = Math.pow(r.nextDouble(), 1 / 1.3);
            if (x[i] <= floors[i]) x[i] = floors[i] * r.nextDouble();
        }
        assertEquals(0.3, GapExponents.theta(x, ones(x.length), floors, 0.5), 0.04);
    }

    /** With nothing censored the product-limit F is the plain weighted mid-point rule (cumulative weight less half its own, over the total). */
    @Test void uncensoredIsTheWeightedMidPointRule() {
        SplittableRandom r = new SplittableRandom(13);
        int n = 1000;
        double[] x = new double[n], w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
            w[i] = r.nextInt(3);  // 0, 1 or 2
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double total = Arrays.stream(w).sum(), cum = 0;
        java.util.List<double[]> pts = new java.util.ArrayList<>();
        for (int i : order) {
            if (w[i] == 0) continue;
            cum += w[i];
            if (cum / total > 0.3 + 1e-12) break;
            pts.add(new double[] {x[i], (cum - w[i] / 2) / total});
        }
        flatbench.measure.LogLogFit expected = flatbench.measure.LogLogFit.fit(pts.stream().mapToDouble(q -> q[0]).toArray(),
                pts.stream().mapToDouble(q -> q[1]).toArray());
        flatbench.measure.LogLogFit got = GapExponents.cdfFit(x, w, new double[n], 0.3);
        assertEquals(expected.points(), got.points());
        assertEquals(expected.slope(), got.slope(), 1e-9);
    }
}
