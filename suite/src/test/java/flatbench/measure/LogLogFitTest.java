package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class LogLogFitTest {
    @Test
    void anExactPowerLawIsRecovered() {
        double[] x = {1, 2, 5, 10, 40}, y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = 3 * Math.pow(x[i], -1.5);
        LogLogFit f = LogLogFit.fit(x, y);
        assertEquals(-1.5, f.slope(), 1e-12);
        assertEquals(Math.log(3), f.intercept(), 1e-12);
        assertEquals(1.0, f.r2(), 1e-12);
        assertEquals(5, f.points());
    }

    @Test
    void pairsWithANonPositiveValueAreLeftOut() {
        LogLogFit f = LogLogFit.fit(new double[] {1, 2, 0, 4, -1}, new double[] {1, 4, 7, 16, 2});
        assertEquals(3, f.points());
        assertEquals(2.0, f.slope(), 1e-12);
    }

    @Test
    void pointsOffALineGiveTheLeastSquaresLineAndItsR2() {
        // In log space the points are (0,0), (1,1), (2,3): slope 1.5, intercept −1/6.
        double e = Math.E;
        LogLogFit f = LogLogFit.fit(new double[] {1, e, e * e}, new double[] {1, e, e * e * e});
        assertEquals(1.5, f.slope(), 1e-12);
        assertEquals(-1.0 / 6, f.intercept(), 1e-12);
        // sxx = 2, sxy = 3, syy = 14/3: R² = 9 / (2 · 14/3) = 27/28.
        assertEquals(27.0 / 28, f.r2(), 1e-12);
        // Reduced major axis: s_y/s_x = √(syy/sxx) = √(7/3), between the OLS slope 1.5 and the reverse one 1/(sxy/syy) = 14/9.
        assertEquals(Math.sqrt(7.0 / 3), f.reducedMajorAxisSlope(), 1e-12);
        LogLogFit down = LogLogFit.fit(new double[] {1, e, e * e}, new double[] {1, 1 / e, 1 / (e * e * e)});
        assertEquals(-Math.sqrt(7.0 / 3), down.reducedMajorAxisSlope(), 1e-12, "the sign follows the correlation");
    }

    @Test
    void degenerateInputsGiveNaNRatherThanANumber() {
        assertTrue(Double.isNaN(LogLogFit.fit(new double[] {2}, new double[] {3}).slope()), "one point");
        assertTrue(Double.isNaN(LogLogFit.fit(new double[] {2, 2}, new double[] {3, 5}).slope()), "all x equal");
        LogLogFit flat = LogLogFit.fit(new double[] {1, 2, 4}, new double[] {5, 5, 5});
        assertEquals(0.0, flat.slope(), 0);
        assertTrue(Double.isNaN(flat.r2()), "a flat line explains no variance because there is none");
        assertThrows(IllegalArgumentException.class, () -> LogLogFit.fit(new double[] {1, 2}, new double[] {1}));
    }
}
