package flatbench.landscape;

import java.util.SplittableRandom;

/**
 * The two-weight product model with a continuous valley of minima (the stand-in for Yang, Tang
 * &amp; Tu's valley, SCIENCE.md §2):
 * <pre>
 *   ℓ_μ(w₁, w₂) = ½ (w₁w₂ x_μ − y_μ)² + ½ ζ_μ (w₁² − w₂²),    μ = 1 … n,   Σ_μ ζ_μ = 0.
 * </pre>
 * The mean loss depends on w only through p = w₁w₂: L = ½ m₂ (p − p*)² + const with m₂ = mean x²
 * and p* = mean(xy)/m₂, so its minima are the hyperbola w₁w₂ = p*. Along it, parametrised by
 * u = ½ ln(w₁/w₂) (w₁ = √p* e^u, w₂ = √p* e^−u), the Hessian has one zero eigenvalue (along the
 * valley) and the transverse one λ(u) = m₂ (w₁² + w₂²) = 2 m₂ p* cosh 2u: flattest at the balanced
 * point u = 0. Flatness F = 1/√λ.
 *
 * <p>Why the ζ term: the first term's per-sample gradients r_μ x_μ (w₂, w₁) are all normal to the
 * level sets of p, so alone it has no noise along the valley at all (κ = ∞). The ζ_μ are zero-mean
 * per-sample "balance" terms: they leave the mean loss (and so the valley and H) unchanged and add
 * the per-sample gradient ζ_μ (w₁, −w₂), which is exactly along the valley. On the valley the noise
 * variance across is Var_μ(r_μ x_μ)·|w|² and along it Var_μ(ζ)·|w|², so κ = Var(r x)/Var(ζ) is the
 * same everywhere on the valley and set by the ζ scale.
 */
public final class ProductModel implements Objective {
    private final double[] x, y, zeta;
    private final double m2, mxy, myy, target;

    /** @param zeta per-sample balance terms; centred here so their mean is exactly zero */
    public ProductModel(double[] x, double[] y, double[] zeta) {
        if (x.length != y.length || x.length != zeta.length || x.length == 0) throw new IllegalArgumentException("x, y and zeta need one value per sample");
        this.x = x.clone();
        this.y = y.clone();
        double mz = 0;
        for (double z : zeta) mz += z;
        mz /= zeta.length;
        this.zeta = new double[zeta.length];
        for (int i = 0; i < zeta.length; i++) this.zeta[i] = zeta[i] - mz;
        double a = 0, b = 0, c = 0;
        for (int i = 0; i < x.length; i++) {
            a += x[i] * x[i];
            b += x[i] * y[i];
            c += y[i] * y[i];
        }
        m2 = a / x.length;
        mxy = b / x.length;
        myy = c / x.length;
        target = mxy / m2;
        if (!(target > 0)) throw new IllegalArgumentException("the data need mean(xy) > 0 for a valley w₁w₂ = p* > 0");
    }

