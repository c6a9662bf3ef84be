package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.LaunchGeometry;
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

    // ---- plain-Java references (direct loops, double accumulation) ----

    public static void referenceForward(ConvShape s, float[] x, float[] w, float[] bias, float[] y) {
        int ho = s.ho(), wo = s.wo(), k = s.k();
        for (int n = 0; n < s.batch(); n++)
            for (int co = 0; co < s.cout(); co++)
                for (int oh = 0; oh < ho; oh++)
                    for (int ow = 0; ow < wo; ow++) {
                        double acc = bias == null ? 0 : bias[co];
                        for (int ci = 0; ci < s.cin(); ci++)
                            for (int kh = 0; kh < k; kh++)
                                for (int kw = 0; kw < k; kw++) {
                                    int ih = oh * s.stride() - s.pad() + kh, iw = ow * s.stride() - s.pad() + kw;
                                    if (ih < 0 || ih >= s.h() || iw < 0 || iw >= s.w()) continue;
                                    acc += (double) x[((n * s.cin() + ci) * s.h() + ih) * s.w() + iw] * w[((co * s.cin() + ci) * k + kh) * k + kw];
                                }
                        y[((n * s.cout() + co) * ho + oh) * wo + ow] = (float) acc;
                    }
    }

    public static void referenceBackwardData(ConvShape s, float[] dy, float[] w, float[] dx) {
        double[] acc = new double[dx.length];
        int ho = s.ho(), wo = s.wo(), k = s.k();
        for (int n = 0; n < s.batch(); n++)
            for (int co = 0; co < s.cout(); co++)
                for (int oh = 0; oh < ho; oh++)
                    for (int ow = 0; ow < wo; ow++) {
                        double g = dy[((n * s.cout() + co) * ho + oh) * wo + ow];
                        for (int ci = 0; ci < s.cin(); ci++)
                            for (int kh = 0; kh < k; kh++)
                                for (int kw = 0; kw < k; kw++) {
                                    int ih = oh * s.stride() - s.pad() + kh, iw = ow * s.stride() - s.pad() + kw;
                                    if (ih < 0 || ih >= s.h() || iw < 0 || iw >= s.w()) continue;
                                    acc[((n * s.cin() + ci) * s.h() + ih) * s.w() + iw] += g * w[((co * s.cin() + ci) * k + kh) * k + kw];
                                }
                    }
        for (int i = 0; i < dx.length; i++) dx[i] = (float) acc[i];
    }

    /** Σ over samples [from, to) of the weight gradient, into dw at dwOff. */
    public static void referenceBackwardWeight(ConvShape s, float[] dy, float[] x, float[] dw, int dwOff, int from, int to) {
        int ho = s.ho(), wo = s.wo(), k = s.k();
        double[] acc = new double[(int) s.weightSize()];
        for (int n = from; n < to; n++)
            for (int co = 0; co < s.cout(); co++)
                for (int oh = 0; oh < ho; oh++)
                    for (int ow = 0; ow < wo; ow++) {
                        double g = dy[((n * s.cout() + co) * ho + oh) * wo + ow];
                        for (int ci = 0; ci < s.cin(); ci++)
                            for (int kh = 0; kh < k; kh++)
                                for (int kw = 0; kw < k; kw++) {
                                    int ih = oh * s.stride() - s.pad() + kh, iw = ow * s.stride() - s.pad() + kw;
                                    if (ih < 0 || ih >= s.h() || iw < 0 || iw >= s.w()) continue;
                                    acc[((co * s.cin() + ci) * k + kh) * k + kw] += g * x[((n * s.cin() + ci) * s.h() + ih) * s.w() + iw];
                                }
                    }
        for (int i = 0; i < acc.length; i++) dw[dwOff + i] = (float) acc[i];
    }

    public static double bytes(ConvShape s) { return 4.0 * (s.inputSize() + s.weightSize() + s.outputSize()); }
}
