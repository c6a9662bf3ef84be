package flatbench.cuda.check;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.BatchNormKernels;
import flatbench.cuda.ops.Conv2dKernels;
import flatbench.network.ConvShape;
import flatbench.cuda.ops.DenseKernels;
import flatbench.cuda.ops.GemmKernels;
import flatbench.cuda.ops.GemmKernels.Operand;
import flatbench.cuda.ops.GramKernels;
import flatbench.cuda.ops.PoolKernels;
import flatbench.network.PoolShape;
import flatbench.cuda.ops.ReluKernels;
import flatbench.cuda.ops.SoftmaxXentKernels;
import flatbench.cuda.ops.VectorKernels;
import flatbench.reference.BatchNormInference;
import flatbench.reference.Conv2d;
import flatbench.reference.Dense;
import flatbench.reference.GlobalAvgPool;
import flatbench.reference.NoiseGram;
import flatbench.reference.PerSampleGrad;
import flatbench.reference.Pool;
import flatbench.reference.Relu;
import flatbench.reference.ResidualAdd;
import flatbench.reference.SoftmaxCrossEntropy;
import flatbench.reference.Tolerance;
import jcuda.driver.CUdeviceptr;

/**
 * Every kernel against its plain-Java reference ({@code flatbench.reference}) on fresh random
 * inputs of odd sizes, outputs poisoned with NaN before each launch so an element a kernel
 * forgets to write fails. The reference sees the very float32 inputs the kernel sees.
 * {@link EngineCheck} adds the composed engine against the reference engine.
 */
public final class SelfCheck {
    /** One kernel on one shape. maxRelErr is over elements whose expected magnitude exceeds the absolute tolerance. */
    public record Row(String kernel, String version, String shape, double maxAbsErr, double maxRelErr, boolean pass) {}

    private final CudaContext cuda;
    private final SplittableRandom rng;
    private final List<Row> rows = new ArrayList<>();

    private SelfCheck(CudaContext cuda, long seed) {
        this.cuda = cuda;
        this.rng = new SplittableRandom(seed);
    }

    /** Runs every kernel check and the engine checks; never throws for a mismatch (it becomes a failing row). */
    public static List<Row> run(CudaContext cuda, long seed) {
        SelfCheck c = new SelfCheck(cuda, seed);
        c.gemm();
        c.dense();
        c.conv(new ConvShape(3, 5, 11, 9, 7, 3, 2, 1));
        c.conv(new ConvShape(2, 3, 8, 8, 70, 1, 1, 0));
        c.elementwise();
        c.pooling();
        c.batchNorm();
        c.softmax();
        c.gram();
        c.vectors();
        c.rows.addAll(EngineCheck.run(cuda, seed));
        return List.copyOf(c.rows);
    }

    // ---- helpers ----

