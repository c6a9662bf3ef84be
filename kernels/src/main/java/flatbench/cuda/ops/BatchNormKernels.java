package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.CudaContext.Dim;
import flatbench.cuda.LaunchGeometry;
import flatbench.model.ChannelShape;
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
    public void forward(ChannelShape shape, CUdeviceptr x, CUdeviceptr gamma, CUdeviceptr beta, float s, CUdeviceptr y, boolean accumulate) {
        cuda.launch(forward, LaunchGeometry.elementGrid(shape.size()), LaunchGeometry.ELEMENT_THREADS,
                x, gamma, beta, s, y, shape.batch(), shape.channels(), shape.hw(), accumulate ? 1 : 0);
    }

    /**
     * sumXdy[c] (+)= s·Σ x·dy and sumDy[c] (+)= Σ dy over the batch. Either output (or x) may be
     * null to skip it.
     */
    public void channelSums(ChannelShape shape, CUdeviceptr x, CUdeviceptr dy, float s, CUdeviceptr sumXdy, CUdeviceptr sumDy, boolean accumulate) {
        reduce(shape, x, dy, s, sumXdy, sumDy, 0, false, accumulate);
    }

    /** The same sums per sample, sample n's at sumXdy/sumDy + n·rowStride (rows of G), overwritten. */
    public void channelRows(ChannelShape shape, CUdeviceptr x, CUdeviceptr dy, float s, CUdeviceptr sumXdy, CUdeviceptr sumDy, long rowStride) {
        reduce(shape, x, dy, s, sumXdy, sumDy, rowStride, true, false);
    }

    private void reduce(ChannelShape shape, CUdeviceptr x, CUdeviceptr dy, float s, CUdeviceptr sumXdy, CUdeviceptr sumDy, long outStride,
                        boolean perSample, boolean accumulate) {
        cuda.launch(reduce, new Dim(shape.channels(), perSample ? shape.batch() : 1, 1), REDUCE_THREADS,
                x, dy, s, sumXdy, sumDy, outStride, shape.batch(), shape.channels(), shape.hw(), perSample ? 1 : 0, accumulate ? 1 : 0);
    }

    /** Compulsory traffic of the affine pass: read x, write y. */
    public static double bytes(long elements) { return 8.0 * elements; }

    /** Two flops (multiply-add) per element for the affine pass and for each reduction. */
    public static double flops(long elements) { return 2.0 * elements; }
}