    /**
     * n samples x ~ N(1, ½²), y = p·x + noise·ε, and ζ scaled so that the noise ratio on the valley
     * Var(r x)/Var(ζ) is kappa (r = p*x − y the residual at the minimum).
     */
    public static ProductModel generate(int n, double p, double noise, double kappa, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1 + 0.5 * rng.nextGaussian();
            y[i] = p * x[i] + noise * rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) z[i] = rng.nextGaussian();
        ProductModel unit = new ProductModel(x, y, z);
        double scale = Math.sqrt(unit.acrossVariance() / kappa / unit.alongVariance());
        for (int i = 0; i < n; i++) z[i] *= scale;
        return new ProductModel(x, y, z);
    }

    public int dimension() { return 2; }

    public int samples() { return x.length; }

    public double addSampleGradient(int i, double[] w, int off, double scale, double[] g, int gOff) {
        double w1 = w[off], w2 = w[off + 1];
        double r = w1 * w2 * x[i] - y[i];
        double rx = r * x[i];
        g[gOff] += scale * (rx * w2 + zeta[i] * w1);
        g[gOff + 1] += scale * (rx * w1 - zeta[i] * w2);
        return 0.5 * r * r + 0.5 * zeta[i] * (w1 * w1 - w2 * w2);
    }

    /** Closed form through the data moments (the ζ terms cancel in the mean). */
    @Override public double addGradient(double[] w, int off, double scale, double[] g, int gOff) {
        double w1 = w[off], w2 = w[off + 1], p = w1 * w2;
        double d = m2 * p - mxy;
        g[gOff] += scale * d * w2;
        g[gOff + 1] += scale * d * w1;
        return 0.5 * (m2 * p * p - 2 * mxy * p + myy);
    }

    public double[][] hessian(double[] w) {
        double w1 = w[0], w2 = w[1], p = w1 * w2;
        double off = 2 * m2 * p - mxy;
        return new double[][] {{m2 * w2 * w2, off}, {off, m2 * w1 * w1}};
    }

    /** p*, the value of w₁w₂ on the valley. */
    public double valleyProduct() { return target; }

    /** The point of the valley at coordinate u. */
    public double[] valleyPoint(double u) {
        double s = Math.sqrt(target);
        return new double[] {s * Math.exp(u), s * Math.exp(-u)};
    }

    /**
     * u = ½ asinh((w₁² − w₂²)/(2p*)), the valley coordinate of the point where gradient flow from
     * (w₁, w₂) lands: the flow conserves w₁² − w₂², which is 2p* sinh 2u on the valley. (The ray
     * ½ ln(w₁/w₂) projects off-valley states elsewhere and moved the density's slope by ~0.1.)
     */
    public double valleyCoordinate(double w1, double w2) { return 0.5 * asinh((w1 * w1 - w2 * w2) / (2 * target)); }

    private static double asinh(double v) { return Math.copySign(Math.log(Math.abs(v) + Math.sqrt(v * v + 1)), v); }

    /**
     * Yang, Tang &amp; Tu's form of the noise, for gradient descent on this model: variance Δ across the
     * level set of p through w and Δ/κ along it, the same at every curvature (SGD's grows with λ both
     * ways). Its stationary density along the valley is ∝ F^(κ−1) per unit u [Yang–Tang–Tu; our check].
     */
    public Optimizer.NoiseShape constantNoise(double delta, double kappa) {
        double across = Math.sqrt(delta), along = Math.sqrt(delta / kappa);
        return (w, off, z, g) -> {
            double w1 = w[off], w2 = w[off + 1], norm = Math.hypot(w1, w2);
            double a = across * z[0] / norm, t = along * z[1] / norm;
            g[0] += a * w2 + t * w1;
            g[1] += a * w1 - t * w2;
        };
    }

    /** λ(u) = 2 m₂ p* cosh 2u, the Hessian's non-zero eigenvalue at the valley point u. */
    public double transverseCurvature(double u) { return 2 * m2 * target * Math.cosh(2 * u); }

    /** The smallest transverse curvature, at u = 0; gradient descent at the flattest point is stable for η below 2 over it. */
    public double flattestCurvature() { return transverseCurvature(0); }

    /** Var_μ(r_μ x_μ) at the valley (r = p*x − y): the noise across the valley per unit |w|². */
    public double acrossVariance() {
        double[] rx = new double[x.length];
        for (int i = 0; i < x.length; i++) rx[i] = (target * x[i] - y[i]) * x[i];
        return variance(rx);
    }

    /** Var_μ(ζ_μ): the noise along the valley per unit |w|². */
    public double alongVariance() { return variance(zeta); }

    /**
     * Per-sample gradients at w projected on the unit normal (w₂, w₁)/|w| and tangent (w₁, −w₂)/|w| of
     * the level set through w: {across[n], along[n]}.
     */
    public double[][] projections(double[] w) {
        int n = x.length;
        double norm = Math.hypot(w[0], w[1]);
        double[] across = new double[n], along = new double[n];
        double[] g = new double[2];
        for (int i = 0; i < n; i++) {
            g[0] = 0;
            g[1] = 0;
            addSampleGradient(i, w, 0, 1, g, 0);
            across[i] = (g[0] * w[1] + g[1] * w[0]) / norm;
            along[i] = (g[0] * w[0] - g[1] * w[1]) / norm;
        }
        return new double[][] {across, along};
    }

    /** {Var_μ across, Var_μ along} of the per-sample gradients at w (the {@link #projections}' variances). */
    public double[] noiseVariances(double[] w) {
        double[][] p = projections(w);
        return new double[] {variance(p[0]), variance(p[1])};
    }

    static double variance(double[] v) {
        double m = 0;
        for (double a : v) m += a;
        m /= v.length;
        double s = 0;
        for (double a : v) s += (a - m) * (a - m);
        return s / v.length;
    }
}
