package flatbench.cpu;

import java.nio.Buffer;
import java.nio.IntBuffer;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

import flatbench.network.ConvShape;
import flatbench.network.Ops;
import flatbench.network.ParamForm;

/**
 * The {@link Ops} of the CPU engine, on direct buffers over native memory: dense layers and
 * convolutions as OpenBLAS GEMMs (a convolution per sample, its patches gathered by a
 * precomputed index map), the rest as plain loops in {@link F64} and {@link F32}. One instance
 * per worker thread: it owns that thread's scratch (the patch matrix), so instances are not
 * shared between threads. Buffers are freed explicitly (or with the instance).
 */
abstract class CpuOps implements Ops<Buffer> {
    /** Native memory behind each buffer this instance handed out, kept reachable until freed. */
    private final Map<Buffer, Pointer> owned = new IdentityHashMap<>();
    /** Patch index maps per single-sample convolution geometry. */
    private final Map<ConvShape, int[]> patchMaps = new HashMap<>();
    private Buffer patches;
    private int patchCapacity;

    static CpuOps of(boolean float64) { return float64 ? new F64() : new F32(); }

    /** Native memory for n values (contents undefined). */
    abstract Pointer values(long n);

    abstract int bytesPerValue();

    // ---- memory ----

    private static int checked(long n) {
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the cpu engine holds at most 2³¹ values in one buffer, not " + n);
        return (int) n;
    }

    /** n values, contents undefined: for buffers that are written before they are read. */
    Buffer allocateUninitialised(long n) {
        Pointer p = values(Math.max(1, checked(n)));
        Buffer b = asBuffer(p);
        owned.put(b, p);
        return b;
    }

    abstract Buffer asBuffer(Pointer p);

    @Override public Buffer allocate(long n) {
        Buffer b = allocateUninitialised(n);
        fill(b, 0, n);
        return b;
    }

    @Override public Buffer allocateIndices(long n) {
        IntPointer p = new IntPointer(Math.max(1, checked(n)));
        p.zero();
        IntBuffer b = p.asBuffer();
        owned.put(b, p);
        return b;
    }

    @Override public void free(Buffer buffer) {
        Pointer p = owned.remove(buffer);
        if (p != null) p.close();
    }

    /** Frees every buffer this instance still owns. */
    void freeAll() {
        owned.values().forEach(Pointer::close);
        owned.clear();
        patches = null;
        patchCapacity = 0;
    }

    @Override public Buffer at(Buffer base, long offset) {
        int off = checked(offset);
        return off == 0 ? base : base.slice(off, base.capacity() - off);
    }

    /** dst[dstOffset + i] += src[offset + i] for i < n (host doubles out). */
    abstract void addInto(Buffer src, int offset, int n, double[] dst, int dstOffset);

    /** k ← k + a ⊙ b element-wise. */
    abstract void multiplyAdd(Buffer a, Buffer b, Buffer k, int n);

    // ---- dense layers ----

    @Override public void denseForward(Buffer x, Buffer w, Buffer bias, Buffer y, int batch, int in, int out, boolean accumulate) {
        if (bias != null) broadcastRows(bias, y, batch, out, accumulate);
        Blas.gemm(false, true, batch, out, in, 1, x, in, w, in, accumulate || bias != null ? 1 : 0, y, out);
    }

    @Override public void denseBackwardData(Buffer dy, Buffer w, Buffer dx, int batch, int in, int out, boolean accumulate) {
        Blas.gemm(false, false, batch, in, out, 1, dy, out, w, in, accumulate ? 1 : 0, dx, in);
    }

    /** y[r][c] (+)= bias[c] for rows × cols. */
    abstract void broadcastRows(Buffer bias, Buffer y, int rows, int cols, boolean accumulate);

    // ---- convolutions: per sample, y_n (cout × T) = W (cout × K) · U_n (K × T), U_n the patch matrix ----

    private static boolean pointwise(ConvShape s) { return s.k() == 1 && s.stride() == 1 && s.pad() == 0; }

    /**
     * For each patch-matrix entry (row = input channel and kernel offset, column = output position),
     * the index into one sample's input plane stack, or −1 where the window hangs over the padding.
     */
    private int[] patchMap(ConvShape s) {
        ConvShape key = new ConvShape(1, s.cin(), s.h(), s.w(), s.cout(), s.k(), s.stride(), s.pad());
        return patchMaps.computeIfAbsent(key, g -> {
            int ho = g.ho(), wo = g.wo(), t = ho * wo, k = g.k();
            int[] map = new int[g.patch() * t];
            for (int c = 0; c < g.cin(); c++) {
                for (int kh = 0; kh < k; kh++) {
                    for (int kw = 0; kw < k; kw++) {
                        int row = ((c * k + kh) * k + kw) * t;
                        for (int oh = 0; oh < ho; oh++) {
                            int ih = oh * g.stride() - g.pad() + kh;
                            for (int ow = 0; ow < wo; ow++) {
                                int iw = ow * g.stride() - g.pad() + kw;
                                boolean inside = ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w();
                                map[row + oh * wo + ow] = inside ? (c * g.h() + ih) * g.w() + iw : -1;
                            }
                        }
                    }
                }
            }
            return map;
        });
    }

