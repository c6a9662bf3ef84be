package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.LaunchGeometry;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** {@code softmax_xent.cu}: softmax cross-entropy loss, its gradient and its R-operator. */
public final class SoftmaxXentKernels {
    private static final int THREADS = 128;
    private final CudaContext cuda;
    private final CUfunction lossGrad, rop;

    public SoftmaxXentKernels(CudaContext cuda) {
        this.cuda = cuda;
        lossGrad = cuda.function("softmax_xent", "softmax_xent_v1");
        rop = cuda.function("softmax_xent", "softmax_xent_rop_v1");
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

    public static void referenceLossAndDelta(float[] logits, int[] labels, int batch, int classes, float scale,
                                             float[] probs, float[] loss, float[] delta) {
        for (int n = 0; n < batch; n++) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) mx = Math.max(mx, logits[n * classes + c]);
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(logits[n * classes + c] - mx);
            loss[n] = (float) (Math.log(sum) - (logits[n * classes + labels[n]] - mx));
            for (int c = 0; c < classes; c++) {
                double p = Math.exp(logits[n * classes + c] - mx) / sum;
                probs[n * classes + c] = (float) p;
                delta[n * classes + c] = (float) (scale * (p - (c == labels[n] ? 1 : 0)));
            }
        }
    }

    public static void referenceRop(float[] probs, float[] rz, int batch, int classes, float scale, float[] rdelta) {
        for (int n = 0; n < batch; n++) {
            double pr = 0;
            for (int c = 0; c < classes; c++) pr += (double) probs[n * classes + c] * rz[n * classes + c];
            for (int c = 0; c < classes; c++) rdelta[n * classes + c] = (float) (scale * probs[n * classes + c] * (rz[n * classes + c] - pr));
        }
    }
}
