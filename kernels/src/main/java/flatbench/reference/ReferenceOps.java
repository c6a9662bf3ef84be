package flatbench.reference;

import java.util.Arrays;

import flatbench.model.ChannelShape;
import flatbench.model.ConvShape;
import flatbench.model.DenseShape;
import flatbench.model.PoolShape;
import flatbench.network.Ops;
import flatbench.network.ParamForm;

/**
 * The {@link Ops} of the plain-Java float64 reference: each operation is the reference class of
 * its CUDA kernel family ({@link Dense}, {@link Conv2d}, {@link Pool}, …) applied to whole
 * arrays. Buffers are {@link Span}s of double arrays; index buffers hold their ints as doubles
 * (exact below 2⁵³). Views with an offset are copied in and out around the call: slow and
 * obvious, as the reference should be.
 */
public final class ReferenceOps implements Ops<ReferenceOps.Span> {

    /** Elements [offset, data.length) of an array. */
    public record Span(double[] data, int offset) {
        public int length() { return data.length - offset; }
    }

    public static final ReferenceOps INSTANCE = new ReferenceOps();

    private ReferenceOps() {}

    private static int exact(long n) {
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the reference engine holds at most 2³¹ values in one buffer, not " + n);
        return (int) n;
    }

    /** The first n values as an array starting at index 0 (the span's own array when it starts there). */
    static double[] in(Span s, long n) {
        if (s == null) return null;
        return s.offset == 0 ? s.data : Arrays.copyOfRange(s.data, s.offset, s.offset + exact(n));
    }

    private static int[] indices(Span s, long n) {
        int[] r = new int[exact(n)];
        for (int i = 0; i < r.length; i++) r[i] = (int) s.data[s.offset + i];
        return r;
    }

    /** dst (+)= result[0, n). */
    private static void out(double[] result, Span dst, long n, boolean accumulate) {
        int len = exact(n);
        if (accumulate) {
            for (int i = 0; i < len; i++) dst.data[dst.offset + i] += result[i];
        } else if (result != dst.data) {
            System.arraycopy(result, 0, dst.data, dst.offset, len);
        }
    }

    /** Where an operation that overwrites its output should write: the span's array when that is exact, else scratch. */
    private static double[] target(Span dst, long n, boolean accumulate) {
        return dst.offset == 0 && !accumulate ? dst.data : new double[exact(n)];
    }

    @Override public Span allocate(long n) { return new Span(new double[exact(n)], 0); }

    @Override public Span allocateIndices(long n) { return allocate(n); }

    @Override public void free(Span buffer) { /* garbage-collected */ }

    @Override public Span at(Span base, long offset) { return new Span(base.data, base.offset + exact(offset)); }

    @Override public void loadInputs(float[] inputs, int from, int count, int sampleSize, Span dst) {
        int base = from * sampleSize;
        for (int i = 0; i < count * sampleSize; i++) dst.data[dst.offset + i] = inputs[base + i];
    }

    @Override public void loadLabels(int[] labels, int from, int count, Span dst) {
        for (int i = 0; i < count; i++) dst.data[dst.offset + i] = labels[from + i];
    }

    @Override public void load(double[] src, int offset, int n, Span dst) { System.arraycopy(src, offset, dst.data, dst.offset, n); }

    @Override public void store(Span src, int n, double[] dst, int offset) { System.arraycopy(src.data, src.offset, dst, offset, n); }

    @Override public void fill(Span x, double value, long n) { Arrays.fill(x.data, x.offset, x.offset + exact(n), value); }

    @Override public void copy(Span src, Span dst, long n) { System.arraycopy(src.data, src.offset, dst.data, dst.offset, exact(n)); }

    @Override public void add(Span a, Span b, Span y, long n) {
        double[] r = new double[exact(n)];
        ResidualAdd.forward(in(a, n), in(b, n), r, r.length);
        out(r, y, n, false);
    }

    @Override public void axpy(double a, Span x, Span y, long n) {
        for (int i = 0; i < exact(n); i++) y.data[y.offset + i] += a * x.data[x.offset + i];
    }

    @Override public void denseForward(DenseShape s, Span x, Span w, Span bias, Span y, boolean accumulate) {
        long n = s.outputSize();
        double[] r = target(y, n, accumulate);
        Dense.forward(s, in(x, s.inputSize()), in(w, s.weightSize()), in(bias, s.out()), r);
        out(r, y, n, accumulate);
    }

