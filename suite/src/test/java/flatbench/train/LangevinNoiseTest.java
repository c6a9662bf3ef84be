package flatbench.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.engine.HostVectorSpace;

/**
 * Gradient descent plus Langevin noise on the quadratic ½λx² in every coordinate is the AR(1)
 * chain x ← (1 − ηλ)x + √(2ηT)ξ, whose stationary variance is 2T/(λ(2 − ηλ)): with ηλ = 0.2 that is
 * 1.11·T/λ, far enough from the continuous-time T/λ for the test to tell them apart.
 */
class LangevinNoiseTest {
    @Test
    void gradientDescentOnAQuadraticReachesTheDiscreteStationaryVariance() {
        int d = 2000, burnIn = 100, samples = 200;
        double lambda = 2, eta = 0.1, temperature = 0.03;
        HostVectorSpace space = new HostVectorSpace(d);
        LangevinNoise noise = new LangevinNoise(temperature, 42);
        HostVectorSpace.HostVec x = space.zeros();
        double sum2 = 0;
        for (int step = 1; step <= burnIn + samples; step++) {
            space.axpy(-eta * lambda, x, x);  // x ← x − η∇L, ∇L = λx
            noise.perturb(space, x, eta, step);
            if (step > burnIn) for (double v : x.data()) sum2 += v * v;
        }
        double measured = sum2 / ((double) d * samples);
        double expected = 2 * temperature / (lambda * (2 - eta * lambda));
        // Var of the time-averaged x² per coordinate: (2σ⁴/M)(1 + ρ²)/(1 − ρ²) with ρ = 1 − ηλ; d independent coordinates
        double rho = 1 - eta * lambda;
        double se = expected * Math.sqrt(2.0 / samples * (1 + rho * rho) / (1 - rho * rho) / d);
        assertEquals(expected, measured, 5 * se, "discrete stationary variance");
        assertTrue(Math.abs(measured - temperature / lambda) > 5 * se, "the test resolves the O(ηλ) correction to T/λ");
    }

    @Test
    void zeroTemperatureAddsNothingAndDrawsAreReproducible() {
        HostVectorSpace space = new HostVectorSpace(5);
        HostVectorSpace.HostVec a = space.zeros(), b = space.zeros();
        new LangevinNoise(0, 1).perturb(space, a, 0.1, 3);
        assertArrayEquals(new double[5], a.data());
        new LangevinNoise(1, 9).perturb(space, a, 0.1, 3);
        new LangevinNoise(1, 9).perturb(space, b, 0.1, 3);
        assertArrayEquals(a.data(), b.data());
        assertThrows(IllegalArgumentException.class, () -> new LangevinNoise(-1, 0));
    }
}
