package flatbench.cuda.check;

import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.GemmKernels;
import flatbench.cuda.ops.GemmKernels.Operand;
import flatbench.reference.Dense;
import flatbench.reference.NoiseGram;

/** {@code gemm.cu} through {@code GemmKernels} against GemmKernels.reference (the binding's own loop). */
final class GemmCheck extends BindingCheck {
    GemmCheck(CudaContext cuda, SplittableRandom rng) { super(cuda, rng); }

    @Override String module() { return "gemm"; }

    @Override List<String> entryPoints() { return List.of("gemm_v1", "gemm_nt_splitk_v1"); }

    @Override void check() {
        GemmKernels k = new GemmKernels(cuda);
        int m = 67, n = 45, kk = 33, batch = 2;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            float[] a = random(batch * m * kk), b = random(batch * kk * n);
            int lda = ta ? m : kk, ldb = tb ? kk : n;
            double[] expected = new double[batch * m * n];
            float[] tmp = new float[m * n];
            for (int q = 0; q < batch; q++) {
                GemmKernels.reference(ta, tb, m, n, kk, 0.5f, a, q * m * kk, lda, b, q * kk * n, ldb, 0f, tmp, 0, n);
                for (int i = 0; i < m * n; i++) expected[q * m * n + i] = tmp[i];
            }
            try (DeviceBuffer da = cuda.upload(a); DeviceBuffer db = cuda.upload(b)) {
                float[] got = run((long) batch * m * n, c -> k.gemm(ta, tb, m, n, kk, 0.5f, new Operand(da.ptr(), lda, (long) m * kk),
                        new Operand(db.ptr(), ldb, (long) kk * n), 0f, new Operand(c, n, (long) m * n), batch));
                compare("gemm_v1", "tA=" + ta + " tB=" + tb + " " + batch + "×" + m + "×" + n + "×" + kk, Dense.TOLERANCE, expected, got);
            }
        }
        int m2 = 5, n2 = 7, k2 = 3001;
        float[] a = random(m2 * k2), b = random(n2 * k2);
        float[] tmp = new float[m2 * n2];
        GemmKernels.reference(false, true, m2, n2, k2, 1f, a, 0, k2, b, 0, k2, 0f, tmp, 0, n2);
        try (DeviceBuffer da = cuda.upload(a); DeviceBuffer db = cuda.upload(b); DeviceBuffer c = cuda.allocFloats(m2 * n2)) {
            cuda.fill(c.ptr(), 0f, m2 * n2);
            k.addProductNT(m2, n2, k2, da.ptr(), k2, db.ptr(), k2, c.ptr(), n2);
            compare("gemm_nt_splitk_v1", m2 + "×" + n2 + "×" + k2, NoiseGram.TOLERANCE, wide(tmp), cuda.download(c));
        }
    }
}
