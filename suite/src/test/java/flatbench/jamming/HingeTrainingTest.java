package flatbench.jamming;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Engines;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.train.UpdateRule;

/**
 * The end resolution of {@link HingeTraining} against gaps taken independently: training is
 * deterministic, so a run stopped after one window holds the gaps a longer run had at that window's end.
 */
class HingeTrainingTest {
    static final int WINDOW = 50;

    static HingeTraining.Outcome trainFor(int maxSteps) {
        Architecture arch = new Architecture(3, 1, 3);
        Batch b = Patterns.gaussian(40, 3, 8);
        try (Engine e = Engines.find("java").orElseThrow().create(arch.spec(), Precision.FLOAT64, 1);
             Vec t = e.vectors().fromHost(arch.initialParameters(5))) {
            e.setParameters(t);
            return HingeTraining.train(e, b, UpdateRule.adam(), new HingeTraining.Schedule(0.003, WINDOW, 0.001, 1e-9, maxSteps));
        }
    }

    static double maxMove(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** A budget that is a multiple of the window stops right after a window check; the resolution still compares with the window before. */
    @Test void aBudgetStopAtAWindowBoundaryComparesWithTheWindowBefore() {
        HingeTraining.Outcome first = trainFor(WINDOW), atBoundary = trainFor(2 * WINDOW), inside = trainFor(2 * WINDOW - 1);
        assertEquals(HingeTraining.Stop.BUDGET, atBoundary.stop());
        assertEquals(HingeTraining.Stop.BUDGET, inside.stop());
        assertTrue(atBoundary.unsatisfied() > 0, "the net must still have unsatisfied patterns to test anything");
        double moved = maxMove(atBoundary.gaps(), first.gaps());
        assertTrue(moved > 1e-6, "the gaps must still move over the second window, not " + moved);
        assertEquals(moved, atBoundary.resolution(), 1e-15);
        assertEquals(maxMove(inside.gaps(), first.gaps()), inside.resolution(), 1e-15);
        assertTrue(Double.isNaN(trainFor(WINDOW - 1).resolution()), "no whole window yet");
    }
}
