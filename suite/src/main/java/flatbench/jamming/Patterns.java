package flatbench.jamming;

import java.util.SplittableRandom;

import flatbench.engine.Batch;
import flatbench.model.Shape;

/**
 * The P patterns of a jamming experiment as Geiger et al.'s code prepares them: the inputs
 * centred over the patterns and each scaled to norm √d, labels ±1.
 */
public final class Patterns {
    private Patterns() {}

    /** P Gaussian inputs in d dimensions with random ±1 labels, independent of the inputs. */
    public static Batch gaussian(int p, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[p][d];
        int[] y = new int[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < d; j++) x[i][j] = r.nextGaussian();
            y[i] = r.nextBoolean() ? 1 : -1;
        }
        return of(x, y);
    }

    /** The rows x (P × d) centred over the patterns and scaled to norm √d each, with labels ±1. */
    public static Batch of(double[][] x, int[] y) {
        int p = x.length, d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) for (int j = 0; j < d; j++) mean[j] += row[j] / p;
        float[] in = new float[p * d];
        for (int i = 0; i < p; i++) {
            if (y[i] != 1 && y[i] != -1) throw new IllegalArgumentException("labels must be ±1, pattern " + i + " has " + y[i]);
            double norm = 0;
            for (int j = 0; j < d; j++) norm += (x[i][j] - mean[j]) * (x[i][j] - mean[j]);
            double scale = norm > 0 ? Math.sqrt(d / norm) : 0;
            for (int j = 0; j < d; j++) in[i * d + j] = (float) ((x[i][j] - mean[j]) * scale);
        }
        return new Batch(new Shape(1, 1, d), p, in, y.clone());
    }
}
