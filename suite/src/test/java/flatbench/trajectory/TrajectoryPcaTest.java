package flatbench.trajectory;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** PCA through the T × T Gram matrix recovers planted variances and directions, and agrees with the d × d covariance. */
class TrajectoryPcaTest {
    /** T Gaussian snapshots with variance v_j along orthonormal directions q_j (a random rotation's first columns). */
    static double[][] planted(int t, int d, double[] variances, double[][] q, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[t][d];
        for (int a = 0; a < t; a++) {
            for (int j = 0; j < variances.length; j++) {
                double z = gaussian(r) * Math.sqrt(variances[j]);
                for (int i = 0; i < d; i++) x[a][i] += z * q[j][i];
            }
            for (int i = 0; i < d; i++) x[a][i] += 3.0;  // an offset the centring must remove
        }
        return x;
    }

    static double[][] orthonormal(int k, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] q = new double[k][d];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) q[j][i] = gaussian(r);
            for (int m = 0; m < j; m++) {
                double dot = 0;
                for (int i = 0; i < d; i++) dot += q[j][i] * q[m][i];
                for (int i = 0; i < d; i++) q[j][i] -= dot * q[m][i];
            }
            double n = 0;
            for (double v : q[j]) n += v * v;
            for (int i = 0; i < d; i++) q[j][i] /= Math.sqrt(n);
        }
        return q;
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void recoversPlantedVariancesAndDirections() {
        int t = 1000, d = 60;
        double[] v = {9, 4, 1, 0.25};
        double[][] q = orthonormal(v.length, d, 7);
        TrajectoryPca pca = TrajectoryPca.of(planted(t, d, v, q, 11), 10);
        assertEquals(4, pca.components(), "only the planted dimensions carry variance");
        for (int j = 0; j < v.length; j++) {
            // the sample variance of T Gaussians has relative standard error √(2/(T−1)) ≈ 0.045: allow 4 of them
            assertEquals(v[j], pca.variances()[j], 4 * Math.sqrt(2.0 / (t - 1)) * v[j], "variance " + j);
            double dot = 0;
            for (int i = 0; i < d; i++) dot += pca.directions()[j][i] * q[j][i];
            assertEquals(1, Math.abs(dot), 0.02, "direction " + j);
        }
        for (int i = 0; i < d; i++) assertEquals(3.0, pca.mean()[i], 0.2);
    }

    @Test
    void agreesWithTheCovarianceMatrixWhenDimensionExceedsSnapshots() {
        int t = 12, d = 40;
        SplittableRandom r = new SplittableRandom(3);
        double[][] x = new double[t][d];
        for (double[] row : x) for (int i = 0; i < d; i++) row[i] = gaussian(r) * (1 + i % 5);
        TrajectoryPca pca = TrajectoryPca.of(x, 20);
        assertEquals(t - 1, pca.components(), "centring leaves T − 1 dimensions");
        // σ²_j p_j = S p_j with S the d × d sample covariance, computed directly
        double[] mean = new double[d];
        for (double[] row : x) for (int i = 0; i < d; i++) mean[i] += row[i] / t;
        for (int j = 0; j < pca.components(); j++) {
            double[] p = pca.directions()[j], sp = new double[d];
            for (double[] row : x) {
                double proj = 0;
                for (int i = 0; i < d; i++) proj += (row[i] - mean[i]) * p[i];
                for (int i = 0; i < d; i++) sp[i] += (row[i] - mean[i]) * proj / (t - 1);
            }
            for (int i = 0; i < d; i++) assertEquals(pca.variances()[j] * p[i], sp[i], 1e-9 * pca.variances()[0]);
        }
    }
}