    @Override public void denseBackwardData(DenseShape s, Span dy, Span w, Span dx, boolean accumulate) {
        long n = s.inputSize();
        double[] r = target(dx, n, accumulate);
        Dense.backwardData(s, in(dy, s.outputSize()), in(w, s.weightSize()), r);
        out(r, dx, n, accumulate);
    }

    @Override public void convForward(ConvShape s, Span x, Span w, Span bias, Span y, boolean accumulate) {
        double[] r = target(y, s.outputSize(), accumulate);
        Conv2d.forward(s, in(x, s.inputSize()), in(w, s.weightSize()), in(bias, s.cout()), r);
        out(r, y, s.outputSize(), accumulate);
    }

    @Override public void convBackwardData(ConvShape s, Span dy, Span w, Span dx, boolean accumulate) {
        double[] r = target(dx, s.inputSize(), accumulate);
        Conv2d.backwardData(s, in(dy, s.outputSize()), in(w, s.weightSize()), r);
        out(r, dx, s.inputSize(), accumulate);
    }

    @Override public void reduce(ParamForm<Span> form, Span dst, boolean accumulate) {
        long n = form.size();
        double[] r = target(dst, n, accumulate);
        if (form instanceof ParamForm.Outer<Span> o) {
            DenseShape d = o.shape();
            Dense.backwardWeight(d, in(o.dy(), d.outputSize()), in(o.x(), d.inputSize()), r, null);
        } else if (form instanceof ParamForm.ConvOuter<Span> c) {
            ConvShape s = c.shape();
            Conv2d.backwardWeight(s, in(c.dy(), s.outputSize()), in(c.x(), s.inputSize()), r, null);
        } else if (form instanceof ParamForm.ChannelSum<Span> cs) {
            Arrays.fill(r, 0, exact(n), 0.0);
            double[] rows = new double[exact((long) cs.batch() * cs.channels())];
            channelSums(cs, rows, cs.channels(), 0);
            for (int b = 0; b < cs.batch(); b++) for (int c = 0; c < cs.channels(); c++) r[c] += rows[b * cs.channels() + c];
        }
        out(r, dst, n, accumulate);
    }

    @Override public void perSample(ParamForm<Span> form, Span rows, long ld) {
        int stride = exact(ld);
        if (form instanceof ParamForm.Outer<Span> o) {
            DenseShape d = o.shape();
            PerSampleGrad.dense(d, false, in(o.dy(), d.outputSize()), in(o.x(), d.inputSize()), rows.data, stride, rows.offset);
        } else if (form instanceof ParamForm.ConvOuter<Span> c) {
            ConvShape s = c.shape();
            PerSampleGrad.conv(s, false, in(c.dy(), s.outputSize()), in(c.x(), s.inputSize()), rows.data, stride, rows.offset);
        } else if (form instanceof ParamForm.ChannelSum<Span> cs) {
            channelSums(cs, rows.data, stride, rows.offset);
        }
    }

    /** Row n at dst + offset + n·ld: scale·Σ_t dy_{n,c,t}·x_{n,c,t} (or Σ_t dy) per channel. */
    private static void channelSums(ParamForm.ChannelSum<Span> f, double[] dst, int ld, int offset) {
        long size = (long) f.batch() * f.channels() * f.hw();
        double[] dy = in(f.dy(), size), x = in(f.x(), size);
        for (int n = 0; n < f.batch(); n++) {
            for (int c = 0; c < f.channels(); c++) {
                int base = (n * f.channels() + c) * f.hw();
                double s = 0;
                for (int t = 0; t < f.hw(); t++) s += dy[base + t] * (x == null ? 1 : x[base + t]);
                dst[offset + n * ld + c] = s * f.scale();
            }
        }
    }

    @Override public void reluForward(Span x, Span y, long n) {
        double[] r = target(y, n, false);
        Relu.forward(in(x, n), r, exact(n));
        out(r, y, n, false);
    }

    @Override public void reluBackward(Span y, Span dy, Span dx, long n, boolean accumulate) {
        double[] r = target(dx, n, accumulate);
        // The mask y > 0 is the mask x > 0 of the forward input.
        Relu.backward(in(y, n), in(dy, n), r, exact(n));
        out(r, dx, n, accumulate);
    }

    @Override public void maxPoolForward(PoolShape s, Span x, Span y, Span argmax) {
        int[] am = new int[exact(s.outputSize())];
        double[] r = target(y, s.outputSize(), false);
        Pool.maxForward(s, in(x, s.inputSize()), r, am);
        out(r, y, s.outputSize(), false);
        for (int i = 0; i < am.length; i++) argmax.data[argmax.offset + i] = am[i];
    }

