package flatbench.report;

import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.*;

class LogLogFitTest {
    @Test
    void recoversAnExactPowerLaw() {
        double[] x = {0.1, 1, 3, 10, 50};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = 3 * Math.pow(x[i], -0.5);
        LogLogFit f = LogLogFit.of(x, y, OptionalDouble.empty(), OptionalDouble.empty());
        assertEquals(-0.5, f.slope(), 1e-12);
        assertEquals(Math.log(3), f.intercept(), 1e-12);
        assertEquals(1.0, f.r2(), 1e-12);
        assertTrue(f.fittedHere());
        assertEquals(3 * Math.pow(7, -0.5), f.predict(7), 1e-12);
    }

    @Test
    void givenSlopeKeepsTheSlopeAndFitsTheOffset() {
        // y = x^2 * {e, 1/e} alternately: with slope 2 the mean log offset is 0.
        double[] x = {1, 2, 4, 8};
        double[] y = {Math.E, 4 / Math.E, 16 * Math.E, 64 / Math.E};
        LogLogFit f = LogLogFit.of(x, y, OptionalDouble.of(2), OptionalDouble.of(0.9));
        assertEquals(2, f.slope());
        assertEquals(0, f.intercept(), 1e-12);
        assertEquals(0.9, f.r2());
        assertFalse(f.fittedHere());
    }

    @Test
    void skipsNonPositivePairsAndNeedsTwo() {
        LogLogFit f = LogLogFit.of(new double[]{-1, 0, 1, 10}, new double[]{1, 1, 2, 20}, OptionalDouble.empty(), OptionalDouble.empty());
        assertEquals(2, f.points());
        assertEquals(1.0, f.slope(), 1e-12);
        assertNull(LogLogFit.of(new double[]{1, -1}, new double[]{1, 1}, OptionalDouble.empty(), OptionalDouble.empty()));
    }
}
