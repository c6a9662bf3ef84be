package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Spearman's ρ against cases computed by hand, ties included. */
class RankCorrelationTest {
    @Test
    void monotoneOrdersGiveOneAndMinusOne() {
        assertEquals(1, RankCorrelation.spearman(new double[] {1, 2, 3, 10}, new double[] {0.1, 5, 6, 100}), 1e-15);
        assertEquals(-1, RankCorrelation.spearman(new double[] {1, 2, 3, 10}, new double[] {9, 5, 4, -1}), 1e-15);
    }

    @Test
    void withoutTiesItIsOneMinusSixSumDSquaredOverNNSquaredMinusOne() {
        // ranks y: 2, 1, 4, 3, 5; Σd² = 1 + 1 + 1 + 1 + 0 = 4; ρ = 1 − 24/120 = 0.8
        assertEquals(0.8, RankCorrelation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {20, 10, 40, 30, 50}), 1e-15);
    }

    @Test
    void tiesShareTheMeanRank() {
        // y = 5, 6, 7, 8, 7: ranks 1, 2, 3.5, 5, 3.5; centred x ranks −2..2, y ranks −2, −1, .5, 2, .5:
        // Σ dx·dy = 4 + 1 + 0 + 2 + 1 = 8, Σ dx² = 10, Σ dy² = 9.5, ρ = 8/√95.
        assertEquals(8 / Math.sqrt(95), RankCorrelation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7}), 1e-15);
        assertArrayEquals(new double[] {1, 2, 3.5, 5, 3.5}, RankCorrelation.ranks(new double[] {5, 6, 7, 8, 7}));
        // ties on both sides: x ranks 1.5, 1.5, 3, 4; y ranks 1, 2.5, 2.5, 4: centred −1, −1, .5, 1.5 and −1.5, 0, 0, 1.5:
        // Σ = 1.5 + 0 + 0 + 2.25 = 3.75; Σ dx² = 1 + 1 + .25 + 2.25 = 4.5, Σ dy² = 4.5; ρ = 3.75/4.5.
        assertEquals(3.75 / 4.5, RankCorrelation.spearman(new double[] {0, 0, 1, 2}, new double[] {3, 4, 4, 9}), 1e-15);
    }

    @Test
    void allTiedOrTooFewIsUndefined() {
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1}, new double[] {2})));
    }

    @Test
    void countsRepeatPairsAsAResampledListWould() {
        double[] x = {1, 2, 3, 4}, y = {2, 1, 4, 3};
        assertEquals(RankCorrelation.spearman(new double[] {1, 1, 3, 4, 4, 4}, new double[] {2, 2, 4, 3, 3, 3}),
                RankCorrelation.spearman(x, y, new double[] {2, 0, 1, 3}), 1e-15);
        assertEquals(RankCorrelation.spearman(x, y), RankCorrelation.spearman(x, y, new double[] {1, 1, 1, 1}), 1e-15);
    }
}
