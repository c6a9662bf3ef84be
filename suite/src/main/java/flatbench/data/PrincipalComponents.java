package flatbench.data;

import flatbench.measure.SymmetricEigen;

/**
 * The top principal components of a data set's inputs, in float64: the mean, and the leading
 * eigenvectors and eigenvalues of the covariance (1/n) Σ (x − m)(x − m)ᵀ (a dense D × D
 * eigendecomposition). {@link #whiten} gives Geiger et al.'s inputs for MNIST parity: the first k
 * coordinates (x − m)·v_j / √λ_j.
 *
 * @param mean       the inputs' mean, length D
 * @param components k unit vectors (rows, length D), by decreasing variance
 * @param variances  their eigenvalues λ_j, the variance along each
 */
public record PrincipalComponents(double[] mean, double[][] components, double[] variances) {

    /** The top k components of every input of the data set. */
    public static PrincipalComponents of(Dataset data, int k) {
        int n = data.size(), d = data.shape().size();
        if (k < 1 || k > d) throw new IllegalArgumentException("asked for " + k + " principal components of " + d + "-dimensional inputs");
        if (n < 2) throw new IllegalArgumentException("principal components need at least two samples");
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            float[] x = data.image(i);
            for (int j = 0; j < d; j++) mean[j] += x[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        // The upper triangle of Σ (x − m)(x − m)ᵀ, one sample at a time, then mirrored.
        double[][] c = new double[d][d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            float[] x = data.image(i);
            for (int j = 0; j < d; j++) row[j] = x[j] - mean[j];
            for (int a = 0; a < d; a++) {
                double xa = row[a];
                double[] ca = c[a];
                for (int b = a; b < d; b++) ca[b] += xa * row[b];
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) c[a][b] /= n;
            for (int b = 0; b < a; b++) c[a][b] = c[b][a];
        }
        SymmetricEigen e = SymmetricEigen.of(c, true);
        double[][] comps = new double[k][];
        double[] vars = new double[k];
        for (int j = 0; j < k; j++) {
            comps[j] = e.vectors()[j].clone();
            vars[j] = e.values()[j];
        }
        return new PrincipalComponents(mean, comps, vars);
    }

    /** The k whitened coordinates (x − m)·v_j / √λ_j of one input. */
    public double[] whiten(float[] x) {
        double[] out = new double[components.length];
        for (int j = 0; j < out.length; j++) {
            double s = 0;
            for (int i = 0; i < x.length; i++) s += (x[i] - mean[i]) * components[j][i];
            out[j] = s / Math.sqrt(variances[j]);
        }
        return out;
    }
}
