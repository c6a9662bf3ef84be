package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.engine.HostVectorSpace;
import flatbench.engine.Vec;

/** Hutchinson's trace and diagonal against a small dense symmetric matrix whose trace and diagonal are known. */
class HutchinsonTest {
    private static final double[][] A = {{4, 1, -2, 0}, {1, 3, 0.5, 1}, {-2, 0.5, 2, -1}, {0, 1, -1, 1}};
    private final HostVectorSpace space = new HostVectorSpace(4);

    private LinearOperator matrix(double[][] a) {
        return (v, out) -> {
            double[] x = space.toHost(v), y = new double[x.length];
            for (int i = 0; i < x.length; i++) for (int j = 0; j < x.length; j++) y[i] += a[i][j] * x[j];
            try (Vec r = space.fromHost(y)) {
                space.assign(out, r);
            }
        };
    }

    @Test
    void theExactFormReadsTheDiagonalWithNoError() {
        Hutchinson.Estimate e = Hutchinson.exact(space, matrix(A), ProgressListener.NONE);
        assertArrayEquals(new double[] {4, 3, 2, 1}, e.diagonal(), 1e-15);
        assertEquals(10, e.trace(), 1e-15);
        assertEquals(0, e.standardError());
        assertTrue(e.exact());
    }

    @Test
    void onADiagonalMatrixEveryRademacherProbeIsExact() {
        double[][] d = {{4, 0, 0, 0}, {0, 3, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 1}};
        Hutchinson.Estimate e = Hutchinson.estimate(space, matrix(d), 6, 1, ProgressListener.NONE);
        assertEquals(10, e.trace(), 1e-12);
        assertEquals(0, e.standardError(), 1e-12, "zᵀDz = tr D for every z with z_i² = 1");
        assertArrayEquals(new double[] {4, 3, 2, 1}, e.diagonal(), 1e-12);
    }

    @Test
    void theEstimateIsWithinItsStandardErrorOfTheTrace() {
        Hutchinson.Estimate e = Hutchinson.estimate(space, matrix(A), 400, 7, ProgressListener.NONE);
        assertTrue(e.standardError() > 0);
        assertTrue(Math.abs(e.trace() - 10) < 4 * e.standardError(), e.trace() + " ± " + e.standardError());
        assertEquals(400, e.probeValues().length);
        // The two halves are independent estimates whose weighted mean is the whole estimate.
        double[][] h = e.diagonalHalves();
        for (int j = 0; j < 4; j++) {
            assertEquals(e.diagonal()[j], (200 * h[0][j] + 200 * h[1][j]) / 400, 1e-12);
            assertTrue(Math.abs(e.diagonal()[j] - A[j][j]) < 5 * e.diagonalStdError()[j] + 1e-12, "diagonal " + j);
        }
    }

    @Test
    void oneProbeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Hutchinson.estimate(space, matrix(A), 1, 1, ProgressListener.NONE));
    }
}
