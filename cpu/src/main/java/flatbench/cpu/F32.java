package flatbench.cpu;

import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

import flatbench.model.ChannelShape;
import flatbench.model.PoolShape;
import flatbench.network.ParamForm;

/**
 * The CPU engine's loops in float32: {@link F64}'s loops line for line on float storage (Java has
 * no generics over primitives; {@code F32TwinTest} checks the two stay in step). Arithmetic on
 * loaded values is done in double and rounded once when stored; reductions accumulate in double.
 */
final class F32 extends CpuOps {
    private static FloatBuffer d(Buffer b) { return (FloatBuffer) b; }

    private static IntBuffer i(Buffer b) { return (IntBuffer) b; }

    @Override Pointer values(long n) { return new FloatPointer(n); }

    @Override int bytesPerValue() { return 4; }

    @Override Buffer asBuffer(Pointer p) { return ((FloatPointer) p).asBuffer(); }

    @Override public void loadInputs(float[] inputs, int from, int count, int sampleSize, Buffer dst) {
        FloatBuffer y = d(dst);
        int base = from * sampleSize, n = count * sampleSize;
        for (int k = 0; k < n; k++) y.put(k, inputs[base + k]);
    }

    @Override public void loadLabels(int[] labels, int from, int count, Buffer dst) { i(dst).put(0, labels, from, count); }

    @Override public void load(double[] src, int offset, int n, Buffer dst) {
        FloatBuffer r = d(dst);
        for (int k = 0; k < n; k++) r.put(k, (float) (src[offset + k]));
    }

    @Override public void store(Buffer src, int n, double[] dst, int offset) {
        FloatBuffer p = d(src);
        for (int k = 0; k < n; k++) dst[offset + k] = p.get(k);
    }

    @Override public void fill(Buffer x, double value, long n) {
        FloatBuffer b = d(x);
        for (int k = 0; k < (int) n; k++) b.put(k, (float) (value));
    }

    @Override public void copy(Buffer src, Buffer dst, long n) { d(dst).put(0, d(src), 0, (int) n); }

    @Override public void add(Buffer a, Buffer b, Buffer y, long n) {
        FloatBuffer p = d(a), q = d(b), r = d(y);
        for (int k = 0; k < (int) n; k++) r.put(k, (float) (p.get(k) + q.get(k)));
    }

    @Override public void axpy(double a, Buffer x, Buffer y, long n) {
        FloatBuffer p = d(x), r = d(y);
        for (int k = 0; k < (int) n; k++) r.put(k, (float) (r.get(k) + a * p.get(k)));
    }

    @Override void addInto(Buffer src, int offset, int n, double[] dst, int dstOffset) {
        FloatBuffer p = d(src);
        for (int k = 0; k < n; k++) dst[dstOffset + k] += p.get(offset + k);
    }

    @Override void multiplyAdd(Buffer a, Buffer b, Buffer k, int n) {
        FloatBuffer p = d(a), q = d(b), r = d(k);
        for (int j = 0; j < n; j++) r.put(j, (float) ((r.get(j) + p.get(j) * q.get(j))));
    }

    @Override void broadcastRows(Buffer bias, Buffer y, int rows, int cols, boolean accumulate) {
        FloatBuffer b = d(bias), r = d(y);
        for (int row = 0, at = 0; row < rows; row++) {
            for (int c = 0; c < cols; c++, at++) r.put(at, (float) ((accumulate ? r.get(at) : 0) + b.get(c)));
        }
    }




    @Override void gatherBlock(Buffer src, int srcOff, int[] map, int rows, int cols, Buffer dst, int dstOff, int ld) {
        FloatBuffer x = d(src), r = d(dst);
        for (int row = 0, k = 0; row < rows; row++) {
            int at = dstOff + row * ld;
            for (int c = 0; c < cols; c++, k++) {
                int i = map[k];
                r.put(at + c, (float) (i < 0 ? 0 : x.get(srcOff + i)));
            }
        }
    }

    @Override void scatterBlock(Buffer src, int srcOff, int ld, int[] map, int rows, int cols, Buffer dst, int dstOff) {
        FloatBuffer x = d(src), r = d(dst);
        for (int row = 0, k = 0; row < rows; row++) {
            int from = srcOff + row * ld;
            for (int c = 0; c < cols; c++, k++) {
                int i = map[k];
                if (i >= 0) r.put(dstOff + i, (float) (r.get(dstOff + i) + x.get(from + c)));
            }
        }
    }