    @Override public void maxPoolBackward(PoolShape s, Span dy, Span argmax, Span dx, boolean accumulate) {
        double[] r = target(dx, s.inputSize(), accumulate);
        Pool.maxBackward(s, in(dy, s.outputSize()), indices(argmax, s.outputSize()), r);
        out(r, dx, s.inputSize(), accumulate);
    }

    @Override public void maxPoolGather(PoolShape s, Span x, Span argmax, Span y) {
        double[] r = target(y, s.outputSize(), false);
        Pool.maxRoute(in(x, s.inputSize()), indices(argmax, s.outputSize()), r, exact(s.outputSize()));
        out(r, y, s.outputSize(), false);
    }

    @Override public void avgPoolForward(PoolShape s, Span x, Span y) {
        double[] r = target(y, s.outputSize(), false);
        Pool.avgForward(s, in(x, s.inputSize()), r);
        out(r, y, s.outputSize(), false);
    }

    @Override public void avgPoolBackward(PoolShape s, Span dy, Span dx, boolean accumulate) {
        double[] r = target(dx, s.inputSize(), accumulate);
        Pool.avgBackward(s, in(dy, s.outputSize()), r);
        out(r, dx, s.inputSize(), accumulate);
    }

    @Override public void globalAvgPoolForward(int planes, int hw, Span x, Span y) {
        double[] r = target(y, planes, false);
        GlobalAvgPool.forward(in(x, (long) planes * hw), r, planes, 1, hw);
        out(r, y, planes, false);
    }

    @Override public void globalAvgPoolBackward(int planes, int hw, Span dy, Span dx, boolean accumulate) {
        long n = (long) planes * hw;
        double[] r = target(dx, n, accumulate);
        GlobalAvgPool.backward(in(dy, planes), r, planes, 1, hw);
        out(r, dx, n, accumulate);
    }

    @Override public void channelAffine(ChannelShape shape, Span x, Span gamma, Span beta, double s, Span y, boolean accumulate) {
        long n = shape.size();
        double[] r = target(y, n, accumulate);
        BatchNorm.forward(shape, in(x, n), in(gamma, shape.channels()), in(beta, shape.channels()), r, s);
        out(r, y, n, accumulate);
    }

    @Override public void softmaxXent(Span logits, Span labels, int batch, int classes, double scale, Span probs, Span losses, Span delta) {
        long n = (long) batch * classes;
        int[] y = indices(labels, batch);
        double[] p = target(probs, n, false), l = target(losses, batch, false), d = target(delta, n, false);
        SoftmaxCrossEntropy.forward(in(logits, n), y, p, l, batch, classes);
        SoftmaxCrossEntropy.backward(p, y, d, batch, classes, scale);
        out(p, probs, n, false);
        out(l, losses, batch, false);
        out(d, delta, n, false);
    }

    @Override public void softmaxXentR(Span probs, Span rz, int batch, int classes, double scale, Span rdelta) {
        long n = (long) batch * classes;
        double[] r = target(rdelta, n, false);
        SoftmaxCrossEntropy.rBackward(in(probs, n), in(rz, n), r, batch, classes, scale);
        out(r, rdelta, n, false);
    }

    @Override public void squaredLoss(Span outputs, Span labels, int batch, int classes, double scale, Span losses, Span delta) {
        long n = (long) batch * classes;
        double[] l = target(losses, batch, false), d = target(delta, n, false);
        SquaredError.forward(in(outputs, n), indices(labels, batch), l, d, batch, classes, scale);
        out(l, losses, batch, false);
        out(d, delta, n, false);
    }

    @Override public void hingeLoss(Span outputs, Span labels, int batch, double scale, Span losses, Span delta, Span active) {
        double[] l = target(losses, batch, false), d = target(delta, batch, false), a = target(active, batch, false);
        QuadraticHinge.forward(in(outputs, batch), indices(labels, batch), l, d, a, batch, scale);
        out(l, losses, batch, false);
        out(d, delta, batch, false);
        out(a, active, batch, false);
    }

    @Override public void diagonalLossR(Span h, Span rz, long n, double scale, Span rdelta) {
        double[] r = target(rdelta, n, false);
        QuadraticHinge.rBackward(in(h, n), in(rz, n), r, exact(n), scale);
        out(r, rdelta, n, false);
    }
}
