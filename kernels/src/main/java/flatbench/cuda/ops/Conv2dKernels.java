package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.LaunchGeometry;
import flatbench.model.ConvShape;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** {@code conv2d.cu}: convolution as implicit GEMM; outputs α·result + β·old (old not read when β = 0). */
public final class Conv2dKernels {
    private final CudaContext cuda;
    private final CUfunction forward, backwardData, backwardWeight;

    public Conv2dKernels(CudaContext cuda) {
        this.cuda = cuda;
        forward = cuda.function("conv2d", "conv2d_forward_v1");
        backwardData = cuda.function("conv2d", "conv2d_backward_data_v1");
        backwardWeight = cuda.function("conv2d", "conv2d_backward_weight_v1");
    }

    /** y = α(conv(x, W) + b) + β y; bias may be null. */
    public void forward(ConvShape s, CUdeviceptr x, CUdeviceptr w, CUdeviceptr bias, CUdeviceptr y, float alpha, float beta) {
        cuda.launch(forward, LaunchGeometry.gemmGrid((long) s.batch() * s.ho() * s.wo(), s.cout(), 1), LaunchGeometry.TILE_THREADS,
                x, w, bias, y, s.batch(), s.cin(), s.h(), s.w(), s.cout(), s.k(), s.stride(), s.pad(), s.ho(), s.wo(), alpha, beta);
    }

    /** dx = α convᵀ(dy, W) + β dx. */
    public void backwardData(ConvShape s, CUdeviceptr dy, CUdeviceptr w, CUdeviceptr dx, float alpha, float beta) {
        cuda.launch(backwardData, LaunchGeometry.gemmGrid((long) s.batch() * s.h() * s.w(), s.cin(), 1), LaunchGeometry.TILE_THREADS,
                dy, w, dx, s.batch(), s.cin(), s.h(), s.w(), s.cout(), s.k(), s.stride(), s.pad(), s.ho(), s.wo(), alpha, beta);
    }

    /** dW = α Σ_n dy_n ⋆ x_n + β dW, split-K over sample groups (atomic adds into a pre-scaled dW). */
    public void backwardWeight(ConvShape s, CUdeviceptr dy, CUdeviceptr x, CUdeviceptr dw, float alpha, float beta) {
        int tiles = LaunchGeometry.ceilDiv(s.cout(), LaunchGeometry.TILE_M) * LaunchGeometry.ceilDiv(s.patch(), LaunchGeometry.TILE_N);
        int per = LaunchGeometry.samplesPerGroup(s.batch(), tiles);
        int groups = LaunchGeometry.groups(s.batch(), per);
        if (groups == 1) {
            launchWeight(s, dy, x, dw, s.batch(), 1, 0L, alpha, beta, 0);
            return;
        }
        VectorKernels.prescale(cuda, dw, s.weightSize(), beta);
        launchWeight(s, dy, x, dw, per, groups, 0L, alpha, 1f, 1);
    }

    /** Per-sample weight gradients: row n of G (at g + n·rowStride) = α dy_n ⋆ x_n, flattened [cout][cin][k][k]. */
    public void perSampleWeight(ConvShape s, CUdeviceptr dy, CUdeviceptr x, CUdeviceptr g, long rowStride, float alpha) {
        launchWeight(s, dy, x, g, 1, s.batch(), rowStride, alpha, 0f, 0);
    }

    private void launchWeight(ConvShape s, CUdeviceptr dy, CUdeviceptr x, CUdeviceptr dw, int per, int groups, long stride,
                              float alpha, float beta, int atomic) {
        cuda.launch(backwardWeight, LaunchGeometry.gemmGrid(s.cout(), s.patch(), groups), LaunchGeometry.TILE_THREADS,
                dy, x, dw, s.batch(), s.cin(), s.h(), s.w(), s.cout(), s.k(), s.stride(), s.pad(), s.ho(), s.wo(),
                per, stride, alpha, beta, atomic);
    }


    public static double bytes(ConvShape s) { return 4.0 * (s.inputSize() + s.weightSize() + s.outputSize()); }
}
