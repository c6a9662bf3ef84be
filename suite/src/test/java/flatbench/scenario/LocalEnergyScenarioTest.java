package flatbench.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import flatbench.measure.GroupBootstrap;

class LocalEnergyScenarioTest {
    /**
     * Every seed brings the same three minima (x, y) = (1, 1), (2, 3), (3, 2), listed protocol by protocol as the scenario lists
     * them. Resampling seeds only changes how many copies of that set there are, and ρ of k copies is ρ of the set, 0.5, in every
     * resample; resampling single minima changes the mix and so ρ. The interval is a point exactly when the unit is the seed.
     */
    @Test
    void spearmanResamplesWholeSeeds() {
        int seeds = 4, protocols = 3;
        double[] px = {1, 2, 3}, py = {1, 3, 2};
        double[] x = new double[seeds * protocols], y = new double[x.length];
        int[] seedOf = new int[x.length], own = new int[x.length];
        for (int p = 0, i = 0; p < protocols; p++) {
            for (int s = 0; s < seeds; s++, i++) {
                x[i] = px[p];
                y[i] = py[p];
                seedOf[i] = s;
                own[i] = i;
            }
        }
        GroupBootstrap.Result bySeed = LocalEnergyScenario.spearmanOverSeeds(x, y, seedOf, seeds, 400, 7);
        assertEquals(0.5, bySeed.value(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, bySeed.ci95(), 1e-12);
        // The same data with each minimum its own unit: the interval opens, so the point interval above is the seed's doing.
        GroupBootstrap.Result byMinimum = LocalEnergyScenario.spearmanOverSeeds(x, y, own, x.length, 400, 7);
        assertEquals(0.5, byMinimum.value(), 1e-12);
        assertTrue(byMinimum.ci95()[1] - byMinimum.ci95()[0] > 0.5, () -> "interval " + byMinimum.ci95()[0] + " – " + byMinimum.ci95()[1]);
    }

    /** The norm reduction's shrinks: after epochs 1 … E − 1, log-linear in e, their product exactly 1/NORM_SHRINK. */
    @Test
    void normReductionShrinksByTheDocumentedFactor() {
        for (int epochs : new int[] {2, 5, 40}) {
            double[] f = LocalEnergyScenario.shrinkFactors(epochs);
            assertEquals(epochs - 1, f.length);
            double product = 1;
            for (double v : f) product *= v;
            assertEquals(1 / LocalEnergyScenario.NORM_SHRINK, product, 1e-12);
            for (int e = 1; e < epochs; e++) assertEquals(e * Math.log(f[0]), Math.log(f[e - 1]), 1e-12);
        }
        assertEquals(0, LocalEnergyScenario.shrinkFactors(1).length);
    }
}
