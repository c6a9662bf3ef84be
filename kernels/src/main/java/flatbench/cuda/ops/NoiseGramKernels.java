package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.LaunchGeometry;
import flatbench.cuda.ops.GemmKernels.Operand;
import flatbench.model.ConvShape;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * Per-layer accumulation of the n × n noise Gram matrix K (row-major fp32 on the device):
 * explicit K += G_l G_lᵀ from a block's per-sample rows, or the ghost form for a dense layer,
 * K += (Δ Δᵀ) ⊙ (X Xᵀ), which never forms G_l ({@code noise_gram.cu} plus {@code gemm.cu}).
 */
public final class NoiseGramKernels {
    private final CudaContext cuda;
    private final GemmKernels gemm;
    private final CUfunction hadamardAcc, patchGram, deltaGram, blockHadamard;

    /** Largest (B·T)² the ghost conv form may hold per matrix (two of them): 64 Mi floats, 256 MiB. */
    public static final long GHOST_CONV_MAX_PAIRS = 64L << 20;

    public NoiseGramKernels(CudaContext cuda, GemmKernels gemm) {
        this.cuda = cuda;
        this.gemm = gemm;
        hadamardAcc = cuda.function("noise_gram", "gram_hadamard_acc_v1");
        patchGram = cuda.function("noise_gram", "conv_patch_gram_v1");
        deltaGram = cuda.function("noise_gram", "conv_delta_gram_v1");
        blockHadamard = cuda.function("noise_gram", "gram_block_hadamard_v1");
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

    /**
     * True when the ghost form of a convolution's weight block is both cheaper by the reference
     * cost model and small enough to hold: small output planes (deep layers).
     */
    public static boolean ghostConvPays(ConvShape s) {
        long rows = (long) s.batch() * s.ho() * s.wo();
        return rows * rows <= GHOST_CONV_MAX_PAIRS
                && flatbench.reference.NoiseGram.preferGhost(s.batch(), s.ho() * s.wo(), s.cin(), s.cout(), s.k());
    }

    /** K += the weight part of ⟨g_i, g_j⟩ for a convolution, in ghost form (per-sample output gradients dy, inputs x). */
    public void ghostConv(ConvShape s, CUdeviceptr dy, CUdeviceptr x, CUdeviceptr k) {
        int positions = s.ho() * s.wo();
        long rows = (long) s.batch() * positions;
        if (rows * rows > GHOST_CONV_MAX_PAIRS) throw new IllegalArgumentException("ghost conv form needs " + rows + "² floats; use the explicit form");
        try (DeviceBuffer p = cuda.allocFloats(rows * rows); DeviceBuffer d = cuda.allocFloats(rows * rows)) {
            var grid = LaunchGeometry.gemmGrid(rows, rows, 1);
            cuda.launch(patchGram, grid, LaunchGeometry.TILE_THREADS, x, p, s.batch(), s.cin(), s.h(), s.w(), s.cout(), s.k(), s.stride(), s.pad(), s.ho(), s.wo());
            cuda.launch(deltaGram, grid, LaunchGeometry.TILE_THREADS, dy, d, s.batch(), s.cout(), positions);
            cuda.launch(blockHadamard, new CudaContext.Dim(s.batch(), s.batch(), 1), 256, p, d, k, s.batch(), positions);
        }
    }

    /** k += d ⊙ a element-wise. */
    public void hadamardAcc(CUdeviceptr d, CUdeviceptr a, CUdeviceptr k, long n2) {
        cuda.launch(hadamardAcc, LaunchGeometry.elementGrid(n2), LaunchGeometry.ELEMENT_THREADS, d, a, k, n2);
    }

    /** Explicit cost of one block: n²·cols multiply-adds; the ghost dense form costs n²·(in + out). */
    public static double flopsExplicit(long n, long cols) { return 2.0 * n * n * cols; }
}