    private Buffer patchScratch(ConvShape s) {
        int need = checked((long) s.patch() * s.ho() * s.wo());
        if (need > patchCapacity) {
            if (patches != null) free(patches);
            patches = allocateUninitialised(need);
            patchCapacity = need;
        }
        return patches;
    }

    /** Sample n's patch matrix U_n (K × T): x itself for a pointwise convolution, else gathered into scratch. */
    private Buffer patches(ConvShape s, Buffer x, int n) {
        int plane = s.cin() * s.h() * s.w();
        Buffer xn = at(x, (long) n * plane);
        if (pointwise(s)) return xn;
        Buffer u = patchScratch(s);
        int[] map = patchMap(s);
        gather(xn, map, u, map.length);
        return u;
    }

    /** dst[i] ← src[map[i]], or 0 where map[i] < 0. */
    abstract void gather(Buffer src, int[] map, Buffer dst, int n);

    /** dst[map[i]] += src[i] where map[i] ≥ 0. */
    abstract void scatterAdd(Buffer src, int[] map, Buffer dst, int n);

    /** y[n][c][t] (+)= bias[c]. */
    abstract void broadcastPlanes(Buffer bias, Buffer y, int batch, int channels, int hw, boolean accumulate);

    @Override public void convForward(ConvShape s, Buffer x, Buffer w, Buffer bias, Buffer y, boolean accumulate) {
        int t = s.ho() * s.wo(), out = s.cout() * t;
        if (bias != null) broadcastPlanes(bias, y, s.batch(), s.cout(), t, accumulate);
        double beta = accumulate || bias != null ? 1 : 0;
        for (int n = 0; n < s.batch(); n++) {
            Blas.gemm(false, false, s.cout(), t, s.patch(), 1, w, s.patch(), patches(s, x, n), t, beta, at(y, (long) n * out), t);
        }
    }

    @Override public void convBackwardData(ConvShape s, Buffer dy, Buffer w, Buffer dx, boolean accumulate) {
        int t = s.ho() * s.wo(), out = s.cout() * t, plane = s.cin() * s.h() * s.w();
        if (!accumulate && !pointwise(s)) fill(dx, 0, s.inputSize());
        int[] map = pointwise(s) ? null : patchMap(s);
        Buffer du = pointwise(s) ? null : patchScratch(s);
        for (int n = 0; n < s.batch(); n++) {
            Buffer dxn = at(dx, (long) n * plane), dyn = at(dy, (long) n * out);
            if (pointwise(s)) {
                Blas.gemm(true, false, s.patch(), t, s.cout(), 1, w, s.patch(), dyn, t, accumulate ? 1 : 0, dxn, t);
            } else {
                Blas.gemm(true, false, s.patch(), t, s.cout(), 1, w, s.patch(), dyn, t, 0, du, t);
                scatterAdd(du, map, dxn, map.length);
            }
        }
    }

    // ---- parameter-gradient forms ----

    @Override public void reduce(ParamForm<Buffer> form, Buffer dst, boolean accumulate) {
        if (form instanceof ParamForm.Outer<Buffer> o) {
            Blas.gemm(true, false, o.out(), o.in(), o.batch(), 1, o.dy(), o.out(), o.x(), o.in(), accumulate ? 1 : 0, dst, o.in());
        } else if (form instanceof ParamForm.ConvOuter<Buffer> c) {
            ConvShape s = c.shape();
            int t = s.ho() * s.wo();
            for (int n = 0; n < s.batch(); n++) {
                Blas.gemm(false, true, s.cout(), s.patch(), t, 1, at(c.dy(), (long) n * s.cout() * t), t, patches(s, c.x(), n), t,
                        accumulate || n > 0 ? 1 : 0, dst, s.patch());
            }
        } else if (form instanceof ParamForm.ChannelSum<Buffer> cs) {
            channelSums(cs, dst, 0, false, accumulate);
        }
    }

    @Override public void perSample(ParamForm<Buffer> form, Buffer rows, long ld) {
        int stride = checked(ld);
        if (form instanceof ParamForm.Outer<Buffer> o) {
            for (int n = 0; n < o.batch(); n++) {
                Blas.gemm(false, false, o.out(), o.in(), 1, 1, at(o.dy(), (long) n * o.out()), 1, at(o.x(), (long) n * o.in()), o.in(),
                        0, at(rows, (long) n * stride), o.in());
            }
        } else if (form instanceof ParamForm.ConvOuter<Buffer> c) {
            ConvShape s = c.shape();
            int t = s.ho() * s.wo();
            for (int n = 0; n < s.batch(); n++) {
                Blas.gemm(false, true, s.cout(), s.patch(), t, 1, at(c.dy(), (long) n * s.cout() * t), t, patches(s, c.x(), n), t,
                        0, at(rows, (long) n * stride), s.patch());
            }
        } else if (form instanceof ParamForm.ChannelSum<Buffer> cs) {
            channelSums(cs, rows, stride, true, false);
        }
    }

    /**
     * Per channel, scale·Σ_t dy·x (or Σ_t dy when x is null): per sample into dst + n·ld, or summed
     * over the batch into dst (added when accumulate).
     */
    abstract void channelSums(ParamForm.ChannelSum<Buffer> form, Buffer dst, int ld, boolean perSample, boolean accumulate);
}
