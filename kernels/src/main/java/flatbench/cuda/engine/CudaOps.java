package flatbench.cuda.engine;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.model.ChannelShape;
import flatbench.model.ConvShape;
import flatbench.model.DenseShape;
import flatbench.model.PoolShape;
import flatbench.network.Ops;
import flatbench.network.ParamForm;
import jcuda.driver.CUdeviceptr;

/**
 * The {@link Ops} of the CUDA engine: each operation one or two launches of this project's
 * kernels (fp32, on the context's stream). Buffers are device pointers from the context's pool.
 */
final class CudaOps implements Ops<CUdeviceptr> {
    private final CudaContext cuda;
    private final Kernels k;
    private final Map<CUdeviceptr, DeviceBuffer> owned = new IdentityHashMap<>();

    CudaOps(CudaContext cuda, Kernels kernels) {
        this.cuda = cuda;
        this.k = kernels;
    }

    private static float f(double v) { return (float) v; }

    private static float beta(boolean accumulate) { return accumulate ? 1f : 0f; }

    @Override public CUdeviceptr allocate(long n) {
        DeviceBuffer b = cuda.allocFloats(n);
        cuda.fill(b.ptr(), 0f, n);
        owned.put(b.ptr(), b);
        return b.ptr();
    }

    @Override public CUdeviceptr allocateIndices(long n) { return allocate(n); }

    @Override public void free(CUdeviceptr buffer) {
        DeviceBuffer b = owned.remove(buffer);
        if (b != null) b.close();
    }

    @Override public CUdeviceptr at(CUdeviceptr base, long offset) { return base.withByteOffset(offset * 4); }

    @Override public void loadInputs(float[] inputs, int from, int count, int sampleSize, CUdeviceptr dst) {
        int a = from * sampleSize, b = a + count * sampleSize;
        cuda.upload(a == 0 && b == inputs.length ? inputs : Arrays.copyOfRange(inputs, a, b), dst);
    }

    @Override public void loadLabels(int[] labels, int from, int count, CUdeviceptr dst) {
        cuda.upload(from == 0 && count == labels.length ? labels : Arrays.copyOfRange(labels, from, from + count), dst);
    }