    private float[] random(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) (2 * rng.nextDouble() - 1);
        return f;
    }

    static double[] wide(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** A device output of n floats, poisoned with NaN. */
    private DeviceBuffer poisoned(long n) {
        DeviceBuffer b = cuda.allocFloats(n);
        cuda.fill(b.ptr(), Float.NaN, n);
        return b;
    }

    private void compare(String kernel, String shape, Tolerance tol, double[] expected, float[] actual) {
        rows.add(row(kernel, shape, tol, expected, actual));
    }

    static Row row(String kernel, String shape, Tolerance tol, double[] expected, float[] actual) {
        return row(kernel, shape, tol, expected, wide(actual));
    }

    static Row row(String kernel, String shape, Tolerance tol, double[] expected, double[] actual) {
        double maxAbs = 0, maxRel = 0;
        boolean pass = expected.length == actual.length;
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            double e = expected[i], a = actual[i];
            double err = Math.abs(a - e);
            if (Double.isNaN(a)) err = Double.POSITIVE_INFINITY;
            maxAbs = Math.max(maxAbs, err);
            if (Math.abs(e) > tol.absolute()) maxRel = Math.max(maxRel, err / Math.abs(e));
            if (!tol.accepts(e, a)) pass = false;
        }
        int us = kernel.lastIndexOf("_v");
        String name = us > 0 ? kernel.substring(0, us) : kernel;
        String version = us > 0 ? kernel.substring(us + 1) : "-";
        return new Row(name, version, shape, maxAbs, maxRel, pass);
    }

    private float[] run(long n, java.util.function.Consumer<CUdeviceptr> launch) {
        try (DeviceBuffer out = poisoned(n)) {
            launch.accept(out.ptr());
            return cuda.download(out.ptr(), n);
        }
    }

    // ---- checks ----

    private void gemm() {
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

    private void dense() {
        DenseKernels k = new DenseKernels(cuda);
        int batch = 37, in = 83, out = 29;
        String shape = batch + "×" + in + "→" + out;
        float[] x = random(batch * in), w = random(out * in), b = random(out), dy = random(batch * out);
        try (DeviceBuffer dx_ = cuda.upload(x); DeviceBuffer dw_ = cuda.upload(w); DeviceBuffer db_ = cuda.upload(b); DeviceBuffer ddy = cuda.upload(dy)) {
            double[] y = new double[batch * out];
            Dense.forward(wide(x), wide(w), wide(b), y, batch, in, out);
            compare("dense_forward_v1", shape, Dense.TOLERANCE, y, run(y.length, c -> k.forward(dx_.ptr(), dw_.ptr(), db_.ptr(), c, batch, in, out, 1f, 0f)));
            double[] dx = new double[batch * in];
            Dense.backwardData(wide(dy), wide(w), dx, batch, in, out);
            compare("dense_backward_data_v1", shape, Dense.TOLERANCE, dx, run(dx.length, c -> k.backwardData(ddy.ptr(), dw_.ptr(), c, batch, in, out, 1f, 0f)));
            double[] gw = new double[out * in], gb = new double[out];
            Dense.backwardWeight(wide(dy), wide(x), gw, gb, batch, in, out);
            compare("dense_backward_weight_v1", shape + " split-K", Dense.TOLERANCE, gw, run(gw.length, c -> k.backwardWeight(ddy.ptr(), dx_.ptr(), c, batch, in, out, 1f, 0f)));
            double[] g = new double[batch * (out * in + out)];
            PerSampleGrad.dense(wide(dy), wide(x), g, out * in + out, 0, batch, in, out, true);
            BatchNormKernels bn = new BatchNormKernels(cuda);
            long ld = (long) out * in + out;
            compare("dense_backward_weight_v1", shape + " per-sample rows + bias", PerSampleGrad.TOLERANCE, g, run(g.length, c -> {
                k.perSampleWeight(ddy.ptr(), dx_.ptr(), c, ld, batch, in, out, 1f);
                bn.channelReduce(null, ddy.ptr(), 1f, null, c.withByteOffset((long) out * in * 4), ld, batch, out, 1, true, false);
            }));
        }
    }

    private void conv(ConvShape s) {
        Conv2dKernels k = new Conv2dKernels(cuda);
        String shape = s.batch() + "×" + s.cin() + "×" + s.h() + "×" + s.w() + " →" + s.cout() + " k" + s.k() + " s" + s.stride() + " p" + s.pad();
        float[] x = random((int) s.inputSize()), w = random((int) s.weightSize()), b = random(s.cout()), dy = random((int) s.outputSize());
        int[] geo = {s.batch(), s.cin(), s.h(), s.w(), s.cout(), s.k(), s.stride(), s.pad()};
        try (DeviceBuffer dx_ = cuda.upload(x); DeviceBuffer dw_ = cuda.upload(w); DeviceBuffer db_ = cuda.upload(b); DeviceBuffer ddy = cuda.upload(dy)) {
            double[] y = new double[(int) s.outputSize()];
            Conv2d.forward(wide(x), wide(w), wide(b), y, geo[0], geo[1], geo[2], geo[3], geo[4], geo[5], geo[6], geo[7]);
            compare("conv2d_forward_v1", shape, Conv2d.TOLERANCE, y, run(y.length, c -> k.forward(s, dx_.ptr(), dw_.ptr(), db_.ptr(), c, 1f, 0f)));
            double[] dx = new double[(int) s.inputSize()];
            Conv2d.backwardData(wide(dy), wide(w), dx, geo[0], geo[1], geo[2], geo[3], geo[4], geo[5], geo[6], geo[7]);
            compare("conv2d_backward_data_v1", shape, Conv2d.TOLERANCE, dx, run(dx.length, c -> k.backwardData(s, ddy.ptr(), dw_.ptr(), c, 1f, 0f)));
            double[] gw = new double[(int) s.weightSize()];
            Conv2d.backwardWeight(wide(dy), wide(x), gw, null, geo[0], geo[1], geo[2], geo[3], geo[4], geo[5], geo[6], geo[7]);
            compare("conv2d_backward_weight_v1", shape + " split-K", Conv2d.TOLERANCE, gw, run(gw.length, c -> k.backwardWeight(s, ddy.ptr(), dx_.ptr(), c, 1f, 0f)));
            int ws = (int) s.weightSize();
            double[] g = new double[s.batch() * ws];
            PerSampleGrad.conv(wide(dy), wide(x), g, ws, 0, geo[0], geo[1], geo[2], geo[3], geo[4], geo[5], geo[6], geo[7], false);
            compare("conv2d_backward_weight_v1", shape + " per-sample rows", PerSampleGrad.TOLERANCE, g, run(g.length, c -> k.perSampleWeight(s, ddy.ptr(), dx_.ptr(), c, ws, 1f)));
        }
    }

    private void elementwise() {
        ReluKernels relu = new ReluKernels(cuda);
        VectorKernels vec = new VectorKernels(cuda);
        int n = 1031;
        float[] x = random(n), dy = random(n), other = random(n);
        double[] y = new double[n];
        Relu.forward(wide(x), y, n);
        try (DeviceBuffer dx = cuda.upload(x); DeviceBuffer ddy = cuda.upload(dy); DeviceBuffer dother = cuda.upload(other)) {
            float[] got = run(n, c -> relu.forward(dx.ptr(), c, n));
            compare("relu_forward_v1", String.valueOf(n), Relu.TOLERANCE, y, got);
            double[] g = new double[n];
            Relu.backward(wide(x), wide(dy), g, n);
            try (DeviceBuffer dyOut = cuda.upload(got)) {
                compare("relu_backward_v1", String.valueOf(n), Relu.TOLERANCE, g, run(n, c -> relu.backward(dyOut.ptr(), ddy.ptr(), c, n, false)));
            }
            double[] sum = new double[n];
            ResidualAdd.forward(wide(x), wide(other), sum, n);
            compare("add_v1", String.valueOf(n), ResidualAdd.TOLERANCE, sum, run(n, c -> vec.add(dx.ptr(), dother.ptr(), c, n)));
        }
    }

    private void pooling() {
        PoolKernels k = new PoolKernels(cuda);
        int batch = 2, ch = 3, h = 9, w = 7, kern = 3, stride = 2;
        PoolShape s = new PoolShape(batch * ch, h, w, kern, stride);
        String shape = batch + "×" + ch + "×" + h + "×" + w + " k" + kern + " s" + stride;
        float[] x = random((int) s.inputSize()), dy = random((int) s.outputSize());
        int outN = (int) s.outputSize(), inN = (int) s.inputSize();
        try (DeviceBuffer dx_ = cuda.upload(x); DeviceBuffer ddy = cuda.upload(dy); DeviceBuffer arg = cuda.alloc((long) outN * 4)) {
            double[] y = new double[outN];
            int[] argmax = new int[outN];
            Pool.maxForward(wide(x), y, argmax, batch, ch, h, w, kern, stride);
            compare("maxpool_forward_v1", shape, Pool.TOLERANCE, y, run(outN, c -> k.maxForward(s, dx_.ptr(), c, arg.ptr())));
            double[] dx = new double[inN];
            Pool.maxBackward(wide(dy), argmax, dx, batch, ch, h, w, kern, stride);
            compare("maxpool_backward_v1", shape, Pool.TOLERANCE, dx, run(inN, c -> { cuda.fill(c, 0f, inN); k.maxBackward(s, ddy.ptr(), arg.ptr(), c); }));
            double[] routed = new double[outN];
            Pool.maxRoute(wide(x), argmax, routed, outN);
            compare("maxpool_gather_v1", shape, Pool.TOLERANCE, routed, run(outN, c -> k.maxGather(s, dx_.ptr(), arg.ptr(), c)));
            double[] ya = new double[outN];
            Pool.avgForward(wide(x), ya, batch, ch, h, w, kern, stride);
            compare("avgpool_forward_v1", shape, Pool.TOLERANCE, ya, run(outN, c -> k.avgForward(s, dx_.ptr(), c)));
            double[] dxa = new double[inN];
            Pool.avgBackward(wide(dy), dxa, batch, ch, h, w, kern, stride);
            compare("avgpool_backward_v1", shape, Pool.TOLERANCE, dxa, run(inN, c -> { cuda.fill(c, 0f, inN); k.avgBackward(s, ddy.ptr(), c); }));
            int planes = batch * ch, hw = h * w;
            double[] gy = new double[planes];
            GlobalAvgPool.forward(wide(x), gy, batch, ch, hw);
            compare("global_avgpool_forward_v1", batch + "×" + ch + "×" + hw, GlobalAvgPool.TOLERANCE, gy, run(planes, c -> k.globalAvgForward(planes, hw, dx_.ptr(), c)));
            double[] gdx = new double[inN];
            GlobalAvgPool.backward(wide(dy), gdx, batch, ch, hw);
            compare("global_avgpool_backward_v1", batch + "×" + ch + "×" + hw, GlobalAvgPool.TOLERANCE, gdx,
                    run(inN, c -> { cuda.fill(c, 0f, inN); k.globalAvgBackward(planes, hw, ddy.ptr(), c); }));
        }
    }

    private void batchNorm() {
        BatchNormKernels k = new BatchNormKernels(cuda);
        int batch = 5, ch = 6, hw = 13, n = batch * ch * hw;
        float s = (float) (1 / Math.sqrt(1 + 1e-5));
        String shape = batch + "×" + ch + "×" + hw;
        float[] x = random(n), dy = random(n), gamma = random(ch), beta = random(ch);
        try (DeviceBuffer dx_ = cuda.upload(x); DeviceBuffer ddy = cuda.upload(dy); DeviceBuffer dg = cuda.upload(gamma); DeviceBuffer dbeta = cuda.upload(beta)) {
            double[] y = new double[n];
            BatchNormInference.forward(wide(x), wide(gamma), wide(beta), y, batch, ch, hw, s);
            compare("batchnorm_forward_v1", shape, BatchNormInference.TOLERANCE, y, run(n, c -> k.forward(dx_.ptr(), dg.ptr(), dbeta.ptr(), s, c, batch, ch, hw, false)));
            double[] pg = new double[2 * ch], dG = new double[ch], dB = new double[ch];
            BatchNormInference.backwardParams(wide(dy), wide(x), dG, dB, batch, ch, hw, s);
            System.arraycopy(dG, 0, pg, 0, ch);
            System.arraycopy(dB, 0, pg, ch, ch);
            compare("channel_reduce_v1", shape + " batch", BatchNormInference.TOLERANCE, pg,
                    run(2 * ch, c -> k.channelReduce(dx_.ptr(), ddy.ptr(), s, c, c.withByteOffset(ch * 4L), 0, batch, ch, hw, false, false)));
            double[] rowsExp = new double[batch * 2 * ch];
            PerSampleGrad.batchNorm(wide(dy), wide(x), rowsExp, 2 * ch, 0, batch, ch, hw, s);
            compare("channel_reduce_v1", shape + " per-sample rows", PerSampleGrad.TOLERANCE, rowsExp,
                    run(rowsExp.length, c -> k.channelReduce(dx_.ptr(), ddy.ptr(), s, c, c.withByteOffset(ch * 4L), 2L * ch, batch, ch, hw, true, false)));
        }
    }

    private void softmax() {
        SoftmaxXentKernels k = new SoftmaxXentKernels(cuda);
        int batch = 33, classes = 10;
        float[] logits = random(batch * classes), rz = random(batch * classes);
        for (int i = 0; i < logits.length; i++) logits[i] *= 4;
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = rng.nextInt(classes);
        double[] probs = new double[batch * classes], losses = new double[batch], delta = new double[batch * classes], rd = new double[batch * classes];
        SoftmaxCrossEntropy.forward(wide(logits), labels, probs, losses, batch, classes);
        SoftmaxCrossEntropy.backward(probs, labels, delta, batch, classes, 1.0 / batch);
        String shape = batch + "×" + classes;
        try (DeviceBuffer dl = cuda.upload(logits); DeviceBuffer dlab = cuda.upload(labels); DeviceBuffer p = poisoned(batch * classes);
             DeviceBuffer l = poisoned(batch); DeviceBuffer d = poisoned(batch * classes); DeviceBuffer drz = cuda.upload(rz)) {
            k.lossAndDelta(dl.ptr(), dlab.ptr(), batch, classes, 1f / batch, p.ptr(), l.ptr(), d.ptr());
            compare("softmax_xent_v1", shape + " loss", SoftmaxCrossEntropy.TOLERANCE, losses, cuda.download(l));
            compare("softmax_xent_v1", shape + " probs", SoftmaxCrossEntropy.TOLERANCE, probs, cuda.download(p));
            compare("softmax_xent_v1", shape + " delta", SoftmaxCrossEntropy.TOLERANCE, delta, cuda.download(d));
            float[] pf = cuda.download(p);
            SoftmaxCrossEntropy.rBackward(wide(pf), wide(rz), rd, batch, classes, 1.0 / batch);
            compare("softmax_xent_rop_v1", shape, SoftmaxCrossEntropy.TOLERANCE, rd, run(rd.length, c -> k.rop(p.ptr(), drz.ptr(), batch, classes, 1f / batch, c)));
        }
    }

    private void gram() {
        GemmKernels gemm = new GemmKernels(cuda);
        GramKernels k = new GramKernels(cuda, gemm);
        int n = 19, cols = 1237, in = 41, out = 13;
        float[] g = random(n * cols), delta = random(n * out), x = random(n * in);
        double[] kExp = new double[n * n];
        NoiseGram.explicit(wide(g), cols, 0, cols, kExp, n);
        try (DeviceBuffer dg = cuda.upload(g); DeviceBuffer dd = cuda.upload(delta); DeviceBuffer dx = cuda.upload(x)) {
            compare("gemm_nt_splitk_v1", "gram explicit " + n + "×" + cols, NoiseGram.TOLERANCE, kExp,
                    run((long) n * n, c -> { cuda.fill(c, 0f, (long) n * n); k.explicit(dg.ptr(), n, cols, cols, c); }));
            ConvShape cs = new ConvShape(4, 3, 5, 6, 5, 3, 2, 1);
            float[] cx = random((int) cs.inputSize()), cdy = random((int) cs.outputSize());
            double[] cg = new double[cs.batch() * cs.batch()];
            NoiseGram.ghostConv(wide(cdy), wide(cx), cg, cs.batch(), cs.cin(), cs.h(), cs.w(), cs.cout(), cs.k(), cs.stride(), cs.pad(), false);
            try (DeviceBuffer dcx = cuda.upload(cx); DeviceBuffer dcdy = cuda.upload(cdy)) {
                int b2 = cs.batch() * cs.batch();
                compare("gram_block_hadamard_v1", "ghost conv 4×3×5×6 →5 k3 s2 p1", NoiseGram.TOLERANCE, cg,
                        run(b2, c -> { cuda.fill(c, 0f, b2); k.ghostConv(cs, dcdy.ptr(), dcx.ptr(), c); }));
            }
            double[] ghost = new double[n * n];
            NoiseGram.ghostDense(wide(delta), wide(x), ghost, n, in, out, false);
            compare("gram_hadamard_acc_v1", "ghost dense " + n + "×" + in + "→" + out, NoiseGram.TOLERANCE, ghost,
                    run((long) n * n, c -> { cuda.fill(c, 0f, (long) n * n); k.ghostDense(dd.ptr(), out, dx.ptr(), in, n, c); }));
        }
    }

    private void vectors() {
        VectorKernels k = new VectorKernels(cuda);
        int n = 100_003;
        float[] a = random(n), b = random(n), y = random(n);
        Tolerance exact = new Tolerance(1e-6, 1e-6);
        try (DeviceBuffer da = cuda.upload(a); DeviceBuffer db = cuda.upload(b)) {
            double[] e = new double[n];
            for (int i = 0; i < n; i++) e[i] = y[i] + 0.75 * a[i];
            compare("axpy_v1", String.valueOf(n), exact, e, run(n, c -> { cuda.upload(y, c); k.axpy(0.75f, da.ptr(), c, n); }));
            for (int i = 0; i < n; i++) e[i] = y[i] * -1.5;
            compare("scale_v1", String.valueOf(n), exact, e, run(n, c -> { cuda.upload(y, c); k.scale(c, -1.5f, n); }));
            for (int i = 0; i < n; i++) e[i] = y[i] + (double) a[i] * b[i];
            compare("mul_acc_v1", String.valueOf(n), exact, e, run(n, c -> { cuda.upload(y, c); k.multiplyAccumulate(da.ptr(), db.ptr(), c, n); }));
            double dot = 0;
            for (int i = 0; i < n; i++) dot += (double) a[i] * b[i];
            rows.add(row("dot_partial_v1", String.valueOf(n), new Tolerance(1e-9, 1e-9), new double[] {dot}, new double[] {k.dot(da.ptr(), db.ptr(), n)}));
            long seed = rng.nextLong();
            for (int i = 0; i < n; i++) e[i] = VectorKernels.referenceGaussian(seed, i);
            compare("fill_gaussian_v1", String.valueOf(n), new Tolerance(1e-6, 1e-5), e, run(n, c -> k.fillGaussian(c, seed, n)));
            for (int i = 0; i < n; i++) e[i] = VectorKernels.referenceRademacher(seed, i);
            compare("fill_rademacher_v1", String.valueOf(n), exact, e, run(n, c -> k.fillRademacher(c, seed, n)));
        }
    }
}
