package flatbench.landscape;

/**
 * A loss over w ∈ R^d that is the mean of n per-sample losses ℓ_i(w), given in closed form (no
 * network, no engine). Per-sample losses are what give mini-batch SGD its noise: a batch of B
 * sample indices drawn at random gives the gradient (1/B) Σ ∇ℓ_i. Points are read from a flat
 * array at an offset so an {@link Ensemble} of R runs keeps its state in one R × d array.
 */
public interface Objective {
    int dimension();

    /** n, the number of per-sample losses (1 for a landscape without data noise). */
    int samples();

    /** ℓ_i at w = x[off .. off+d), and adds scale · ∇ℓ_i(w) into g[gOff .. gOff+d). */
    double addSampleGradient(int i, double[] x, int off, double scale, double[] g, int gOff);

    /** The mean loss L(w) and adds scale · ∇L(w) into g; by default the sum over samples, closed forms override. */
    default double addGradient(double[] x, int off, double scale, double[] g, int gOff) {
        int n = samples();
        double loss = 0;
        for (int i = 0; i < n; i++) loss += addSampleGradient(i, x, off, scale / n, g, gOff);
        return loss / n;
    }

    /** The mean loss at w. */
    default double loss(double[] w) {
        return addGradient(w, 0, 0, new double[dimension()], 0);
    }

    /** The mean loss's gradient at w. */
    default double[] gradient(double[] w) {
        double[] g = new double[dimension()];
        addGradient(w, 0, 1, g, 0);
        return g;
    }

    /** The Hessian of the mean loss at w (d × d), in closed form. */
    double[][] hessian(double[] w);

    /**
     * The per-sample gradient covariance C = (1/n) Σ (∇ℓ_i − ∇L)(∇ℓ_i − ∇L)ᵀ at w (d × d): one
     * SGD step with B samples drawn with replacement has noise C/B.
     */
    default double[][] sampleCovariance(double[] w) {
        int n = samples(), d = dimension();
        double[][] rows = new double[n][d];
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            addSampleGradient(i, w, 0, 1, rows[i], 0);
            for (int j = 0; j < d; j++) mean[j] += rows[i][j] / n;
        }
        double[][] c = new double[d][d];
        for (double[] r : rows) {
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) c[a][b] += (r[a] - mean[a]) * (r[b] - mean[b]) / n;
        }
        return c;
    }
}