    @Override void toChannelMajor(ChannelShape s, Buffer src, int srcOff, Buffer dst) {
        int m = s.batch(), channels = s.channels(), t = s.hw();
        FloatBuffer x = d(src), r = d(dst);
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < channels; c++) r.put(c * m * t + j * t, x, srcOff + (j * channels + c) * t, t);
        }
    }

    @Override void fromChannelMajor(ChannelShape s, Buffer src, Buffer bias, Buffer dst, int dstOff, boolean accumulate) {
        int m = s.batch(), channels = s.channels(), t = s.hw();
        FloatBuffer x = d(src), b = d(bias), r = d(dst);
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < channels; c++) {
                int from = c * m * t + j * t, to = dstOff + (j * channels + c) * t;
                if (b == null && !accumulate) {
                    r.put(to, x, from, t);
                    continue;
                }
                double v = b == null ? 0 : b.get(c);
                for (int q = 0; q < t; q++) r.put(to + q, (float) ((accumulate ? r.get(to + q) : 0) + x.get(from + q) + v));
            }
        }
    }

    @Override void outerRow(ParamForm.Outer<Buffer> f, int n, int from, int to, double[] row, int offset) {
        FloatBuffer dy = d(f.dy()), x = d(f.x());
        double[] xs = new double[f.in()];
        for (int i = 0; i < xs.length; i++) xs[i] = x.get(n * f.in() + i);
        for (int o = from, at = offset; o < to; o++, at += xs.length) {
            double v = dy.get(n * f.out() + o);
            for (int i = 0; i < xs.length; i++) row[at + i] = v * xs[i];
        }
    }

    @Override void channelSumRow(ParamForm.ChannelSum<Buffer> f, int n, int from, int to, double[] row, int offset) {
        FloatBuffer g = d(f.dy()), p = d(f.x());
        int hw = f.hw();
        for (int c = from; c < to; c++) {
            int base = (n * f.channels() + c) * hw;
            double sum = 0;
            if (p == null) for (int t = 0; t < hw; t++) sum += g.get(base + t);
            else for (int t = 0; t < hw; t++) sum += g.get(base + t) * p.get(base + t);
            row[offset + c - from] = sum * f.scale();
        }
    }

    @Override void rowDots(Buffer a, Buffer b, int rows, int cols, double[] result, int ld, int col) {
        FloatBuffer p = d(a), q = d(b);
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += p.get(i * cols + c) * q.get(i * cols + c);
            result[i * ld + col] += sum;
        }
    }

    @Override void outerRows(ParamForm.Outer<Buffer> f, int from, int to, Buffer rows, int ld) {
        FloatBuffer dy = d(f.dy()), x = d(f.x()), r = d(rows);
        float[] xs = new float[f.in()], row = new float[f.in()];
        for (int n = 0; n < f.batch(); n++) {
            x.get(n * f.in(), xs);
            for (int o = from; o < to; o++) {
                double v = dy.get(n * f.out() + o);
                for (int i = 0; i < xs.length; i++) row[i] = (float) (v * xs[i]);
                r.put(n * ld + (o - from) * f.in(), row);
            }
        }
    }

    @Override public void reluForward(Buffer x, Buffer y, long n) {
        FloatBuffer p = d(x), r = d(y);
        for (int k = 0; k < (int) n; k++) {
            double v = p.get(k);
            r.put(k, (float) (v > 0 ? v : 0));
        }
    }

    @Override public void reluBackward(Buffer y, Buffer dy, Buffer dx, long n, boolean accumulate) {
        FloatBuffer m = d(y), g = d(dy), r = d(dx);
        // Two loops, so the one a pass takes has no per-element test of the mode.
        if (accumulate) {
            for (int k = 0; k < (int) n; k++) if (m.get(k) > 0) r.put(k, (float) (r.get(k) + g.get(k)));
        } else {
            for (int k = 0; k < (int) n; k++) r.put(k, m.get(k) > 0 ? g.get(k) : 0);
        }
    }

    @Override public void maxPoolForward(PoolShape s, Buffer x, Buffer y, Buffer argmax) {
        FloatBuffer p = d(x), r = d(y);
        IntBuffer am = i(argmax);
        int ho = s.ho(), wo = s.wo(), w = s.w(), plane = s.h() * w, k = s.k(), stride = s.stride();
        // A plane at a time through arrays: one bulk copy each way instead of a checked access per element.
        float[] in = new float[plane], out = new float[ho * wo];
        int[] choice = new int[ho * wo];
        for (int q = 0; q < s.planes(); q++) {
            p.get(q * plane, in);
            for (int oh = 0, o = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++, o++) {
                    int best = oh * stride * w + ow * stride;
                    float bv = in[best];
                    for (int kh = 0; kh < k; kh++) {
                        int row = (oh * stride + kh) * w + ow * stride;
                        for (int kw = 0; kw < k; kw++) {
                            if (in[row + kw] > bv) {
                                bv = in[row + kw];
                                best = row + kw;
                            }
                        }
                    }
                    out[o] = bv;
                    choice[o] = q * plane + best;
                }
            }
            r.put(q * ho * wo, out);
            am.put(q * ho * wo, choice);
        }
    }

    @Override public void maxPoolBackward(PoolShape s, Buffer dy, Buffer argmax, Buffer dx, boolean accumulate) {
        if (!accumulate) fill(dx, 0, s.inputSize());
        FloatBuffer g = d(dy), r = d(dx);
        IntBuffer am = i(argmax);
        for (int o = 0; o < (int) s.outputSize(); o++) {
            int at = am.get(o);
            r.put(at, (float) (r.get(at) + g.get(o)));
        }
    }

    @Override public void maxPoolGather(PoolShape s, Buffer x, Buffer argmax, Buffer y) {
        FloatBuffer p = d(x), r = d(y);
        IntBuffer am = i(argmax);
        for (int o = 0; o < (int) s.outputSize(); o++) r.put(o, (float) (p.get(am.get(o))));
    }

    @Override public void avgPoolForward(PoolShape s, Buffer x, Buffer y) {
        FloatBuffer p = d(x), r = d(y);
        int ho = s.ho(), wo = s.wo(), w = s.w(), plane = s.h() * w;
        double inv = 1.0 / (s.k() * s.k());
        for (int q = 0, o = 0; q < s.planes(); q++) {
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++, o++) {
                    double sum = 0;
                    for (int kh = 0; kh < s.k(); kh++) {
                        int row = q * plane + (oh * s.stride() + kh) * w + ow * s.stride();
                        for (int kw = 0; kw < s.k(); kw++) sum += p.get(row + kw);
                    }
                    r.put(o, (float) (sum * inv));
                }
            }
        }
    }

    @Override public void avgPoolBackward(PoolShape s, Buffer dy, Buffer dx, boolean accumulate) {
        if (!accumulate) fill(dx, 0, s.inputSize());
        FloatBuffer g = d(dy), r = d(dx);
        int ho = s.ho(), wo = s.wo(), w = s.w(), plane = s.h() * w;
        double inv = 1.0 / (s.k() * s.k());
        for (int q = 0, o = 0; q < s.planes(); q++) {
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++, o++) {
                    double v = g.get(o) * inv;
                    for (int kh = 0; kh < s.k(); kh++) {
                        int row = q * plane + (oh * s.stride() + kh) * w + ow * s.stride();
                        for (int kw = 0; kw < s.k(); kw++) r.put(row + kw, (float) (r.get(row + kw) + v));
                    }
                }
            }
        }
    }

    @Override public void globalAvgPoolForward(int planes, int hw, Buffer x, Buffer y) {
        FloatBuffer p = d(x), r = d(y);
        for (int q = 0; q < planes; q++) {
            double sum = 0;
            for (int t = 0; t < hw; t++) sum += p.get(q * hw + t);
            r.put(q, (float) (sum / hw));
        }
    }

    @Override public void globalAvgPoolBackward(int planes, int hw, Buffer dy, Buffer dx, boolean accumulate) {
        FloatBuffer g = d(dy), r = d(dx);
        for (int q = 0, at = 0; q < planes; q++) {
            double v = g.get(q) / hw;
            for (int t = 0; t < hw; t++, at++) r.put(at, (float) (accumulate ? r.get(at) + v : v));
        }
    }

    @Override public void channelAffine(ChannelShape shape, Buffer x, Buffer gamma, Buffer beta, double s, Buffer y, boolean accumulate) {
        int batch = shape.batch(), channels = shape.channels(), hw = shape.hw();
        FloatBuffer p = d(x), g = d(gamma), b = d(beta), r = d(y);
        for (int q = 0, at = 0; q < batch * channels; q++) {
            int c = q % channels;
            double a = g.get(c) * s, shift = b == null ? 0 : b.get(c);
            for (int t = 0; t < hw; t++, at++) {
                double v = a * p.get(at) + shift;
                r.put(at, (float) (accumulate ? r.get(at) + v : v));
            }
        }
    }

    @Override void channelSums(ParamForm.ChannelSum<Buffer> f, Buffer dst, int ld, boolean perSample, boolean accumulate) {
        FloatBuffer g = d(f.dy()), p = d(f.x()), r = d(dst);
        int channels = f.channels(), hw = f.hw();
        double[] total = perSample ? null : new double[channels];
        for (int n = 0; n < f.batch(); n++) {
            for (int c = 0; c < channels; c++) {
                int base = (n * channels + c) * hw;
                double sum = 0;
                if (p == null) for (int t = 0; t < hw; t++) sum += g.get(base + t);
                else for (int t = 0; t < hw; t++) sum += g.get(base + t) * p.get(base + t);
                if (perSample) r.put(n * ld + c, (float) (sum * f.scale()));
                else total[c] += sum;
            }
        }
        if (!perSample) for (int c = 0; c < channels; c++) r.put(c, (float) ((accumulate ? r.get(c) : 0) + total[c] * f.scale()));
    }

    @Override public void softmaxXent(Buffer logits, Buffer labels, int batch, int classes, double scale, Buffer probs, Buffer losses, Buffer delta) {
        FloatBuffer z = d(logits), p = d(probs), l = d(losses), g = d(delta);
        IntBuffer y = i(labels);
        for (int n = 0; n < batch; n++) {
            int b = n * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, z.get(b + c));
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(z.get(b + c) - max);
            int label = y.get(n);
            l.put(n, (float) (Math.log(sum) + max - z.get(b + label)));
            for (int c = 0; c < classes; c++) {
                double q = Math.exp(z.get(b + c) - max) / sum;
                p.put(b + c, (float) (q));
                g.put(b + c, (float) ((q - (c == label ? 1 : 0)) * scale));
            }
        }
    }

    @Override public void softmaxXentR(Buffer probs, Buffer rz, int batch, int classes, double scale, Buffer rdelta) {
        FloatBuffer p = d(probs), r = d(rz), out = d(rdelta);
        for (int n = 0; n < batch; n++) {
            int b = n * classes;
            double pr = 0;
            for (int c = 0; c < classes; c++) pr += p.get(b + c) * r.get(b + c);
            for (int c = 0; c < classes; c++) out.put(b + c, (float) (p.get(b + c) * (r.get(b + c) - pr) * scale));
        }
    }

    @Override public void squaredLoss(Buffer outputs, Buffer labels, int batch, int classes, double scale, Buffer losses, Buffer delta) {
        FloatBuffer z = d(outputs), l = d(losses), g = d(delta);
        IntBuffer y = i(labels);
        for (int n = 0; n < batch; n++) {
            int b = n * classes, label = y.get(n);
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                double r = z.get(b + c) - (classes == 1 ? label : (c == label ? 1 : 0));
                sum += r * r;
                g.put(b + c, (float) (r * scale));
            }
            l.put(n, (float) (0.5 * sum));
        }
    }

    @Override public void hingeLoss(Buffer outputs, Buffer labels, int batch, double scale, Buffer losses, Buffer delta, Buffer active) {
        FloatBuffer z = d(outputs), l = d(losses), g = d(delta), h = d(active);
        IntBuffer y = i(labels);
        for (int n = 0; n < batch; n++) {
            int label = y.get(n);
            double gap = Math.max(0, 1 - label * z.get(n));
            l.put(n, (float) (0.5 * gap * gap));
            g.put(n, (float) (-label * gap * scale));
            h.put(n, gap > 0 ? 1 : 0);
        }
    }

    @Override public void diagonalLossR(Buffer h, Buffer rz, long n, double scale, Buffer rdelta) {
        FloatBuffer w = d(h), r = d(rz), out = d(rdelta);
        for (int k = 0; k < (int) n; k++) out.put(k, (float) (w.get(k) * r.get(k) * scale));
    }
}
