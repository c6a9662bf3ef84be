package flatbench.landscape;

import java.util.SplittableRandom;

/**
 * A small neural network as an {@link Objective}: a committee of K tanh hidden units on an
 * m-dimensional input with a bias, scalar output, squared loss:
 * <pre>
 *   f(x) = (1/K) Σ_k tanh(s (w_k·x + b_k)),   ℓ_μ = ½ (f(x_μ) − y_μ)²,   θ = (w_1, b_1, …, w_K, b_K),
 * </pre>
 * d = K(m + 1) weights. The readout is fixed at 1/K (the committee), so only the hidden layer learns.
 * The input scale s multiplies the augmented input (x, 1), so L_s(θ) = L_1(sθ) exactly: every
 * critical point keeps its loss (barrier heights are fixed) while every curvature, and the
 * per-sample gradients' covariance C, scale by s² (what {@link MultiWell}'s scale does for the test
 * function). Gradients and the Hessian are in closed form.
 */
public final class Committee implements Objective {
    private final double[][] x;
    private final double[] y;
    private final int units, inputs, width;
    private final double scale;

    public Committee(double[][] x, double[] y, int units, double scale) {
        if (x.length == 0 || x.length != y.length) throw new IllegalArgumentException("a committee needs one target per input");
        if (units < 1 || !(scale > 0)) throw new IllegalArgumentException("a committee needs K ≥ 1 units and a positive input scale");
        this.x = java.util.Arrays.stream(x).map(double[]::clone).toArray(double[][]::new);
        this.y = y.clone();
        this.units = units;
        this.inputs = x[0].length;
        this.width = inputs + 1;
        this.scale = scale;
    }

    /**
     * An XOR-like data set one tanh unit cannot fit: n points in four Gaussian clusters of standard
     * deviation spread around (±1, 0) with target +1 and (0, ±1) with target −1 (point i in cluster
     * i mod 4). A single unit has a small-weight minimum (its near-linear range) and minima that fit
     * three of the four clusters, related by the data's symmetry, not by a symmetry of the weights:
     * the saddles between them are ordinary points where the per-sample gradients differ, so SGD
     * has noise along the way out (at a saddle where two units coincide it would have none).
     */
    public static Committee quadrants(int n, double spread, int units, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int c = i % 4;  // balanced clusters: the four directions differ only by the draws within them
            double cx = c == 0 ? 1 : c == 1 ? -1 : 0, cy = c == 2 ? 1 : c == 3 ? -1 : 0;
            x[i][0] = cx + spread * rng.nextGaussian();
            x[i][1] = cy + spread * rng.nextGaussian();
            y[i] = c < 2 ? 1 : -1;
        }
        return new Committee(x, y, units, 1);
    }

    /** The same data at another input scale s. */
    public Committee withScale(double s) { return new Committee(x, y, units, s); }

    public double scale() { return scale; }

    public int dimension() { return units * width; }

    public int samples() { return x.length; }

    private double preActivation(double[] p, int off, int k, double[] xi) {
        int o = off + k * width;
        double a = p[o + inputs];
        for (int j = 0; j < inputs; j++) a += p[o + j] * xi[j];
        return scale * a;
    }

    /** The network's output at input xi, parameters at p[off .. off+d). */
    public double output(double[] p, int off, double[] xi) {
        double f = 0;
        for (int k = 0; k < units; k++) f += tanh(preActivation(p, off, k, xi));
        return f / units;
    }

    /**
     * tanh through one exponential (Math.exp is an intrinsic, Math.tanh is not): absolute error about 1e-16, which is all
     * the escape runs need, at a fraction of the cost of their hot loop.
     */
    static double tanh(double a) {
        double e = Math.exp(-2 * Math.abs(a)), t = (1 - e) / (1 + e);
        return a < 0 ? -t : t;
    }

    public double addSampleGradient(int i, double[] p, int off, double scl, double[] g, int gOff) {
        double[] xi = x[i];
        if (units == 1) {  // the escape experiment's case: one tanh per sample
            double h = tanh(preActivation(p, off, 0, xi)), r = h - y[i], d = scl * r * scale * (1 - h * h);
            for (int j = 0; j < inputs; j++) g[gOff + j] += d * xi[j];
            g[gOff + inputs] += d;
            return 0.5 * r * r;
        }
        double r = output(p, off, xi) - y[i], c = scl * r * scale / units;
        for (int k = 0; k < units; k++) {
            double h = tanh(preActivation(p, off, k, xi)), d = c * (1 - h * h);
            int o = gOff + k * width;
            for (int j = 0; j < inputs; j++) g[o + j] += d * xi[j];
            g[o + inputs] += d;
        }
        return 0.5 * r * r;
    }

    /** H = (1/n) Σ [J Jᵀ + r ∇²f], J = ∇f; ∇²f is block-diagonal over units: (1/K)·s²·(−2h(1 − h²))·x̃x̃ᵀ, x̃ = (x, 1). */
    public double[][] hessian(double[] p) {
        int d = dimension(), n = x.length;
        double[][] hm = new double[d][d];
        double[] jac = new double[d], h = new double[units], xt = new double[width];
        xt[inputs] = 1;
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, xt, 0, inputs);
            double f = 0;
            for (int k = 0; k < units; k++) {
                h[k] = tanh(preActivation(p, 0, k, x[i]));
                f += h[k] / units;
            }
            double r = f - y[i];
            for (int k = 0; k < units; k++) {
                double dk = scale * (1 - h[k] * h[k]) / units;
                for (int j = 0; j < width; j++) jac[k * width + j] = dk * xt[j];
            }
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) hm[a][b] += jac[a] * jac[b] / n;
            for (int k = 0; k < units; k++) {
                double c = r * scale * scale * (-2 * h[k] * (1 - h[k] * h[k])) / units / n;
                for (int a = 0; a < width; a++) for (int b = 0; b < width; b++) hm[k * width + a][k * width + b] += c * xt[a] * xt[b];
            }
        }
        return hm;
    }
}
