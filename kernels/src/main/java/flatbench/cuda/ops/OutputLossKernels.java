package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.LaunchGeometry;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** {@code output_loss.cu}: the squared and quadratic-hinge losses, their gradients and their (diagonal) R-operator. */
public final class OutputLossKernels {
    private static final int THREADS = 128;
    private final CudaContext cuda;
    private final CUfunction squared, hinge, rop;

    public OutputLossKernels(CudaContext cuda) {
        this.cuda = cuda;
        squared = cuda.function("output_loss", "squared_loss_v1");
        hinge = cuda.function("output_loss", "quadratic_hinge_v1");
        rop = cuda.function("output_loss", "diagonal_loss_rop_v1");
    }

    /** loss[n] = ½‖z_n − t_n‖², delta = scale·(z − t): t = onehot(y), or y itself on a scalar output. */
    public void squared(CUdeviceptr z, CUdeviceptr labels, int batch, int classes, float scale, CUdeviceptr loss, CUdeviceptr delta) {
        cuda.launch(squared, CudaContext.Dim.of(LaunchGeometry.ceilDiv(batch, THREADS)), THREADS, z, labels, batch, classes, scale, loss, delta);
    }

    /** Δ = 1 − y z: loss = ½ max(0, Δ)², delta = −scale·y·max(0, Δ), active = [Δ > 0]. */
    public void hinge(CUdeviceptr z, CUdeviceptr labels, int batch, float scale, CUdeviceptr loss, CUdeviceptr delta, CUdeviceptr active) {
        cuda.launch(hinge, CudaContext.Dim.of(LaunchGeometry.ceilDiv(batch, THREADS)), THREADS, z, labels, batch, scale, loss, delta, active);
    }

    /** R{δ} = scale·h ⊙ R{z} over n outputs. */
    public void rop(CUdeviceptr h, CUdeviceptr rz, long n, float scale, CUdeviceptr rdelta) {
        cuda.launch(rop, CudaContext.Dim.of(LaunchGeometry.ceilDiv(n, THREADS)), THREADS, h, rz, n, scale, rdelta);
    }
}
