package flatbench.cpu;

import java.nio.Buffer;
import java.nio.IntBuffer;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

import flatbench.model.ChannelShape;
import flatbench.model.ConvShape;
import flatbench.model.DenseShape;
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
    /** This thread's convolution scratch (patch matrix and channel-major output of one chunk). */
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

    /**
     * Frees a buffer, and what this instance keeps for it: the patch matrices kept for it as a
     * convolution's input go with it (they would otherwise hold native memory and the kept-patch
     * budget until {@link #freeAll}, and stay marked valid for a buffer that no longer exists),
     * and a kept patch matrix freed directly leaves the map it was kept in.
     */
    @Override public void free(Buffer buffer) {
        Map<ConvShape, Kept> forInput = kept.remove(buffer);
        if (forInput != null) forInput.values().forEach(k -> release(k.u, k.size));
        for (Map<ConvShape, Kept> byShape : kept.values()) {
            byShape.values().removeIf(k -> {
                if (k.u != buffer) return false;
                keptValues -= k.size;
                return true;
            });
        }
        release(buffer, 0);
    }

    private void release(Buffer buffer, long keptSize) {
        keptValues -= keptSize;
        Pointer p = owned.remove(buffer);
        if (p != null) p.close();
    }

    /** Values the kept patch matrices take now (tests). */
    long keptPatchValues() { return keptValues; }

    /** Buffers this instance owns now (tests). */
    int ownedBuffers() { return owned.size(); }

    /** Frees every buffer this instance still owns. */
    void freeAll() {
        owned.values().forEach(Pointer::close);
        owned.clear();
        kept.clear();
        keptValues = 0;
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

    @Override public void denseForward(DenseShape s, Buffer x, Buffer w, Buffer bias, Buffer y, boolean accumulate) {
        int batch = s.batch(), in = s.in(), out = s.out();
        if (bias != null) broadcastRows(bias, y, batch, out, accumulate);
        Blas.gemm(false, true, batch, out, in, 1, x, in, w, in, accumulate || bias != null ? 1 : 0, y, out);
    }

    @Override public void denseBackwardData(DenseShape s, Buffer dy, Buffer w, Buffer dx, boolean accumulate) {
        int batch = s.batch(), in = s.in(), out = s.out();
        Blas.gemm(false, false, batch, in, out, 1, dy, out, w, in, accumulate ? 1 : 0, dx, in);
    }

    /** y[r][c] (+)= bias[c] for rows × cols. */
    abstract void broadcastRows(Buffer bias, Buffer y, int rows, int cols, boolean accumulate);

    // ---- convolutions: for a chunk of m samples, Y (cout × m·T) = W (cout × K) · U (K × m·T) ----

    /** Values of scratch (patch matrix, channel-major output) one convolution chunk may take. */
    static final long CHUNK_VALUES = 1L << 22;
    private long chunkValues = CHUNK_VALUES;

    /** A smaller chunk budget, so tests can split small batches. */
    CpuOps chunkValues(long values) {
        this.chunkValues = values;
        return this;
    }

    /**
     * For each entry of one sample's patch matrix (row = input channel and kernel offset, column =
     * output position), the index into the sample's input planes, or −1 where the window hangs
     * over the padding.
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

    /** Samples per chunk: the patch matrix and the channel-major output within the chunk budget. */
    private int chunkSamples(ConvShape s) {
        long perSample = (long) (s.patch() + s.cout()) * s.ho() * s.wo();
        return (int) Math.max(1, Math.min(s.batch(), chunkValues / perSample));
    }

    /** Scratch of at least n values, kept by this instance (one per thread). */
    private Buffer scratch(long n) {
        int need = checked(n);
        if (need > patchCapacity) {
            if (patches != null) free(patches);
            patches = null;
            patches = allocateUninitialised(need);
            patchCapacity = need;
        }
        return patches;
    }

    /** The chunk's patch matrix U (K × m·T; sample j in columns j·T …) into u. */
    private void patches(ConvShape s, Buffer x, int n0, int m, Buffer u) {
        int t = s.ho() * s.wo(), plane = s.cin() * s.h() * s.w();
        int[] map = patchMap(s);
        for (int j = 0; j < m; j++) gatherBlock(x, (n0 + j) * plane, map, s.patch(), t, u, j * t, m * t);
    }

    /** Values the kept patch matrices of one instance may take (beyond it, patches are rebuilt each time). */
    private static final long KEPT_PATCH_VALUES = 1L << 25;

    /** A whole batch's patch matrix of one input buffer, and whether it matches the buffer's contents. */
    private static final class Kept {
        final Buffer u;
        final long size;
        boolean valid;
        Kept(Buffer u, long size) {
            this.u = u;
            this.size = size;
        }
    }

    /** Patch matrices by input buffer and geometry: the backward and R-passes reuse the forward pass's. */
    private final Map<Buffer, Map<ConvShape, Kept>> kept = new IdentityHashMap<>();
    private long keptValues;

    /**
     * The patch matrix of samples [n0, n0 + m): a kept one when the chunk is the whole batch
     * (built and kept on first use while there is room), else gathered into u.
     */
    private Buffer patchesOf(ConvShape s, Buffer x, int n0, int m, Buffer u) {
        if (n0 == 0 && m == s.batch()) {
            Map<ConvShape, Kept> byShape = kept.computeIfAbsent(x, b -> new HashMap<>());
            Kept k = byShape.get(s);
            long size = (long) s.patch() * m * s.ho() * s.wo();
            if (k == null && keptValues + size <= KEPT_PATCH_VALUES) {
                k = new Kept(allocateUninitialised(size), size);
                keptValues += size;
                byShape.put(s, k);
            }
            if (k != null) {
                if (!k.valid) patches(s, x, 0, m, k.u);
                k.valid = true;
                return k.u;
            }
        }
        patches(s, x, n0, m, u);
        return u;
    }

    /** The input buffers' contents changed: kept patch matrices must be rebuilt, except those of the given buffers. */
    void invalidatePatches(java.util.Collection<Buffer> unchanged) {
        java.util.Set<Buffer> keep = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        keep.addAll(unchanged);
        kept.forEach((buffer, byShape) -> {
            if (!keep.contains(buffer)) byShape.values().forEach(k -> k.valid = false);
        });
    }

    /** dst[dstOff + r·ld + c] ← src[srcOff + map[r·cols + c]], or 0 where the map is negative. */
    abstract void gatherBlock(Buffer src, int srcOff, int[] map, int rows, int cols, Buffer dst, int dstOff, int ld);

    /** dst[dstOff + map[r·cols + c]] += src[srcOff + r·ld + c] where the map is not negative. */
    abstract void scatterBlock(Buffer src, int srcOff, int ld, int[] map, int rows, int cols, Buffer dst, int dstOff);

    /** [m][channels][t] at src + srcOff → [channels][m·t] at dst, for a chunk s of m samples. */
    abstract void toChannelMajor(ChannelShape s, Buffer src, int srcOff, Buffer dst);

    /** [channels][m·t] → [m][channels][t] at dst + dstOff, adding bias[channel] (may be null), added to dst when accumulate. */
    abstract void fromChannelMajor(ChannelShape s, Buffer src, Buffer bias, Buffer dst, int dstOff, boolean accumulate);

    /** One chunk of a convolution's samples: [n0, n0 + m), cols = m·T; u is scratch for a K × cols patch matrix, c for a cout × cols one. */
    private interface Chunk { void run(int n0, int m, int cols, Buffer u, Buffer c); }

    /** The batch in chunks whose scratch fits the chunk budget. */
    private void chunks(ConvShape s, Chunk body) {
        int t = s.ho() * s.wo(), chunk = chunkSamples(s);
        Buffer u = scratch((long) (s.patch() + s.cout()) * chunk * t);
        for (int n0 = 0; n0 < s.batch(); n0 += chunk) {
            int m = Math.min(chunk, s.batch() - n0), cols = m * t;
            body.run(n0, m, cols, u, at(u, (long) s.patch() * cols));
        }
    }

    @Override public void convForward(ConvShape s, Buffer x, Buffer w, Buffer bias, Buffer y, boolean accumulate) {
        int t = s.ho() * s.wo();
        chunks(s, (n0, m, cols, u, out) -> {
            Blas.gemm(false, false, s.cout(), cols, s.patch(), 1, w, s.patch(), patchesOf(s, x, n0, m, u), cols, 0, out, cols);
            fromChannelMajor(new ChannelShape(m, s.cout(), t), out, bias, y, n0 * s.cout() * t, accumulate);
        });
    }

    @Override public void convBackwardData(ConvShape s, Buffer dy, Buffer w, Buffer dx, boolean accumulate) {
        int t = s.ho() * s.wo(), plane = s.cin() * s.h() * s.w();
        if (!accumulate) fill(dx, 0, s.inputSize());
        int[] map = patchMap(s);
        chunks(s, (n0, m, cols, du, dyc) -> {
            toChannelMajor(new ChannelShape(m, s.cout(), t), dy, n0 * s.cout() * t, dyc);
            Blas.gemm(true, false, s.patch(), cols, s.cout(), 1, w, s.patch(), dyc, cols, 0, du, cols);
            for (int j = 0; j < m; j++) scatterBlock(du, j * t, cols, map, s.patch(), t, dx, (n0 + j) * plane);
        });
    }

    // ---- parameter-gradient forms ----

    @Override public void reduce(ParamForm<Buffer> form, Buffer dst, boolean accumulate) {
        if (form instanceof ParamForm.Outer<Buffer> o) {
            Blas.gemm(true, false, o.out(), o.in(), o.batch(), 1, o.dy(), o.out(), o.x(), o.in(), accumulate ? 1 : 0, dst, o.in());
        } else if (form instanceof ParamForm.ConvOuter<Buffer> c) {
            ConvShape s = c.shape();
            int t = s.ho() * s.wo();
            chunks(s, (n0, m, cols, u, dyc) -> {
                Buffer pu = patchesOf(s, c.x(), n0, m, u);
                toChannelMajor(new ChannelShape(m, s.cout(), t), c.dy(), n0 * s.cout() * t, dyc);
                Blas.gemm(false, true, s.cout(), s.patch(), cols, 1, dyc, cols, pu, cols, accumulate || n0 > 0 ? 1 : 0, dst, s.patch());
            });
        } else if (form instanceof ParamForm.ChannelSum<Buffer> cs) {
            channelSums(cs, dst, 0, false, accumulate);
        }
    }

    @Override public void perSample(ParamForm<Buffer> form, Buffer rows, long ld) { perSample(form, 0, units(form), rows, ld); }

    /**
     * Units [from, to) (see {@link #units}) of every sample's gradient block: row n at rows + n·ld,
     * (to − from)·unit values. A channel sum is written whole (its units are few).
     */
    void perSample(ParamForm<Buffer> form, int from, int to, Buffer rows, long ld) {
        int stride = checked(ld);
        if (form instanceof ParamForm.Outer<Buffer> o) {
            outerRows(o, from, to, rows, stride);
        } else if (form instanceof ParamForm.ConvOuter<Buffer> c) {
            ConvShape s = c.shape();
            int t = s.ho() * s.wo();
            chunks(s, (n0, m, cols, u, unused) -> {
                Buffer pu = patchesOf(s, c.x(), n0, m, u);
                for (int j = 0; j < m; j++) {
                    Blas.gemm(false, true, to - from, s.patch(), t, 1, at(c.dy(), ((long) (n0 + j) * s.cout() + from) * t), t, at(pu, (long) j * t), cols,
                            0, at(rows, (long) (n0 + j) * stride), s.patch());
                }
            });
        } else if (form instanceof ParamForm.ChannelSum<Buffer> cs) {
            if (from != 0 || to != cs.channels()) throw new IllegalArgumentException("a channel sum's rows are written whole");
            channelSums(cs, rows, stride, true, false);
        }
    }

    /**
     * Units [from, to) of sample n's gradient block into a host row at offset + from·unit: a
     * unit is an output row of a dense weight (in values), an output channel of a convolution
     * weight (K values) or one channel of a channel sum.
     */
    void sampleRow(ParamForm<Buffer> form, int n, int from, int to, double[] row, int offset) {
        if (form instanceof ParamForm.Outer<Buffer> o) {
            outerRow(o, n, from, to, row, offset + from * o.in());
        } else if (form instanceof ParamForm.ConvOuter<Buffer> c) {
            ConvShape s = c.shape();
            int t = s.ho() * s.wo(), units = to - from;
            Buffer u = scratch((long) s.patch() * t + (long) units * s.patch());
            Buffer g = at(u, (long) s.patch() * t);
            Map<ConvShape, Kept> byShape = kept.get(c.x());
            Kept k = byShape == null ? null : byShape.get(s);
            Buffer un;
            int ld;
            if (k != null && k.valid) {
                un = at(k.u, (long) n * t);
                ld = s.batch() * t;
            } else {
                patches(s, c.x(), n, 1, u);
                un = u;
                ld = t;
            }
            Blas.gemm(false, true, units, s.patch(), t, 1, at(c.dy(), ((long) n * s.cout() + from) * t), t, un, ld, 0, g, s.patch());
            store(g, units * s.patch(), row, offset + from * s.patch());
        } else if (form instanceof ParamForm.ChannelSum<Buffer> cs) {
            channelSumRow(cs, n, from, to, row, offset + from);
        }
    }

    /** Units of {@link #sampleRow}: rows of a dense weight, output channels of a convolution weight, channels of a sum. */
    static int units(ParamForm<?> form) {
        if (form instanceof ParamForm.Outer<?> o) return o.out();
        if (form instanceof ParamForm.ConvOuter<?> c) return c.shape().cout();
        return ((ParamForm.ChannelSum<?>) form).channels();
    }

    /** row[offset + (o − from)·in + i] ← dy[n][o]·x[n][i] for outputs o in [from, to). */
    abstract void outerRow(ParamForm.Outer<Buffer> form, int n, int from, int to, double[] row, int offset);

    /** row[offset + c − from] ← sample n's sum for channels c in [from, to). */
    abstract void channelSumRow(ParamForm.ChannelSum<Buffer> form, int n, int from, int to, double[] row, int offset);

    /** result[i·ld + col] += Σ_c a[i·cols + c]·b[i·cols + c] for i < rows. */
    abstract void rowDots(Buffer a, Buffer b, int rows, int cols, double[] result, int ld, int col);

    /** Row n at rows + n·ld: (dy_n ⊗ x_n)[from, to) ([out][in], outputs from … to), written once (a GEMM of depth 1 would clear the rows first). */
    abstract void outerRows(ParamForm.Outer<Buffer> form, int from, int to, Buffer rows, int ld);

    /**
     * Per channel, scale·Σ_t dy·x (or Σ_t dy when x is null): per sample into dst + n·ld, or summed
     * over the batch into dst (added when accumulate).
     */
    abstract void channelSums(ParamForm.ChannelSum<Buffer> form, Buffer dst, int ld, boolean perSample, boolean accumulate);
}
