package flatbench.jamming;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** N* found on synthetic N_Δ(h) tables of a sweep, widest first. */
class JammingPointTest {
    @Test void firstJammedNetGoingDownInWidth() {
        JammingPoint.Transition t = JammingPoint.find(new long[] {500, 400, 300, 200, 100}, new int[] {0, 0, 0, 90, 150});
        assertEquals(3, t.index());
        assertEquals(200, t.nStar());
        assertEquals(300, t.nAbove());
        assertTrue(t.bracketed());
    }

    /** A net wider than N* that stopped with a few unsatisfied patterns is the first N_Δ > 0: the rule is literal. */
    @Test void aStragglerAboveTheTransitionCounts() {
        JammingPoint.Transition t = JammingPoint.find(new long[] {500, 400, 300, 200}, new int[] {0, 2, 0, 90});
        assertEquals(1, t.index());
        assertEquals(400, t.nStar());
    }

    /** Verdicts that pass over the degenerate straggler (2 of 400, rank 1) find the jump at 200. */
    @Test void verdictsPassOverDegenerateStragglers() {
        JammingPoint.Transition t = JammingPoint.find(new long[] {500, 400, 300, 200}, new boolean[] {false, false, false, true});
        assertEquals(3, t.index());
        assertEquals(200, t.nStar());
        assertEquals(300, t.nAbove());
    }

    @Test void transitionOutsideTheSweep() {
        JammingPoint.Transition none = JammingPoint.find(new long[] {500, 400}, new int[] {0, 0});
        assertEquals(-1, none.index());
        assertFalse(none.bracketed());
        assertTrue(Double.isNaN(none.nStar()));
        JammingPoint.Transition widest = JammingPoint.find(new long[] {500, 400}, new int[] {10, 40});
        assertEquals(0, widest.index());
        assertFalse(widest.bracketed());
        assertTrue(Double.isNaN(widest.nStar()), "N* at or above the widest net is not located");
    }

    @Test void theSweepMustGoDownInN() {
        assertThrows(IllegalArgumentException.class, () -> JammingPoint.find(new long[] {100, 200}, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> JammingPoint.find(new long[] {200, 100}, new boolean[] {true}));
    }
}
