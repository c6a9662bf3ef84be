package flatbench.cuda.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.engine.HostVectorSpace;

/** The Lanczos used by the GPU benchmark, run on host vectors against known spectra. */
class DeviceLanczosTest {
    @Test
    void jacobiEigenvaluesMatchTheClosedFormOfTheDiscreteLaplacian() {
        int n = 12;
        double[] alpha = new double[n], beta = new double[n];
        java.util.Arrays.fill(alpha, 2);
        java.util.Arrays.fill(beta, -1);
        double[] ev = DeviceLanczos.symmetricEigenvalues(DeviceLanczos.tridiagonal(alpha, beta, n));
        java.util.Arrays.sort(ev);
        for (int k = 1; k <= n; k++) assertEquals(2 - 2 * Math.cos(k * Math.PI / (n + 1)), ev[k - 1], 1e-12);
    }

    @Test
    void topRitzValuesOfADiagonalOperatorAreItsLargestEntries() {
        int n = 300;
        double[] d = new double[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) d[i] = r.nextDouble();
        for (int i = 0; i < 5; i++) d[i * 7] = 10 + i;  // a separated top of the spectrum
        HostVectorSpace space = new HostVectorSpace(n);
        double[] top = DeviceLanczos.topEigenvalues(space, (v, out) -> {
            double[] x = space.data(v), y = space.data(out);
            for (int i = 0; i < n; i++) y[i] = d[i] * x[i];
        }, 60, 5, 11);
        for (int i = 0; i < 5; i++) assertEquals(14 - i, top[i], 1e-8);
    }

    @Test
    void topMustNotExceedSteps() {
        HostVectorSpace space = new HostVectorSpace(4);
        assertThrows(IllegalArgumentException.class, () -> DeviceLanczos.topEigenvalues(space, (v, o) -> {}, 3, 4, 1));
    }
}
