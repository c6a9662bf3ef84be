package flatbench.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ForkRatioTest {
    /**
     * Reference: scipy 1.17 {@code stats.ttest_ind(log(new), log(base), equal_var=False)} and its
     * {@code confidence_interval(0.95)}, exponentiated.
     */
    @Test
    void matchesScipysWelchTestOnLogForkMedians() {
        double[] base = {10.0, 10.4, 9.7, 10.2, 9.9};
        double[] next = {12.1, 13.0, 12.4, 12.8, 12.2, 12.9};
        ForkRatio r = ForkRatio.of(base, next, 0.05);
        assertEquals(1.25153663003704, r.ratio(), 1e-12);
        assertEquals(4.217614238573066e-07, r.pValue(), 1e-12);
        assertEquals(1.2034186023396232, r.low(), 1e-9);
        assertEquals(1.3015786304775971, r.high(), 1e-9);
        assertEquals(0.02688228423494166, r.baseSpread(), 1e-12);
        assertEquals(0.03052672886167291, r.nextSpread(), 1e-12);
        assertTrue(r.tested());
    }

    /** Reference: scipy 1.17 {@code stats.ttest_rel(log(new), log(base))} and its 95% interval, exponentiated. */
    @Test
    void pairedRoundsMatchScipysPairedTest() {
        double[] base = {10.0, 14.0, 9.0, 12.0};
        double[] next = {13.5, 18.0, 11.5, 16.0};
        ForkRatio r = ForkRatio.paired(base, next, 0.05);
        assertTrue(r.paired());
        assertEquals(1.3113483567166018, r.ratio(), 1e-12);
        assertEquals(0.0002692182038000414, r.pValue(), 1e-12);
        assertEquals(1.2562572170257975, r.low(), 1e-9);
        assertEquals(1.3688554297300557, r.high(), 1e-9);
        // The same forks as two unpaired groups: the round-to-round swings (9 … 18) swamp the 1.31x shift.
        assertTrue(ForkRatio.of(base, next, 0.05).pValue() > 0.05);
    }

    @Test
    void twoForksASideGiveAWideTest() {
        ForkRatio r = ForkRatio.of(new double[]{10, 14}, new double[]{15, 16}, 0.05);
        assertEquals(0.34802471775129573, r.pValue(), 1e-9);
        assertTrue(r.low() < 1 && r.high() > 1);
    }

    @Test
    void oneForkOnASideHasNoTest() {
        ForkRatio r = ForkRatio.of(new double[]{10}, new double[]{20, 21, 19}, 0.05);
        assertFalse(r.tested());
        assertEquals(2.0, r.ratio(), 0.01);
        assertTrue(Double.isNaN(r.low()) && Double.isNaN(r.baseSpread()));
    }

    @Test
    void identicalForksAreExact() {
        ForkRatio same = ForkRatio.of(new double[]{2, 2, 2}, new double[]{2, 2}, 0.05);
        assertEquals(1.0, same.pValue());
        assertEquals(1.0, same.low());
        ForkRatio shifted = ForkRatio.of(new double[]{2, 2, 2}, new double[]{3, 3}, 0.05);
        assertEquals(0.0, shifted.pValue());
        assertEquals(1.5, shifted.high(), 1e-12);
    }

    @Test
    void rejectsNonPositiveMedians() {
        assertThrows(IllegalArgumentException.class, () -> ForkRatio.of(new double[]{0, 1}, new double[]{1, 1}, 0.05));
        assertThrows(IllegalArgumentException.class, () -> ForkRatio.of(new double[]{}, new double[]{1, 1}, 0.05));
    }
}
