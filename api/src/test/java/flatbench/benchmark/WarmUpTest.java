package flatbench.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;

import flatbench.engine.Precision;

class WarmUpTest {
    private static BenchConfig config(int minRuns, double budgetSeconds) {
        return new BenchConfig("java", Precision.FLOAT64, List.of("mlp"), 4, minRuns, budgetSeconds, 3, 0, 2, 4, 2, 1, 7L);
    }

    /** Replays fixed run times, repeating the last one. */
    private static DoubleSupplier times(double... t) {
        int[] i = {0};
        return () -> t[Math.min(i[0]++, t.length - 1)];
    }

    @Test void stopsOnceTheLastThreeRunsAgree() {
        // A JIT-like curve: slow, faster, then flat within 10 %.
        WarmUp w = WarmUp.run(config(1, 100), times(1.0, 0.5, 0.2, 0.105, 0.1, 0.1, 0.1));
        assertTrue(w.steady());
        assertEquals(6, w.runs(), "0.2 → 0.105 is not yet steady; 0.105, 0.1, 0.1 is");
        assertEquals(1.0 + 0.5 + 0.2 + 0.105 + 0.1 + 0.1, w.seconds(), 1e-12);
    }

    @Test void neverStopsBeforeTheMinimumRuns() {
        WarmUp w = WarmUp.run(config(8, 100), times(0.1));
        assertEquals(8, w.runs());
        assertTrue(w.steady());
    }

    @Test void stopsAtTheBudgetAndSaysItWasNotSteady() {
        double[] zigzag = new double[100];
        for (int i = 0; i < zigzag.length; i++) zigzag[i] = i % 2 == 0 ? 0.1 : 0.2;
        WarmUp w = WarmUp.run(config(1, 1.0), times(zigzag));
        assertFalse(w.steady());
        assertTrue(w.seconds() >= 1.0 && w.seconds() < 1.0 + 0.2 + 1e-9, "stops with the first run past the budget: " + w);
    }

    @Test void noBudgetAndNoMinimumMeansNoWarmUp() {
        WarmUp w = WarmUp.run(config(0, 0), times(1.0));
        assertEquals(new WarmUp(0, 0, false), w);
    }
}
