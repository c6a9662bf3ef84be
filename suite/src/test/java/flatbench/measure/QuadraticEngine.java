package flatbench.measure;

import java.util.List;

import flatbench.engine.Batch;
import flatbench.model.Layer;
import flatbench.model.Loss;
import flatbench.model.ModelSpec;
import flatbench.model.Shape;

/** ℓᵢ = ½ (θ − xᵢ)ᵀA(θ − xᵢ): Hessian A, gᵢ = A(θ − xᵢ), so C = A Cov(x) A. */
final class QuadraticEngine extends DenseTestEngine {
    final double[][] a;

    QuadraticEngine(double[][] a) {
        // Any spec with P parameters will do: a dense layer P−1 → 1 has P weights.
        super(new ModelSpec("quadratic", Shape.vector(a.length - 1), 1, List.of(new Layer.Dense(a.length - 1, 1)), Loss.SQUARED));
        this.a = a;
    }

    @Override double sampleLoss(double[] th, Batch b, int i, double[] grad) {
        double[] d = new double[p];
        for (int t = 0; t < p; t++) d[t] = th[t] - b.inputs()[i * p + t];
        double s = 0;
        for (int r = 0; r < p; r++) {
            double ar = 0;
            for (int c = 0; c < p; c++) ar += a[r][c] * d[c];
            s += d[r] * ar;
            if (grad != null) grad[r] += ar;
        }
        return 0.5 * s;
    }

    @Override void addSampleHessian(double[] th, Batch b, int i, double w, double[][] h) {
        for (int r = 0; r < p; r++) for (int c = 0; c < p; c++) h[r][c] += w * a[r][c];
    }
}
