package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.LaunchGeometry;
import flatbench.model.DenseShape;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * {@code dense.cu}: fully connected layer, W [out][in], activations [batch][features].
 * Outputs are written as α·result + β·old (old not read when β = 0).
 */
public final class DenseKernels {
    private final CudaContext cuda;
    private final CUfunction forward, backwardData, backwardWeight;

    public DenseKernels(CudaContext cuda) {
        this.cuda = cuda;
        forward = cuda.function("dense", "dense_forward_v1");
        backwardData = cuda.function("dense", "dense_backward_data_v1");
        backwardWeight = cuda.function("dense", "dense_backward_weight_v1");
    }

    /** y = α(x Wᵀ + b) + β y; bias may be null. */
    public void forward(DenseShape s, CUdeviceptr x, CUdeviceptr w, CUdeviceptr bias, CUdeviceptr y, float alpha, float beta) {
        cuda.launch(forward, LaunchGeometry.gemmGrid(s.batch(), s.out(), 1), LaunchGeometry.TILE_THREADS, x, w, bias, y, s.batch(), s.in(), s.out(), alpha, beta);
    }

    /** dx = α dy W + β dx. */
    public void backwardData(DenseShape s, CUdeviceptr dy, CUdeviceptr w, CUdeviceptr dx, float alpha, float beta) {
        cuda.launch(backwardData, LaunchGeometry.gemmGrid(s.batch(), s.in(), 1), LaunchGeometry.TILE_THREADS, dy, w, dx, s.batch(), s.in(), s.out(), alpha, beta);
    }

    /** dW = α Σ_n dy_nᵀ x_n + β dW (split-K groups with atomic adds; dW is pre-scaled here). */
    public void backwardWeight(DenseShape s, CUdeviceptr dy, CUdeviceptr x, CUdeviceptr dw, float alpha, float beta) {
        int batch = s.batch(), in = s.in(), out = s.out();
        int tiles = LaunchGeometry.ceilDiv(out, LaunchGeometry.TILE_M) * LaunchGeometry.ceilDiv(in, LaunchGeometry.TILE_N);
        int per = LaunchGeometry.samplesPerGroup(batch, tiles);
        int groups = LaunchGeometry.groups(batch, per);
        if (groups == 1) {
            cuda.launch(backwardWeight, LaunchGeometry.gemmGrid(out, in, 1), LaunchGeometry.TILE_THREADS,
                    dy, x, dw, batch, in, out, batch, 0L, alpha, beta, 0);
            return;
        }
        VectorKernels.prescale(cuda, dw, (long) out * in, beta);
        cuda.launch(backwardWeight, LaunchGeometry.gemmGrid(out, in, groups), LaunchGeometry.TILE_THREADS,
                dy, x, dw, batch, in, out, per, 0L, alpha, 1f, 1);
    }

    /** Per-sample weight gradients: row n of G (at g + n·rowStride) = α dy_nᵀ x_n, flattened [out][in]. */
    public void perSampleWeight(DenseShape s, CUdeviceptr dy, CUdeviceptr x, CUdeviceptr g, long rowStride, float alpha) {
        cuda.launch(backwardWeight, LaunchGeometry.gemmGrid(s.out(), s.in(), s.batch()), LaunchGeometry.TILE_THREADS,
                dy, x, g, s.batch(), s.in(), s.out(), 1, rowStride, alpha, 0f, 0);
    }

    public static double flops(DenseShape s) { return s.flops(); }

    public static double bytes(DenseShape s) { return 4.0 * (s.inputSize() + s.weightSize() + s.outputSize()); }
}
