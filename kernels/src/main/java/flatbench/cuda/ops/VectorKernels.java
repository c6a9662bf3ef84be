package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.CudaContext.Dim;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.LaunchGeometry;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** {@code vector.cu}: fp32 vector arithmetic with double-accumulated dot products. */
public final class VectorKernels {
    private final CudaContext cuda;
    private final CUfunction scale, axpy, mulAcc, addRatio, add, dotPartial, gaussian, rademacher;

    public VectorKernels(CudaContext cuda) {
        this.cuda = cuda;
        scale = cuda.function("vector", "scale_v1");
        axpy = cuda.function("vector", "axpy_v1");
        mulAcc = cuda.function("vector", "mul_acc_v1");
        addRatio = cuda.function("vector", "add_ratio_v1");
        add = cuda.function("vector", "add_v1");
        dotPartial = cuda.function("vector", "dot_partial_v1");
        gaussian = cuda.function("vector", "fill_gaussian_v1");
        rademacher = cuda.function("vector", "fill_rademacher_v1");
    }

    private Dim grid(long n) { return LaunchGeometry.elementGrid(n); }

    public void scale(CUdeviceptr x, float a, long n) { cuda.launch(scale, grid(n), LaunchGeometry.ELEMENT_THREADS, x, a, n); }

    /** y ← y + a·x. */
    public void axpy(float a, CUdeviceptr x, CUdeviceptr y, long n) { cuda.launch(axpy, grid(n), LaunchGeometry.ELEMENT_THREADS, a, x, y, n); }

    /** out ← out + a ⊙ b. */
    public void multiplyAccumulate(CUdeviceptr a, CUdeviceptr b, CUdeviceptr out, long n) {
        cuda.launch(mulAcc, grid(n), LaunchGeometry.ELEMENT_THREADS, a, b, out, n);
    }

    /** y ← y + a · x ⊘ (√v + ε) (Adam's step). */
    public void addRatio(float a, CUdeviceptr x, CUdeviceptr v, float eps, CUdeviceptr y, long n) {
        cuda.launch(addRatio, grid(n), LaunchGeometry.ELEMENT_THREADS, a, x, v, eps, y, n);
    }

    /** out ← a + b (out may alias a or b). */
    public void add(CUdeviceptr a, CUdeviceptr b, CUdeviceptr out, long n) { cuda.launch(add, grid(n), LaunchGeometry.ELEMENT_THREADS, a, b, out, n); }

    /** Σ a_i b_i, accumulated in double on the device; partial sums are added on the host. */
    public double dot(CUdeviceptr a, CUdeviceptr b, long n) {
        Dim g = grid(n);
        try (DeviceBuffer partial = cuda.alloc((long) g.x() * 8)) {
            cuda.launch(dotPartial, g, LaunchGeometry.ELEMENT_THREADS, a, b, partial, n);
            double s = 0;
            for (double p : cuda.downloadDoubles(partial.ptr(), g.x())) s += p;
            return s;
        }
    }

    public void fillGaussian(CUdeviceptr x, long seed, long n) { cuda.launch(gaussian, grid(n), LaunchGeometry.ELEMENT_THREADS, x, seed, n); }

    public void fillRademacher(CUdeviceptr x, long seed, long n) { cuda.launch(rademacher, grid(n), LaunchGeometry.ELEMENT_THREADS, x, seed, n); }

    /** x ← β·x before atomic accumulation: zero-fill for β = 0 (never reading poison), nothing for β = 1. */
    static void prescale(CudaContext cuda, CUdeviceptr x, long n, float beta) {
        if (beta == 0f) cuda.fill(x, 0f, n);
        else if (beta != 1f) cuda.launch(cuda.function("vector", "scale_v1"), LaunchGeometry.elementGrid(n), LaunchGeometry.ELEMENT_THREADS, x, beta, n);
    }

    // ---- the counter-based generator, mirrored on the host so fills are checkable ----

    static long splitmix64(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static double uniform(long seed, long counter) {
        return ((splitmix64(seed ^ splitmix64(counter)) >>> 11) + 1.0) * (1.0 / 9007199254740992.0);
    }

    /** Element i of {@code fill_gaussian_v1} for this seed. */
    public static double referenceGaussian(long seed, long i) {
        double u1 = uniform(seed, 2 * i), u2 = uniform(seed, 2 * i + 1);
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Element i of {@code fill_rademacher_v1} for this seed. */
    public static double referenceRademacher(long seed, long i) {
        return (splitmix64(seed ^ splitmix64(i)) >>> 63) != 0 ? 1.0 : -1.0;
    }

    /** Compulsory traffic of axpy over n elements: read x and y, write y. */
    public static double axpyBytes(long n) { return 12.0 * n; }

    /** Compulsory traffic of a dot product over n elements: read both vectors. */
    public static double dotBytes(long n) { return 8.0 * n; }
}
