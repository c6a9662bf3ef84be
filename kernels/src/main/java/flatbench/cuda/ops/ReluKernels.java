package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.LaunchGeometry;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** {@code relu.cu}. The backward pass masks by the forward output (y > 0 ⇔ z > 0). */
public final class ReluKernels {
    private final CudaContext cuda;
    private final CUfunction forward, backward;

    public ReluKernels(CudaContext cuda) {
        this.cuda = cuda;
        forward = cuda.function("relu", "relu_forward_v1");
        backward = cuda.function("relu", "relu_backward_v1");
    }

    public void forward(CUdeviceptr x, CUdeviceptr y, long n) { cuda.launch(forward, LaunchGeometry.elementGrid(n), LaunchGeometry.ELEMENT_THREADS, x, y, n); }

    /** dx (+)= [y > 0] ⊙ dy. */
    public void backward(CUdeviceptr y, CUdeviceptr dy, CUdeviceptr dx, long n, boolean accumulate) {
        cuda.launch(backward, LaunchGeometry.elementGrid(n), LaunchGeometry.ELEMENT_THREADS, y, dy, dx, n, accumulate ? 1 : 0);
    }

    public static double bytes(long n) { return 8.0 * n; }
}
