package flatbench.cuda.engine;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.VectorKernels;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;
import jcuda.driver.CUdeviceptr;

/**
 * Parameter-sized fp32 vectors in device memory; arithmetic runs on the device, dot products
 * and norms accumulate in double. Only {@link #fromHost} and {@link #toHost} cross the bus.
 */
public final class CudaVectorSpace implements VectorSpace {
    private final CudaContext cuda;
    private final VectorKernels vec;
    private final long n;

    public CudaVectorSpace(CudaContext cuda, VectorKernels vec, long dimension) {
        if (dimension <= 0) throw new IllegalArgumentException("vector dimension must be positive, not " + dimension);
        this.cuda = cuda;
        this.vec = vec;
        this.n = dimension;
    }

    /** A device vector; close it to return its memory to the pool. */
    public static final class CudaVec implements Vec {
        private final DeviceBuffer buffer;
        private final long length;

        CudaVec(DeviceBuffer buffer, long length) {
            this.buffer = buffer;
            this.length = length;
        }

        public long length() { return length; }

        public CUdeviceptr ptr() { return buffer.ptr(); }

        @Override public void close() { buffer.close(); }
    }

    public long dimension() { return n; }

    public CudaVec zeros() {
        CudaVec v = new CudaVec(cuda.allocFloats(n), n);
        cuda.fill(v.ptr(), 0f, n);
        return v;
    }

    public CudaVec fromHost(double[] values) {
        check(values.length);
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        CudaVec v = new CudaVec(cuda.allocFloats(n), n);
        cuda.upload(f, v.ptr());
        return v;
    }

    public double[] toHost(Vec v) {
        float[] f = cuda.download(ptr(v), n);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** The device pointer behind a vector of this space. */
    public CUdeviceptr ptr(Vec v) {
        if (!(v instanceof CudaVec c)) throw new IllegalArgumentException("not a CUDA vector: " + v.getClass().getSimpleName() + " (create vectors with engine.vectors())");
        check(c.length());
        return c.ptr();
    }

    public void assign(Vec dst, Vec src) { cuda.copy(ptr(dst), ptr(src), n); }

    public double dot(Vec a, Vec b) { return vec.dot(ptr(a), ptr(b), n); }

    public void axpy(double a, Vec x, Vec y) { vec.axpy((float) a, ptr(x), ptr(y), n); }

    public void scale(Vec v, double a) { vec.scale(ptr(v), (float) a, n); }

    public void multiplyAccumulate(Vec a, Vec b, Vec out) { vec.multiplyAccumulate(ptr(a), ptr(b), ptr(out), n); }

    @Override public void addRatio(double a, Vec x, Vec v, double epsilon, Vec y) {
        vec.addRatio((float) a, ptr(x), ptr(v), (float) epsilon, ptr(y), n);
    }

    public void fillGaussian(Vec v, long seed) { vec.fillGaussian(ptr(v), seed, n); }

    public void fillRademacher(Vec v, long seed) { vec.fillRademacher(ptr(v), seed, n); }

    private void check(long len) {
        if (len != n) throw new IllegalArgumentException("vector has " + len + " elements, space has " + n);
    }

    @Override public String toString() { return "CudaVectorSpace[" + n + "]"; }
}
