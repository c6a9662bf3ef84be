package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.LaunchGeometry;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * Batched strided SGEMM of {@code gemm.cu}: C[b] = α op(A[b]) op(B[b]) + β C[b], row-major,
 * op(A) M × K, op(B) K × N. C is not read when β = 0.
 */
public final class GemmKernels {
    private final CudaContext cuda;
    private final CUfunction gemm, splitK;

    public GemmKernels(CudaContext cuda) {
        this.cuda = cuda;
        this.gemm = cuda.function("gemm", "gemm_v1");
        this.splitK = cuda.function("gemm", "gemm_nt_splitk_v1");
    }

    /** Matrix operands: pointer, leading dimension, batch stride (elements). */
    public record Operand(CUdeviceptr ptr, int ld, long batchStride) {
        public static Operand of(CUdeviceptr ptr, int ld) { return new Operand(ptr, ld, 0); }
    }

    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Operand a, Operand b,
                     float beta, Operand c, int batch) {
        if (m <= 0 || n <= 0 || k <= 0 || batch <= 0) throw new IllegalArgumentException("empty GEMM " + m + "×" + n + "×" + k);
        cuda.launch(gemm, LaunchGeometry.gemmGrid(m, n, batch), LaunchGeometry.TILE_THREADS,
                transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha,
                a.ptr(), a.ld(), a.batchStride(), b.ptr(), b.ld(), b.batchStride(),
                beta, c.ptr(), c.ld(), c.batchStride());
    }

    /**
     * C (m × n, row-major, ldc) += A Bᵀ with A m × k and B n × k (rows lda / ldb apart), split
     * over k with atomic adds so a tiny m, n with a huge k still fills the device.
     */
    public void addProductNT(int m, int n, long k, CUdeviceptr a, long lda, CUdeviceptr b, long ldb, CUdeviceptr c, int ldc) {
        if (k > Integer.MAX_VALUE) throw new IllegalArgumentException("reduction of " + k + " too long for one launch");
        int chunk = LaunchGeometry.splitChunk(m, n, (int) k);
        var grid = LaunchGeometry.gemmGrid(m, n, LaunchGeometry.ceilDiv(k, chunk));
        cuda.launch(splitK, grid, LaunchGeometry.TILE_THREADS, a, lda, b, ldb, c, ldc, m, n, (int) k, chunk);
    }

    /** The same product on host arrays (double accumulation), one batch entry at the given offsets. */
    public static void reference(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int q = 0; q < k; q++) {
                    float x = transA ? a[aOff + q * lda + i] : a[aOff + i * lda + q];
                    float y = transB ? b[bOff + j * ldb + q] : b[bOff + q * ldb + j];
                    s += (double) x * y;
                }
                int at = cOff + i * ldc + j;
                c[at] = (float) (alpha * s + (beta == 0 ? 0 : beta * c[at]));
            }
        }
    }

    public static double flops(long m, long n, long k, long batch) { return 2.0 * m * n * k * batch; }

    /** Compulsory traffic: read A and B once, write C once (β = 0). */
    public static double bytes(long m, long n, long k, long batch) { return 4.0 * batch * (m * k + k * n + m * n); }
}
