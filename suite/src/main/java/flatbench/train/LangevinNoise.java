package flatbench.train;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * Isotropic Gaussian noise added to each update, θ ← θ − η∇L + √(2ηT)·ξ with ξ ~ N(0, I): with
 * full-batch gradients, the Euler discretisation of the Langevin equation whose stationary density
 * is ∝ exp(−L/T) as η → 0. On a quadratic of curvature λ the discrete chain's stationary variance
 * is 2T / (λ(2 − ηλ)), T/λ to first order in ηλ. The noise depends only on the seed and the step,
 * so a run is reproducible and a resumed one draws the same noise.
 *
 * @param temperature T ≥ 0 (0: no noise)
 * @param seed        seeds the draws
 */
public record LangevinNoise(double temperature, long seed) {
    public LangevinNoise {
        if (!(temperature >= 0) || !Double.isFinite(temperature)) throw new IllegalArgumentException("temperature must be a finite number ≥ 0, not " + temperature);
    }

    /** Adds this step's draw to θ (the Trainer calls it after the gradient update). */
    public void perturb(VectorSpace space, Vec theta, double learningRate, long step) {
        if (temperature == 0) return;
        try (Vec xi = space.zeros()) {
            space.fillGaussian(xi, stepSeed(seed, step));
            space.axpy(Math.sqrt(2 * learningRate * temperature), xi, theta);
        }
    }

    /**
     * A well-mixed seed per step (SplitMix64's finaliser). Not seed + step·γ: a host space seeds a
     * SplittableRandom, whose stream from seed + γ is the stream from seed shifted by one draw, so
     * consecutive steps would reuse each other's noise.
     */
    static long stepSeed(long seed, long step) {
        long z = seed + step * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
