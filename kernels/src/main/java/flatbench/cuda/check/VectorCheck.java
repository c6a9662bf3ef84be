package flatbench.cuda.check;

import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.VectorKernels;
import flatbench.reference.ResidualAdd;
import flatbench.reference.Tolerance;

/** {@code vector.cu} through {@code VectorKernels} against VectorKernels' own reference draws, ResidualAdd, and plain loops. */
final class VectorCheck extends BindingCheck {
    VectorCheck(CudaContext cuda, SplittableRandom rng) { super(cuda, rng); }

    @Override String module() { return "vector"; }

    @Override List<String> entryPoints() { return List.of("scale_v1", "axpy_v1", "mul_acc_v1", "add_ratio_v1", "add_v1", "dot_partial_v1", "fill_gaussian_v1", "fill_rademacher_v1"); }

    @Override void check() {
        VectorKernels k = new VectorKernels(cuda);
        int n = 100_003;
        float[] a = random(n), b = random(n), y = random(n);
        Tolerance exact = new Tolerance(1e-6, 1e-6);
        try (DeviceBuffer da = cuda.upload(a); DeviceBuffer db = cuda.upload(b)) {
            double[] e = new double[n];
            for (int i = 0; i < n; i++) e[i] = y[i] + 0.75 * a[i];
            compare("axpy_v1", String.valueOf(n), exact, e, run(n, c -> { cuda.upload(y, c); k.axpy(0.75f, da.ptr(), c, n); }));
            for (int i = 0; i < n; i++) e[i] = y[i] * -1.5;
            compare("scale_v1", String.valueOf(n), exact, e, run(n, c -> { cuda.upload(y, c); k.scale(c, -1.5f, n); }));
            for (int i = 0; i < n; i++) e[i] = y[i] + (double) a[i] * b[i];
            compare("mul_acc_v1", String.valueOf(n), exact, e, run(n, c -> { cuda.upload(y, c); k.multiplyAccumulate(da.ptr(), db.ptr(), c, n); }));
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = b[i] * b[i];
            try (DeviceBuffer dv = cuda.upload(v)) {
                for (int i = 0; i < n; i++) e[i] = y[i] - 0.01 * a[i] / (Math.sqrt(v[i]) + 1e-3);
                compare("add_ratio_v1", String.valueOf(n), new Tolerance(1e-5, 1e-5), e,
                        run(n, c -> { cuda.upload(y, c); k.addRatio(-0.01f, da.ptr(), dv.ptr(), 1e-3f, c, n); }));
            }
            double[] sum = new double[n];
            ResidualAdd.forward(wide(a), wide(b), sum, n);
            compare("add_v1", String.valueOf(n), ResidualAdd.TOLERANCE, sum, run(n, c -> k.add(da.ptr(), db.ptr(), c, n)));
            double dot = 0;
            for (int i = 0; i < n; i++) dot += (double) a[i] * b[i];
            compare("dot_partial_v1", String.valueOf(n), new Tolerance(1e-9, 1e-9), new double[] {dot}, new double[] {k.dot(da.ptr(), db.ptr(), n)});
            long seed = rng.nextLong();
            for (int i = 0; i < n; i++) e[i] = VectorKernels.referenceGaussian(seed, i);
            compare("fill_gaussian_v1", String.valueOf(n), new Tolerance(1e-6, 1e-5), e, run(n, c -> k.fillGaussian(c, seed, n)));
            for (int i = 0; i < n; i++) e[i] = VectorKernels.referenceRademacher(seed, i);
            compare("fill_rademacher_v1", String.valueOf(n), exact, e, run(n, c -> k.fillRademacher(c, seed, n)));
        }
    }
}
