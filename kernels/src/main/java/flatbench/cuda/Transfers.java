package flatbench.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD2D32Async;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

/**
 * Copies between host and device, and fills, on one stream. A host transfer synchronises the
 * stream first, so what reaches the host is always complete; device-side copies and fills are queued.
 */
final class Transfers {
    private final CUstream stream;

    Transfers(CUstream stream) { this.stream = stream; }

    private void synchronize() { CudaDriver.check(cuStreamSynchronize(stream), "running kernels"); }

    void upload(int[] host, CUdeviceptr dst) {
        synchronize();
        CudaDriver.check(cuMemcpyHtoD(dst, Pointer.to(host), (long) host.length * 4), "copying to the device");
    }

    void upload(float[] host, CUdeviceptr dst) {
        synchronize();
        CudaDriver.check(cuMemcpyHtoD(dst, Pointer.to(host), (long) host.length * 4), "copying to the device");
    }

    float[] download(CUdeviceptr src, long n) {
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("cannot download " + n + " floats into one host array");
        float[] out = new float[(int) n];
        synchronize();
        CudaDriver.check(cuMemcpyDtoH(Pointer.to(out), src, n * 4), "copying from the device");
        return out;
    }

    double[] downloadDoubles(CUdeviceptr src, int n) {
        double[] out = new double[n];
        synchronize();
        CudaDriver.check(cuMemcpyDtoH(Pointer.to(out), src, (long) n * 8), "copying from the device");
        return out;
    }

    void copy(CUdeviceptr dst, CUdeviceptr src, long floats) {
        CudaDriver.check(cuMemcpyDtoDAsync(dst, src, floats * 4, stream), "copying on the device");
    }

    void fill(CUdeviceptr dst, float value, long n) {
        CudaDriver.check(cuMemsetD32Async(dst, Float.floatToRawIntBits(value), n, stream), "filling device memory");
    }

    void fill2d(CUdeviceptr dst, long pitch, float value, long cols, long rows) {
        CudaDriver.check(cuMemsetD2D32Async(dst, pitch * 4, Float.floatToRawIntBits(value), cols, rows, stream), "filling device memory");
    }
}
