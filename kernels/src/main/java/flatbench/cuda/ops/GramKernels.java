package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.LaunchGeometry;
import flatbench.cuda.ops.GemmKernels.Operand;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * Per-layer accumulation of the n × n noise Gram matrix K (row-major fp32 on the device):
 * explicit K += G_l G_lᵀ from a block's per-sample rows, or the ghost form for a dense layer,
 * K += (Δ Δᵀ) ⊙ (X Xᵀ), which never forms G_l ({@code gram.cu} plus {@code gemm.cu}).
 */
public final class GramKernels {
    private final CudaContext cuda;
    private final GemmKernels gemm;
    private final CUfunction hadamardAcc;

    public GramKernels(CudaContext cuda, GemmKernels gemm) {
        this.cuda = cuda;
        this.gemm = gemm;
        hadamardAcc = cuda.function("gram", "gram_hadamard_acc_v1");
    }

    /** K += G Gᵀ, G n × cols with rows {@code ld} apart. */
    public void explicit(CUdeviceptr g, int n, int cols, int ld, CUdeviceptr k) {
        gemm.addProductNT(n, n, cols, g, ld, g, ld, k, n);
    }

    /** K += (Δ Δᵀ) ⊙ (X Xᵀ) for a dense layer with per-sample output gradients Δ (n × out) and inputs X (n × in). */
    public void ghostDense(CUdeviceptr delta, int out, CUdeviceptr x, int in, int n, CUdeviceptr k) {
        try (DeviceBuffer d = cuda.allocFloats((long) n * n); DeviceBuffer a = cuda.allocFloats((long) n * n)) {
            gemm.gemm(false, true, n, n, out, 1f, Operand.of(delta, out), Operand.of(delta, out), 0f, Operand.of(d.ptr(), n), 1);
            gemm.gemm(false, true, n, n, in, 1f, Operand.of(x, in), Operand.of(x, in), 0f, Operand.of(a.ptr(), n), 1);
            hadamardAcc(d.ptr(), a.ptr(), k, (long) n * n);
        }
    }

    /** k += d ⊙ a element-wise. */
    public void hadamardAcc(CUdeviceptr d, CUdeviceptr a, CUdeviceptr k, long n2) {
        cuda.launch(hadamardAcc, LaunchGeometry.elementGrid(n2), LaunchGeometry.ELEMENT_THREADS, d, a, k, n2);
    }

    /** Explicit cost of one block: n²·cols multiply-adds; the ghost dense form costs n²·(in + out). */
    public static double flopsExplicit(long n, long cols) { return 2.0 * n * n * cols; }
}
