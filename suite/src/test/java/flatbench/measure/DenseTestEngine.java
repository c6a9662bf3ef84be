package flatbench.measure;

import java.util.List;

import flatbench.engine.Batch;
import flatbench.engine.Capabilities;
import flatbench.engine.Engine;
import flatbench.engine.HostVectorSpace;
import flatbench.engine.PerSampleAlgebra;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.model.ModelSpec;

/**
 * A test double: a small model whose per-sample gradients and Hessians are closed forms, with
 * the Hessian of the mean loss held densely. The models are linear in θ with convex losses, so
 * the Gauss–Newton matrix equals the Hessian.
 */
abstract class DenseTestEngine implements Engine {
    private final ModelSpec spec;
    final HostVectorSpace space;
    final int p;
    double[] theta;
    private Batch cachedBatch;
    private double[] cachedTheta;
    private double[][] cachedHessian;

    DenseTestEngine(ModelSpec spec) {
        this.spec = spec;
        this.p = (int) spec.parameterCount();
        this.space = new HostVectorSpace(p);
        this.theta = new double[p];
    }

    /** ℓᵢ at θ; adds ∇ℓᵢ into grad when grad is not null. */
    abstract double sampleLoss(double[] theta, Batch b, int i, double[] grad);

    /** h ← h + weight · ∇²ℓᵢ(θ). */
    abstract void addSampleHessian(double[] theta, Batch b, int i, double weight, double[][] h);

    /** ∇²L of the mean loss on the batch, dense. */
    double[][] hessian(Batch b) {
        if (b == cachedBatch && java.util.Arrays.equals(theta, cachedTheta)) return cachedHessian;
        double[][] h = new double[p][p];
        for (int i = 0; i < b.size(); i++) addSampleHessian(theta, b, i, 1.0 / b.size(), h);
        cachedBatch = b;
        cachedTheta = theta.clone();
        cachedHessian = h;
        return h;
    }

    @Override public String name() { return "test-dense"; }
    @Override public ModelSpec spec() { return spec; }
    @Override public Precision precision() { return Precision.FLOAT64; }
    @Override public HostVectorSpace vectors() { return space; }
    @Override public Vec parameters() { return space.fromHost(theta); }
    @Override public void setParameters(Vec v) { theta = space.toHost(v); }

    @Override public double loss(Batch b) {
        double s = 0;
        for (int i = 0; i < b.size(); i++) s += sampleLoss(theta, b, i, null);
        return s / b.size();
    }

    @Override public double lossAndGradient(Batch b, Vec gradOut) {
        double[] g = new double[p];
        double s = 0;
        for (int i = 0; i < b.size(); i++) s += sampleLoss(theta, b, i, g);
        for (int t = 0; t < p; t++) g[t] /= b.size();
        space.assign(gradOut, new HostVectorSpace.HostVec(g));
        return s / b.size();
    }

    @Override public void perSampleGradients(Batch b, flatbench.engine.RowSink sink) {
        double[] g = new double[p];
        for (int i = 0; i < b.size(); i++) {
            java.util.Arrays.fill(g, 0);
            sampleLoss(theta, b, i, g);
            sink.accept(i, g);
        }
    }

    @Override public double[][] gram(Batch b, boolean centred) { return PerSampleAlgebra.gram(this, b, centred); }
    @Override public double[][] project(Batch b, List<Vec> dirs) { return PerSampleAlgebra.project(this, b, dirs); }

    @Override public void hessianVector(Batch b, Vec v, Vec out) {
        double[][] h = hessian(b);
        double[] x = space.data(v), y = space.data(out);
        for (int i = 0; i < p; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) s += h[i][j] * x[j];
            y[i] = s;
        }
    }

    @Override public void gaussNewtonVector(Batch b, Vec v, Vec out) { hessianVector(b, v, out); }

    @Override public double[][] probabilities(Batch b) { throw new UnsupportedOperationException("not a classifier"); }

    @Override public Capabilities capabilities() { return new Capabilities("dense closed form", true, true, true, "per-sample loop"); }

    @Override public void close() {}
}
