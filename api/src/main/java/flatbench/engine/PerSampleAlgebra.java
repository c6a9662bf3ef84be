package flatbench.engine;

import java.util.List;

/**
 * Gram matrices and projections computed the slow, obvious way: from streamed per-sample
 * gradient rows. This is the reference the engines' fast paths are tested against (as
 * BackPACK tests its extensions against a per-sample loop), and a fallback for small models.
 * It holds n × P doubles, so it is for n·P up to a few hundred million.
 */
public final class PerSampleAlgebra {
    private PerSampleAlgebra() {}

    /** All per-sample gradients as an n × P array (row i = g_i). */
    public static double[][] materialise(Engine engine, Batch batch) {
        long p = engine.parameterCount();
        if ((long) batch.size() * p > 400_000_000L) {
            throw new IllegalArgumentException("refusing to materialise " + batch.size() + " × " + p + " per-sample gradients");
        }
        double[][] g = new double[batch.size()][];
        engine.perSampleGradients(batch, (row, grad) -> g[row] = grad.clone());
        return g;
    }

    public static double[][] gram(Engine engine, Batch batch, boolean centred) {
        double[][] g = materialise(engine, batch);
        int n = g.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                double[] a = g[i], b = g[j];
                for (int t = 0; t < a.length; t++) s += a[t] * b[t];
                k[i][j] = s;
                k[j][i] = s;
            }
        }
        return centred ? centre(k) : k;
    }

    public static double[][] project(Engine engine, Batch batch, List<Vec> directions) {
        VectorSpace space = engine.vectors();
        double[][] v = new double[directions.size()][];
        for (int j = 0; j < v.length; j++) v[j] = space.toHost(directions.get(j));
        double[][] out = new double[batch.size()][v.length];
        engine.perSampleGradients(batch, (row, grad) -> {
            for (int j = 0; j < v.length; j++) {
                double s = 0;
                for (int t = 0; t < grad.length; t++) s += grad[t] * v[j][t];
                out[row][j] = s;
            }
        });
        return out;
    }

    /** (I − 11ᵀ/n) K (I − 11ᵀ/n), returned as a new array. */
    public static double[][] centre(double[][] k) {
        int n = k.length;
        double[] rowMean = new double[n];
        double all = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += k[i][j];
            rowMean[i] = s / n;
            all += s;
        }
        all /= (double) n * n;
        double[][] c = new double[n][n];
        // K symmetric, so column means equal row means.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) c[i][j] = k[i][j] - rowMean[i] - rowMean[j] + all;
        }
        return c;
    }
}
