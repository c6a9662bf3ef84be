package flatbench.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.model.Shape;

/**
 * PCA on inputs with a planted covariance: two directions of variance 9 and 4 over isotropic noise
 * of variance 0.01 in 20 dimensions. The components must be those directions (up to sign), the
 * variances the sample's, and the whitened coordinates of the same samples uncorrelated with unit
 * variance (exactly, for the sample's own PCA).
 */
class PrincipalComponentsTest {
    @Test void recoversPlantedDirectionsAndWhitens() {
        int n = 4000, d = 20;
        SplittableRandom r = new SplittableRandom(5);
        double[] u1 = new double[d], u2 = new double[d];
        u1[0] = u1[1] = Math.sqrt(0.5);
        u2[2] = 0.6;
        u2[3] = 0.8;
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            double z1 = 3 * r.nextGaussian(), z2 = 2 * r.nextGaussian();
            for (int j = 0; j < d; j++) x[i * d + j] = (float) (5 + z1 * u1[j] + z2 * u2[j] + 0.1 * r.nextGaussian());
        }
        Dataset data = new Dataset("planted", new Shape(1, 1, d), 2, x, new int[n], "test", "none");
        PrincipalComponents pc = PrincipalComponents.of(data, 3);
        assertEquals(5, pc.mean()[7], 0.02);
        assertEquals(1, Math.abs(dot(pc.components()[0], u1)), 1e-3);
        assertEquals(1, Math.abs(dot(pc.components()[1], u2)), 1e-3);
        assertEquals(9.01, pc.variances()[0], 9 * 0.1);  // sampling error of a variance from 4,000 draws: ±2.2%·3σ
        assertEquals(4.01, pc.variances()[1], 4 * 0.1);
        assertEquals(0.01, pc.variances()[2], 0.002);

        double[][] w = new double[n][];
        for (int i = 0; i < n; i++) w[i] = pc.whiten(data.image(i));
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double s = 0;
                for (double[] row : w) s += row[a] * row[b] / n;
                assertEquals(a == b ? 1 : 0, s, 1e-4, "whitened covariance " + a + "," + b);
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
