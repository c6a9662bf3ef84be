package flatbench.landscape;

/**
 * How an {@link Ensemble} moves each run. Every variant's step is x ← x − η v with v the search
 * direction; the variants differ only in where v's randomness comes from.
 */
public sealed interface Optimizer {
    double eta();

    /**
     * Mini-batch SGD: each step draws B sample indices uniformly with replacement (so the step's
     * noise covariance is C/B exactly), v ← μ v + ĝ, x ← x − η v (heavy ball, as the Trainer; μ = 0 is plain SGD).
     */
    record Sgd(double eta, int batch, double momentum) implements Optimizer {
        public Sgd {
            if (!(eta > 0) || batch < 1 || momentum < 0 || momentum >= 1) throw new IllegalArgumentException("SGD needs η > 0, B ≥ 1, 0 ≤ μ < 1");
        }

        public Sgd(double eta, int batch) { this(eta, batch, 0); }
    }

    /**
     * Full-batch gradient descent plus Gaussian noise: x ← x − η (∇L + ξ) with ξ = F z, z ~ N(0, I),
     * so Cov ξ = F Fᵀ. With Cov ξ = C/B the step has SGD's noise covariance; with 2T/η · I it is the
     * Euler–Maruyama step of overdamped Langevin dynamics at temperature T.
     *
     * @param factor d × d lower-triangular (or any) factor F of the noise covariance
     */
    record Langevin(double eta, double[][] factor) implements Optimizer {
        public Langevin {
            if (!(eta > 0)) throw new IllegalArgumentException("gradient descent needs η > 0");
            factor = java.util.Arrays.stream(factor).map(double[]::clone).toArray(double[][]::new);
        }

        /** Isotropic white noise of the given variance per coordinate. */
        public static Langevin isotropic(double eta, int dimension, double variance) {
            double[][] f = new double[dimension][dimension];
            for (int j = 0; j < dimension; j++) f[j][j] = Math.sqrt(variance);
            return new Langevin(eta, f);
        }

        /** Overdamped Langevin dynamics at temperature T, time step η: x ← x − η∇L + √(2ηT) z. */
        public static Langevin temperature(double eta, int dimension, double temperature) {
            return isotropic(eta, dimension, 2 * temperature / eta);
        }
    }

    /**
     * Full-batch gradient descent plus Gaussian noise whose covariance depends on the state:
     * x ← x − η (∇L + ξ(x)), ξ(x) = F(x) z with z ~ N(0, I). Yang, Tang &amp; Tu's model of SGD noise
     * (variance Δ across a valley and Δ/κ along it, whatever the curvature) is one such shape.
     */
    record ShapedLangevin(double eta, NoiseShape shape) implements Optimizer {
        public ShapedLangevin {
            if (!(eta > 0)) throw new IllegalArgumentException("gradient descent needs η > 0");
        }
    }

    /** The state-dependent factor of {@link ShapedLangevin}'s noise. */
    @FunctionalInterface
    interface NoiseShape {
        /** Adds F(x) z into g[0 .. d), x read at x[off .. off+d), z standard normal of length d. */
        void addNoise(double[] x, int off, double[] z, double[] g);
    }
}
