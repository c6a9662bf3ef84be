package flatbench.cpu;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.bytedeco.openblas.presets.openblas_nolapack.SetNumThreads;

/**
 * OpenBLAS through its JavaCPP preset — the same library ND4J loads, so a process holds one
 * copy. Row-major GEMM on direct buffers (a buffer's position is its first element); heap arrays
 * would be copied in and out on every call. OpenBLAS runs single-threaded here: the engine
 * parallelises over samples itself, and two thread pools on the same cores only fight.
 */
final class Blas {
    private Blas() {}

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    /** Null when OpenBLAS loads here, otherwise why not. */
    static String unavailableReason() {
        try {
            Loader.load(openblas_nolapack.class);
            return null;
        } catch (Throwable e) {
            return "OpenBLAS (org.bytedeco:openblas) could not be loaded (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }

    /**
     * openblas_set_num_threads, looked up once: the preset's own blas_set_num_threads searches the
     * library for four symbols on every call, which cost more than a small GEMM.
     */
    private static final class ThreadSetting {
        static final SetNumThreads SET = resolve();

        private static SetNumThreads resolve() {
            Loader.load(openblas_nolapack.class);
            Pointer f = Loader.addressof("openblas_set_num_threads");
            if (f == null) return null;
            try {
                // The allocating constructor is protected (the preset calls it from its own package).
                var c = SetNumThreads.class.getDeclaredConstructor();
                c.setAccessible(true);
                return c.newInstance().put(f);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * One OpenBLAS thread per call. The setting is process-wide (ND4J sets its own when it
     * initialises), so the engine asserts it before each parallel region; that costs one call.
     */
    static void singleThreaded() {
        if (ThreadSetting.SET != null) ThreadSetting.SET.call(1);
        else org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
    }

    /** C ← α op(A) op(B) + β C, row-major; op(A) is m × k, op(B) k × n. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, int lda, Buffer b, int ldb,
                     double beta, Buffer c, int ldc) {
        if (m == 0 || n == 0) return;
        int ta = transA ? TRANS : NO_TRANS, tb = transB ? TRANS : NO_TRANS;
        if (c instanceof DoubleBuffer cd) {
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, alpha, (DoubleBuffer) a, lda, (DoubleBuffer) b, ldb, beta, cd, ldc);
        } else {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, (float) alpha, (FloatBuffer) a, lda, (FloatBuffer) b, ldb, (float) beta,
                    (FloatBuffer) c, ldc);
        }
    }
}
