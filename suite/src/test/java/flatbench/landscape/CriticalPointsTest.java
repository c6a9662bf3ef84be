package flatbench.landscape;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

class CriticalPointsTest {
    /** L = (x² − 1)² + (y² − 1)²: minima at (±1, ±1), index-1 saddles at (0, ±1) and (±1, 0) of height 1, a maximum at 0. */
    private static final Objective EGG_BOX = new Objective() {
        public int dimension() { return 2; }

        public int samples() { return 1; }

        public double addSampleGradient(int i, double[] p, int off, double scale, double[] g, int gOff) {
            double x = p[off], y = p[off + 1];
            g[gOff] += scale * 4 * x * (x * x - 1);
            g[gOff + 1] += scale * 4 * y * (y * y - 1);
            return (x * x - 1) * (x * x - 1) + (y * y - 1) * (y * y - 1);
        }

        public double[][] hessian(double[] p) {
            return new double[][] {{12 * p[0] * p[0] - 4, 0}, {0, 12 * p[1] * p[1] - 4}};
        }
    };

    @Test void findsBothRimSaddlesOfAnEggBoxWell() {
        CriticalPoints.Point m = CriticalPoints.minimum(EGG_BOX, new double[] {0.7, 1.4}, 500);
        assertArrayEquals(new double[] {1, 1}, m.x(), 1e-12);
        List<CriticalPoints.Point> rim = CriticalPoints.saddlesAround(EGG_BOX, m, 20_000);
        assertEquals(2, rim.size(), "(0, 1) and (1, 0); the maximum at 0 and the other wells' saddles are not on this rim");
        for (CriticalPoints.Point s : rim) {
            assertEquals(1, s.index());
            assertEquals(1, s.loss(), 1e-12);
            assertEquals(-4, s.lowest(), 1e-9);
            boolean alongX = Math.abs(s.x()[0]) < 1e-9;
            assertArrayEquals(alongX ? new double[] {0, 1} : new double[] {1, 0}, s.x(), 1e-9);
            // The unstable direction points away from the minimum: −x for the saddle at (0, 1).
            assertArrayEquals(alongX ? new double[] {-1, 0} : new double[] {0, -1}, s.unstable(), 1e-9);
            assertEquals(32, s.absDeterminant(), 1e-6, "|det H| = 4 · 8");
        }
    }

    /**
     * The network's small-weight minimum: a true minimum, and every rim saddle of index one, higher than it, and
     * leading out of its basin (descent from just past it ends at another minimum, farther than the saddle).
     */
    @Test void networkBasinAndItsRim() {
        Committee net = Committee.quadrants(200, 0.3, 1, 17);
        CriticalPoints.Point m = CriticalPoints.minimum(net, new double[3], 2000);
        assertTrue(m.gradientNorm() < 1e-10 && m.index() == 0);
        List<CriticalPoints.Point> rim = CriticalPoints.saddlesAround(net, m, 20_000);
        assertTrue(rim.size() >= 2, "saddles towards several of the four clusters: " + rim.size());
        for (CriticalPoints.Point s : rim) {
            assertEquals(1, s.index());
            assertTrue(s.gradientNorm() < 1e-9);
            assertTrue(s.loss() > m.loss() + 0.01, "a barrier: " + (s.loss() - m.loss()));
            double[] past = s.x().clone();
            for (int j = 0; j < 3; j++) past[j] += 0.05 * s.unstable()[j];
            CriticalPoints.Point other = CriticalPoints.minimum(net, past, 5000);
            double dm = 0, ds = 0;
            for (int j = 0; j < 3; j++) {
                dm += Math.pow(other.x()[j] - m.x()[j], 2);
                ds += Math.pow(s.x()[j] - m.x()[j], 2);
            }
            assertTrue(dm > ds, "the far side is another basin");
            assertTrue(other.loss() < s.loss());
        }
    }
}
