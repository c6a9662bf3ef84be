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
     * The single neuron's small-weight minimum: a true minimum, and its rim complete: four index-1 saddles (one towards each
     * cluster the unit gives up), each higher than it and leading out of its basin (descent from just past it ends at another
     * minimum, farther than the saddle). Over several data draws, since the ±v_k and pair starts alone lose one saddle on some
     * (data seed 17 among them).
     */
    @Test void networkBasinAndItsRim() {
        for (long seed : new long[] {17, Ensemble.stream(1, "net-data", 0), Ensemble.stream(2, "net-data", 0), Ensemble.stream(3, "net-data", 0),
                Ensemble.stream(4, "net-data", 0)}) {
            Committee net = Committee.quadrants(200, 0.3, 1, seed);
            CriticalPoints.Point m = CriticalPoints.minimum(net, new double[3], 2000);
            assertTrue(m.gradientNorm() < 1e-10 && m.index() == 0);
            List<CriticalPoints.Point> rim = CriticalPoints.saddlesAround(net, m, 20_000);
            assertEquals(4, rim.size(), "one saddle towards each of the four clusters, data seed " + seed);
            for (CriticalPoints.Point s : rim) {
                assertEquals(1, s.index());
                assertTrue(s.gradientNorm() < 1e-9);
                assertTrue(s.loss() > m.loss() + 0.01, "a barrier: " + (s.loss() - m.loss()));
                double[] past = s.x().clone();
                for (int j = 0; j < 3; j++) past[j] += 0.05 * s.unstable()[j];
                // The far minima fit three clusters with saturating weights (far out, possibly at infinity): descend, do not polish.
                double[] other = CriticalPoints.descendMonotone(net, past, 0.5 / m.highest(), 5000);
                double dm = 0, ds = 0;
                for (int j = 0; j < 3; j++) {
                    dm += Math.pow(other[j] - m.x()[j], 2);
                    ds += Math.pow(s.x()[j] - m.x()[j], 2);
                }
                String at = String.format(java.util.Locale.ROOT, "data seed %d, saddle %s (loss %.5g), descent ends at %s (loss %.5g), basin minimum loss %.5g",
                        seed, java.util.Arrays.toString(s.x()), s.loss(), java.util.Arrays.toString(other), net.loss(other), m.loss());
                assertTrue(dm > 4 * ds, "the far side is another basin: " + at);
                assertTrue(net.loss(other) < s.loss() - 0.01, "downhill from the saddle: " + at);
            }
        }
    }
}
