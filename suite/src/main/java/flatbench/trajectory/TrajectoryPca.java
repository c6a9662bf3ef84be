package flatbench.trajectory;

import flatbench.measure.SymmetricEigen;

/**
 * Principal components of a trajectory of T snapshots in d dimensions, through the T × T Gram
 * matrix of the centred snapshots K = X̃X̃ᵀ rather than the d × d covariance: K = UΛUᵀ gives the
 * variances σ²ⱼ = Λⱼ/(T − 1) and the unit directions pⱼ = X̃ᵀuⱼ/√Λⱼ. Cost T²d, not d².
 *
 * @param mean       the mean snapshot (d)
 * @param variances  σ²ⱼ, largest first (at most T − 1 of them, all positive)
 * @param directions directions[j] is the unit vector pⱼ (d)
 */
public record TrajectoryPca(double[] mean, double[] variances, double[][] directions) {

    /** The top k components (fewer when the centred snapshots span fewer dimensions). */
    public static TrajectoryPca of(double[][] snapshots, int k) {
        int t = snapshots.length;
        if (t < 2) throw new IllegalArgumentException("principal components need at least 2 snapshots, not " + t);
        int d = snapshots[0].length;
        double[] mean = new double[d];
        for (double[] s : snapshots) for (int i = 0; i < d; i++) mean[i] += s[i] / t;
        double[][] x = new double[t][d];
        for (int a = 0; a < t; a++) for (int i = 0; i < d; i++) x[a][i] = snapshots[a][i] - mean[i];
        double[][] gram = new double[t][t];
        for (int a = 0; a < t; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int i = 0; i < d; i++) s += x[a][i] * x[b][i];
                gram[a][b] = s;
                gram[b][a] = s;
            }
        }
        SymmetricEigen eig = SymmetricEigen.of(gram, true);
        // Rounding leaves eigenvalues near zero (the centring removes one dimension): keep the resolved ones.
        double floor = Math.max(eig.values()[0], 0) * 1e-12;
        int m = 0;
        while (m < Math.min(k, t - 1) && eig.values()[m] > floor) m++;
        double[] variances = new double[m];
        double[][] directions = new double[m][d];
        for (int j = 0; j < m; j++) {
            double lambda = eig.values()[j];
            variances[j] = lambda / (t - 1);
            double[] u = eig.vectors()[j];
            double[] p = directions[j];
            for (int a = 0; a < t; a++) for (int i = 0; i < d; i++) p[i] += x[a][i] * u[a];
            double norm = 0;
            for (double v : p) norm += v * v;
            norm = Math.sqrt(norm);  // = √Λⱼ in exact arithmetic; normalising removes the rounding
            for (int i = 0; i < d; i++) p[i] /= norm;
        }
        return new TrajectoryPca(mean, variances, directions);
    }

    public int components() { return variances.length; }
}
