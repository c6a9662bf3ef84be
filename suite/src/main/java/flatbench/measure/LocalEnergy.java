package flatbench.measure;

import java.util.function.Function;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * Baldassi, Pittorino &amp; Zecchina's local energy of a minimum w (SCIENCE.md §6):
 * δE(w, σ) = E_z[E(w ⊙ (1 + σz))] − E(w), z ~ N(0, I), a multiplicative perturbation (so a
 * layer's scale does not change it), estimated by the mean over D draws z_d. The draws are common
 * random numbers: z_d depends only on the seed and d, so every σ and every minimum measured with the
 * same seed sees the same z_d, and differences between curves are sharper than either curve.
 *
 * <p>Several energies may be measured at once ({@code energies} returns one value per yardstick,
 * e.g. training error and cross-entropy from one forward pass).
 */
public final class LocalEnergy {
    private LocalEnergy() {}

    /**
     * Every draw's shift.
     *
     * @param base   E(w) per yardstick
     * @param shifts [yardstick][σ][draw]: E(w ⊙ (1 + σ z_d)) − E(w)
     */
    public record Draws(double[] sigmas, double[] base, double[][][] shifts) {
        public int yardsticks() { return base.length; }

        public int draws() { return shifts[0][0].length; }

        /** δE at each σ for yardstick e: the mean over the draws. */
        public double[] mean(int e) {
            double[] m = new double[sigmas.length];
            for (int s = 0; s < sigmas.length; s++) m[s] = mean(shifts[e][s]);
            return m;
        }

        /** The standard error of that mean (sample standard deviation over √D; NaN for one draw). */
        public double[] standardError(int e) {
            double[] se = new double[sigmas.length];
            for (int s = 0; s < sigmas.length; s++) {
                double[] x = shifts[e][s];
                double m = mean(x), q = 0;
                for (double v : x) q += (v - m) * (v - m);
                se[s] = x.length < 2 ? Double.NaN : Math.sqrt(q / (x.length - 1) / x.length);
            }
            return se;
        }

        private static double mean(double[] x) {
            double m = 0;
            for (double v : x) m += v;
            return m / x.length;
        }
    }

    /** The seed of draw d's z under a measurement's seed: one well-mixed stream per draw (SplitMix64's finaliser). */
    static long drawSeed(long seed, int draw) {
        long z = seed + (draw + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Measures δE of w at each σ over {@code draws} draws. {@code energies} evaluates the
     * yardsticks at a point (it may move the engine's parameters; w itself is not changed).
     */
    public static Draws measure(VectorSpace space, Vec w, double[] sigmas, int draws, long seed, Function<Vec, double[]> energies) {
        if (draws < 1) throw new IllegalArgumentException("local energy needs at least one draw, not " + draws);
        double[] base = energies.apply(w);
        double[][][] shifts = new double[base.length][sigmas.length][draws];
        try (Vec z = space.zeros(); Vec wz = space.zeros(); Vec p = space.zeros()) {
            for (int d = 0; d < draws; d++) {
                space.fillGaussian(z, drawSeed(seed, d));
                space.scale(wz, 0);
                space.multiplyAccumulate(w, z, wz);      // w ⊙ z_d, once per draw
                for (int s = 0; s < sigmas.length; s++) {
                    space.assign(p, w);
                    space.axpy(sigmas[s], wz, p);        // w ⊙ (1 + σ z_d)
                    double[] e = energies.apply(p);
                    for (int k = 0; k < base.length; k++) shifts[k][s][d] = e[k] - base[k];
                }
            }
        }
        return new Draws(sigmas.clone(), base, shifts);
    }
}
