package flatbench.measure;

import java.util.List;

import flatbench.engine.Batch;
import flatbench.model.Layer;
import flatbench.model.Loss;
import flatbench.model.ModelSpec;
import flatbench.model.Shape;

/**
 * ℓᵢ = ½(wᵀxᵢ + b − yᵢ)², θ = (w, b). A sample's input holds x (d values) then the target y.
 * gᵢ = rᵢ x̃ᵢ with x̃ = (x, 1), Hessian (1/n) Σ x̃x̃ᵀ.
 */
final class LinearRegressionEngine extends DenseTestEngine {
    final int d;

    LinearRegressionEngine(int d) {
        super(new ModelSpec("linear-regression", Shape.vector(d), 1, List.of(new Layer.Dense(d, 1)), Loss.SQUARED));
        this.d = d;
    }

    double residual(double[] th, Batch b, int i) {
        int off = i * (d + 1);
        double r = th[d];
        for (int j = 0; j < d; j++) r += th[j] * b.inputs()[off + j];
        return r - b.inputs()[off + d];
    }

    double feature(Batch b, int i, int j) { return j == d ? 1.0 : b.inputs()[i * (d + 1) + j]; }

    @Override double sampleLoss(double[] th, Batch b, int i, double[] grad) {
        double r = residual(th, b, i);
        if (grad != null) for (int j = 0; j <= d; j++) grad[j] += r * feature(b, i, j);
        return 0.5 * r * r;
    }

    @Override void addSampleHessian(double[] th, Batch b, int i, double w, double[][] h) {
        for (int r = 0; r <= d; r++) for (int c = 0; c <= d; c++) h[r][c] += w * feature(b, i, r) * feature(b, i, c);
    }
}
