package flatbench.measure;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.PerSampleAlgebra;
import flatbench.model.Shape;

/** Dense float64 references for small cases: matrices, eigendecompositions, covariances, data. */
final class DenseReference {
    private DenseReference() {}

    /** Eigenpairs sorted by decreasing value; vectors[j] is a unit eigenvector. */
    record Eig(double[] values, double[][] vectors) {}

    static Eig eig(double[][] a) {
        int n = a.length;
        EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(n, true, true);
        if (!e.decompose(new DMatrixRMaj(a))) throw new AssertionError("reference eigendecomposition failed");
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (x, y) -> Double.compare(e.getEigenvalue(y).getReal(), e.getEigenvalue(x).getReal()));
        double[] v = new double[n];
        double[][] vec = new double[n][];
        for (int j = 0; j < n; j++) {
            v[j] = e.getEigenvalue(idx[j]).getReal();
            vec[j] = e.getEigenVector(idx[j]).getData().clone();
        }
        return new Eig(v, vec);
    }

    static double[][] randomOrthogonal(int p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj g = new DMatrixRMaj(p, p);
        for (int i = 0; i < p * p; i++) g.data[i] = r.nextGaussian();
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(p, p);
        qr.decompose(g);
        DMatrixRMaj q = qr.getQ(null, false);
        double[][] out = new double[p][p];
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) out[i][j] = q.get(i, j);
        return out;
    }

    /** Q diag(λ) Qᵀ with a random orthogonal Q; column j of Q is the eigenvector of λ[j]. */
    static double[][] withSpectrum(double[] lambda, long seed) {
        int p = lambda.length;
        double[][] q = randomOrthogonal(p, seed);
        double[][] a = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int t = 0; t < p; t++) s += q[i][t] * lambda[t] * q[j][t];
                a[i][j] = s;
                a[j][i] = s;
            }
        }
        return a;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double[] times(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = dot(a[i], v);
        return out;
    }

    static double quadratic(double[][] a, double[] v) { return dot(v, times(a, v)); }

    static double trace(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i][i];
        return s;
    }

    static double traceOfProduct(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) s += a[i][j] * b[j][i];
        return s;
    }

    /** Per-sample gradients of the engine on the batch, rows materialised (the slow, obvious way). */
    static double[][] gradients(Engine e, Batch b) { return PerSampleAlgebra.materialise(e, b); }

    static double[] mean(double[][] rows) {
        double[] m = new double[rows[0].length];
        for (double[] r : rows) for (int t = 0; t < m.length; t++) m[t] += r[t] / rows.length;
        return m;
    }

    /** C = (1/n) Σ (gᵢ − ḡ)(gᵢ − ḡ)ᵀ as a dense P × P matrix. */
    static double[][] covariance(double[][] rows) {
        int p = rows[0].length, n = rows.length;
        double[] m = mean(rows);
        double[][] c = new double[p][p];
        for (double[] r : rows) {
            for (int i = 0; i < p; i++) {
                double di = r[i] - m[i];
                for (int j = 0; j < p; j++) c[i][j] += di * (r[j] - m[j]) / n;
            }
        }
        return c;
    }

    /** Least-squares slope and R² of log y on log x over positive pairs, via EJML's solver. */
    static double[] logLogFit(double[] x, double[] y) {
        int n = 0;
        for (int i = 0; i < x.length; i++) if (x[i] > 0 && y[i] > 0) n++;
        DMatrixRMaj a = new DMatrixRMaj(n, 2), b = new DMatrixRMaj(n, 1), sol = new DMatrixRMaj(2, 1);
        int r = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0 && y[i] > 0) {
                a.set(r, 0, 1);
                a.set(r, 1, Math.log(x[i]));
                b.set(r, 0, Math.log(y[i]));
                r++;
            }
        }
        if (!CommonOps_DDRM.solve(a, b, sol)) throw new AssertionError("reference fit failed");
        double my = CommonOps_DDRM.elementSum(b) / n, ssTot = 0, ssRes = 0;
        for (int i = 0; i < n; i++) {
            double fit = sol.get(0) + sol.get(1) * a.get(i, 1);
            ssRes += Math.pow(b.get(i) - fit, 2);
            ssTot += Math.pow(b.get(i) - my, 2);
        }
        return new double[] {sol.get(1), 1 - ssRes / ssTot, n};
    }

    static Batch gaussianBatch(int n, int dim, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * dim];
        for (int i = 0; i < x.length; i++) x[i] = (float) (scale * r.nextGaussian());
        return new Batch(Shape.vector(dim), n, x, new int[n]);
    }

    /** Inputs x ~ N(0, I) with targets y = wᵀx + b + noise appended as the last input value. */
    static Batch regressionBatch(int n, int d, double[] wb, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * (d + 1)];
        for (int i = 0; i < n; i++) {
            double y = wb[d] + noise * r.nextGaussian();
            for (int j = 0; j < d; j++) {
                float v = (float) r.nextGaussian();
                x[i * (d + 1) + j] = v;
                y += wb[j] * v;
            }
            x[i * (d + 1) + d] = (float) y;
        }
        return new Batch(Shape.vector(d + 1), n, x, new int[n]);
    }

    /** Inputs x ~ N(0, I), labels drawn from the teacher's softmax probabilities. */
    static Batch teacherBatch(SoftmaxRegressionEngine teacher, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = teacher.d;
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        Batch unlabeled = new Batch(Shape.vector(d), n, x, new int[n]);
        double[][] pr = teacher.probabilities(unlabeled);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble(), c = 0;
            int cls = 0;
            while (cls < teacher.k - 1 && (c += pr[i][cls]) < u) cls++;
            y[i] = cls;
        }
        return new Batch(Shape.vector(d), n, x, y);
    }

    static double[] gaussian(int n, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * r.nextGaussian();
        return v;
    }
}