    @Override public void load(double[] src, int offset, int n, CUdeviceptr dst) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) src[offset + i];
        cuda.upload(f, dst);
    }

    @Override public void store(CUdeviceptr src, int n, double[] dst, int offset) {
        float[] f = cuda.download(src, n);
        for (int i = 0; i < n; i++) dst[offset + i] = f[i];
    }

    @Override public void fill(CUdeviceptr x, double value, long n) { cuda.fill(x, f(value), n); }

    @Override public void copy(CUdeviceptr src, CUdeviceptr dst, long n) { cuda.copy(dst, src, n); }

    @Override public void add(CUdeviceptr a, CUdeviceptr b, CUdeviceptr y, long n) { k.vec().add(a, b, y, n); }

    @Override public void axpy(double a, CUdeviceptr x, CUdeviceptr y, long n) { k.vec().axpy(f(a), x, y, n); }

    @Override public void denseForward(DenseShape s, CUdeviceptr x, CUdeviceptr w, CUdeviceptr bias, CUdeviceptr y, boolean accumulate) {
        k.dense().forward(s, x, w, bias, y, 1f, beta(accumulate));
    }

    @Override public void denseBackwardData(DenseShape s, CUdeviceptr dy, CUdeviceptr w, CUdeviceptr dx, boolean accumulate) {
        k.dense().backwardData(s, dy, w, dx, 1f, beta(accumulate));
    }

    @Override public void convForward(ConvShape s, CUdeviceptr x, CUdeviceptr w, CUdeviceptr bias, CUdeviceptr y, boolean accumulate) {
        k.conv().forward(s, x, w, bias, y, 1f, beta(accumulate));
    }

    @Override public void convBackwardData(ConvShape s, CUdeviceptr dy, CUdeviceptr w, CUdeviceptr dx, boolean accumulate) {
        k.conv().backwardData(s, dy, w, dx, 1f, beta(accumulate));
    }

    @Override public void reduce(ParamForm<CUdeviceptr> form, CUdeviceptr dst, boolean accumulate) {
        if (form instanceof ParamForm.Outer<CUdeviceptr> o) {
            k.dense().backwardWeight(o.shape(), o.dy(), o.x(), dst, 1f, beta(accumulate));
        } else if (form instanceof ParamForm.ConvOuter<CUdeviceptr> c) {
            k.conv().backwardWeight(c.shape(), c.dy(), c.x(), dst, 1f, beta(accumulate));
        } else if (form instanceof ParamForm.ChannelSum<CUdeviceptr> s) {
            checkScalable(s);
            k.bn().channelSums(s.shape(), s.x(), s.dy(), f(s.scale()), s.x() != null ? dst : null, s.x() == null ? dst : null, accumulate);
        }
    }

    @Override public void perSample(ParamForm<CUdeviceptr> form, CUdeviceptr rows, long ld) {
        if (form instanceof ParamForm.Outer<CUdeviceptr> o) {
            k.dense().perSampleWeight(o.shape(), o.dy(), o.x(), rows, ld, 1f);
        } else if (form instanceof ParamForm.ConvOuter<CUdeviceptr> c) {
            k.conv().perSampleWeight(c.shape(), c.dy(), c.x(), rows, ld, 1f);
        } else if (form instanceof ParamForm.ChannelSum<CUdeviceptr> s) {
            checkScalable(s);
            k.bn().channelRows(s.shape(), s.x(), s.dy(), f(s.scale()), s.x() != null ? rows : null, s.x() == null ? rows : null, ld);
        }
    }

    /** channel_reduce writes s·Σ x·dy into its first output, or Σ dy (unscaled) into its second when x is absent. */
    private static void checkScalable(ParamForm.ChannelSum<CUdeviceptr> s) {
        if (s.x() == null && s.scale() != 1) throw new IllegalArgumentException("the channel-sum kernel does not scale a plain sum");
    }

    @Override public void reluForward(CUdeviceptr x, CUdeviceptr y, long n) { k.relu().forward(x, y, n); }

    @Override public void reluBackward(CUdeviceptr y, CUdeviceptr dy, CUdeviceptr dx, long n, boolean accumulate) {
        k.relu().backward(y, dy, dx, n, accumulate);
    }

    /** The pooling backward kernels add into dx; an overwrite clears it first. */
    private void clearUnless(boolean accumulate, CUdeviceptr dx, long n) {
        if (!accumulate) cuda.fill(dx, 0f, n);
    }

    @Override public void maxPoolForward(PoolShape s, CUdeviceptr x, CUdeviceptr y, CUdeviceptr argmax) { k.pool().maxForward(s, x, y, argmax); }

    @Override public void maxPoolBackward(PoolShape s, CUdeviceptr dy, CUdeviceptr argmax, CUdeviceptr dx, boolean accumulate) {
        clearUnless(accumulate, dx, s.inputSize());
        k.pool().maxBackward(s, dy, argmax, dx);
    }

    @Override public void maxPoolGather(PoolShape s, CUdeviceptr x, CUdeviceptr argmax, CUdeviceptr y) { k.pool().maxGather(s, x, argmax, y); }

    @Override public void avgPoolForward(PoolShape s, CUdeviceptr x, CUdeviceptr y) { k.pool().avgForward(s, x, y); }

    @Override public void avgPoolBackward(PoolShape s, CUdeviceptr dy, CUdeviceptr dx, boolean accumulate) {
        clearUnless(accumulate, dx, s.inputSize());
        k.pool().avgBackward(s, dy, dx);
    }

    @Override public void globalAvgPoolForward(int planes, int hw, CUdeviceptr x, CUdeviceptr y) { k.pool().globalAvgForward(planes, hw, x, y); }

    @Override public void globalAvgPoolBackward(int planes, int hw, CUdeviceptr dy, CUdeviceptr dx, boolean accumulate) {
        clearUnless(accumulate, dx, (long) planes * hw);
        k.pool().globalAvgBackward(planes, hw, dy, dx);
    }

    @Override public void channelAffine(ChannelShape shape, CUdeviceptr x, CUdeviceptr gamma, CUdeviceptr beta, double s, CUdeviceptr y,
                                        boolean accumulate) {
        k.bn().forward(shape, x, gamma, beta, f(s), y, accumulate);
    }

    @Override public void softmaxXent(CUdeviceptr logits, CUdeviceptr labels, int batch, int classes, double scale,
                                      CUdeviceptr probs, CUdeviceptr losses, CUdeviceptr delta) {
        k.xent().lossAndDelta(logits, labels, batch, classes, f(scale), probs, losses, delta);
    }

    @Override public void softmaxXentR(CUdeviceptr probs, CUdeviceptr rz, int batch, int classes, double scale, CUdeviceptr rdelta) {
        k.xent().rop(probs, rz, batch, classes, f(scale), rdelta);
    }

    @Override public void squaredLoss(CUdeviceptr outputs, CUdeviceptr labels, int batch, int classes, double scale,
                                      CUdeviceptr losses, CUdeviceptr delta) {
        k.loss().squared(outputs, labels, batch, classes, f(scale), losses, delta);
    }

    @Override public void hingeLoss(CUdeviceptr outputs, CUdeviceptr labels, int batch, double scale,
                                    CUdeviceptr losses, CUdeviceptr delta, CUdeviceptr active) {
        k.loss().hinge(outputs, labels, batch, f(scale), losses, delta, active);
    }

    @Override public void diagonalLossR(CUdeviceptr h, CUdeviceptr rz, long n, double scale, CUdeviceptr rdelta) {
        k.loss().rop(h, rz, n, f(scale), rdelta);
    }
}
