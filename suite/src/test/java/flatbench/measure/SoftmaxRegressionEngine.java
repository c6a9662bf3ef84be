package flatbench.measure;

import java.util.List;

import flatbench.engine.Batch;
import flatbench.model.Layer;
import flatbench.model.ModelSpec;
import flatbench.model.Shape;

/**
 * Multinomial logistic regression z = Wx + b, ℓ = −log softmax(z)_y, in the flat layout of a
 * dense layer (W row-major [K][d], then b). gᵢ = (p − e_y) ⊗ x̃, Hessian (1/n) Σ (diag p − ppᵀ) ⊗ x̃x̃ᵀ.
 */
class SoftmaxRegressionEngine extends DenseTestEngine {
    final int d, k;

    SoftmaxRegressionEngine(int d, int k) {
        super(new ModelSpec("softmax-regression", Shape.vector(d), k, List.of(new Layer.Dense(d, k))));
        this.d = d;
        this.k = k;
    }

    /** Index of the parameter multiplying feature j (j = d: the bias) in class c. */
    int index(int c, int j) { return j == d ? k * d + c : c * d + j; }

    double feature(Batch b, int i, int j) { return j == d ? 1.0 : b.inputs()[i * d + j]; }

    double[] probabilities(double[] th, Batch b, int i) {
        double[] z = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j <= d; j++) z[c] += th[index(c, j)] * feature(b, i, j);
            max = Math.max(max, z[c]);
        }
        double s = 0;
        for (int c = 0; c < k; c++) s += (z[c] = Math.exp(z[c] - max));
        for (int c = 0; c < k; c++) z[c] /= s;
        return z;
    }

    @Override double sampleLoss(double[] th, Batch b, int i, double[] grad) {
        double[] pr = probabilities(th, b, i);
        int y = b.labels()[i];
        if (grad != null) {
            for (int c = 0; c < k; c++) {
                double e = pr[c] - (c == y ? 1 : 0);
                for (int j = 0; j <= d; j++) grad[index(c, j)] += e * feature(b, i, j);
            }
        }
        return -Math.log(pr[y]);
    }

    @Override void addSampleHessian(double[] th, Batch b, int i, double w, double[][] h) {
        double[] pr = probabilities(th, b, i);
        for (int c1 = 0; c1 < k; c1++) {
            for (int c2 = 0; c2 < k; c2++) {
                double s = (c1 == c2 ? pr[c1] : 0) - pr[c1] * pr[c2];
                for (int j1 = 0; j1 <= d; j1++) {
                    double f = w * s * feature(b, i, j1);
                    for (int j2 = 0; j2 <= d; j2++) h[index(c1, j1)][index(c2, j2)] += f * feature(b, i, j2);
                }
            }
        }
    }

    @Override public double[][] probabilities(Batch b) {
        double[][] out = new double[b.size()][];
        for (int i = 0; i < b.size(); i++) out[i] = probabilities(theta, b, i);
        return out;
    }
}
