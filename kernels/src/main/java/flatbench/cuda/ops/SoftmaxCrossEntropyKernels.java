package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.LaunchGeometry;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** {@code softmax_cross_entropy.cu}: softmax cross-entropy loss, its gradient and its R-operator. */
public final class SoftmaxCrossEntropyKernels {
    private static final int THREADS = 128;
    private final CudaContext cuda;
    private final CUfunction lossGrad, rop;

    public SoftmaxCrossEntropyKernels(CudaContext cuda) {
        this.cuda = cuda;
        lossGrad = cuda.function("softmax_cross_entropy", "softmax_xent_v1");
        rop = cuda.function("softmax_cross_entropy", "softmax_xent_rop_v1");
    }

    /** loss[n] = −log p_{n,y}; probs and delta = scale·(p − onehot) when non-null. */
    public void lossAndDelta(CUdeviceptr logits, CUdeviceptr labels, int batch, int classes, float scale,
                             CUdeviceptr probs, CUdeviceptr loss, CUdeviceptr delta) {
        cuda.launch(lossGrad, CudaContext.Dim.of(LaunchGeometry.ceilDiv(batch, THREADS)), THREADS, logits, labels, batch, classes, scale, probs, loss, delta);
    }

    /** R{δ} = scale·(p ⊙ R{z} − p (pᵀR{z})). */
    public void rop(CUdeviceptr probs, CUdeviceptr rz, int batch, int classes, float scale, CUdeviceptr rdelta) {
        cuda.launch(rop, CudaContext.Dim.of(LaunchGeometry.ceilDiv(batch, THREADS)), THREADS, probs, rz, batch, classes, scale, rdelta);
    }

    /** Compulsory traffic of the loss pass: read logits, write probabilities and deltas. */
    public static double bytes(long batch, long classes) { return 12.0 * batch * classes + 8.0 * batch; }
}
