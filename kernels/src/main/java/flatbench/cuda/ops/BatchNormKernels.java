package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.CudaContext.Dim;
import flatbench.cuda.LaunchGeometry;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * {@code batch_norm.cu}: inference-form batch norm y = γ_c·s·x + β_c, and the per-channel
 * reductions behind every bias-like gradient (bias, batch-norm scale and shift), summed over
 * the batch or written per sample as rows of G.
 */
public final class BatchNormKernels {
    private static final int REDUCE_THREADS = 256;
    private final CudaContext cuda;
    private final CUfunction forward, reduce;

    public BatchNormKernels(CudaContext cuda) {
        this.cuda = cuda;
        forward = cuda.function("batch_norm", "batchnorm_forward_v1");
        reduce = cuda.function("batch_norm", "channel_reduce_v1");
    }

    /** y (+)= γ s x + β; β may be null. With β null and accumulate this is also the data backward pass. */
    public void forward(CUdeviceptr x, CUdeviceptr gamma, CUdeviceptr beta, float s, CUdeviceptr y, int batch, int channels, int hw, boolean accumulate) {
        long n = (long) batch * channels * hw;
        cuda.launch(forward, LaunchGeometry.elementGrid(n), LaunchGeometry.ELEMENT_THREADS, x, gamma, beta, s, y, batch, channels, hw, accumulate ? 1 : 0);
    }

    /**
     * sumXdy[c] (+)= s·Σ x·dy and sumDy[c] (+)= Σ dy over the batch, or per sample at
     * out + n·outStride when perSample. Either output (or x) may be null to skip it.
     */
    public void channelReduce(CUdeviceptr x, CUdeviceptr dy, float s, CUdeviceptr sumXdy, CUdeviceptr sumDy, long outStride,
                              int batch, int channels, int hw, boolean perSample, boolean accumulate) {
        cuda.launch(reduce, new Dim(channels, perSample ? batch : 1, 1), REDUCE_THREADS,
                x, dy, s, sumXdy, sumDy, outStride, batch, channels, hw, perSample ? 1 : 0, accumulate ? 1 : 0);
    }

    /** Compulsory traffic of the affine pass: read x, write y. */
    public static double bytes(long elements) { return 8.0 * elements; }

    /** Two flops (multiply-add) per element for the affine pass and for each reduction. */
    public static double flops(long elements) { return 2.0 * elements; }
}
