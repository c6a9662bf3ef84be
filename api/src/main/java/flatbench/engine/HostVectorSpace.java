package flatbench.engine;

import java.util.SplittableRandom;

/** Parameter vectors as double arrays on the host. */
public final class HostVectorSpace implements VectorSpace {
    private final int n;

    public HostVectorSpace(long dimension) {
        if (dimension <= 0 || dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("host vectors hold 1.." + (Integer.MAX_VALUE - 8) + " elements, not " + dimension);
        }
        this.n = (int) dimension;
    }

    /** A host vector: a view of its array. */
    public record HostVec(double[] data) implements Vec {
        public long length() { return data.length; }
    }

    public long dimension() { return n; }

    public HostVec zeros() { return new HostVec(new double[n]); }

    public HostVec fromHost(double[] values) {
        check(values.length);
        return new HostVec(values.clone());
    }

    public double[] toHost(Vec v) { return data(v).clone(); }

    /** The array behind a host vector, without copying. */
    public double[] data(Vec v) {
        if (!(v instanceof HostVec h)) throw new IllegalArgumentException("not a host vector: " + v.getClass().getSimpleName());
        check(h.data.length);
        return h.data;
    }

    public void assign(Vec dst, Vec src) { System.arraycopy(data(src), 0, data(dst), 0, n); }

    public double dot(Vec a, Vec b) { return blockDot(data(a), data(b), 0, n); }

    /** Basis entries handled per sweep of one cache-sized block of w. */
    private static final int BLOCK = 2048;

    /**
     * Classical Gram–Schmidt by blocks of w: every coefficient bᵀw first, then the update, each a
     * single sweep over the basis while the block of w stays in cache. Modified Gram–Schmidt
     * would stream all of w once per basis vector, and the parameter-sized vectors of a long
     * Lanczos run do not fit in cache: this moves about a third of the memory.
     */
    @Override public void orthogonalise(java.util.List<Vec> basis, Vec w) {
        int k = basis.size();
        if (k == 0) return;
        double[][] q = new double[k][];
        for (int j = 0; j < k; j++) q[j] = data(basis.get(j));
        double[] x = data(w), h = new double[k];
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            for (int j = 0; j < k; j++) h[j] += blockDot(q[j], x, from, to);
        }
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            for (int j = 0; j < k; j++) {
                double c = -h[j];
                double[] b = q[j];
                for (int i = from; i < to; i++) x[i] += c * b[i];
            }
        }
    }

    /**
     * Σ a[i]·b[i] over [from, to) in four partial sums: one chain of dependent additions would wait
     * on each add's latency (Lanczos re-orthogonalisation is mostly dot products).
     */
    private static double blockDot(double[] a, double[] b, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < to; i++) s0 += a[i] * b[i];
        return (s0 + s1) + (s2 + s3);
    }

    public void axpy(double a, Vec x, Vec y) {
        double[] xs = data(x), ys = data(y);
        for (int i = 0; i < n; i++) ys[i] += a * xs[i];
    }

    public void scale(Vec v, double a) {
        double[] x = data(v);
        for (int i = 0; i < n; i++) x[i] *= a;
    }

    public void multiplyAccumulate(Vec a, Vec b, Vec out) {
        double[] x = data(a), y = data(b), o = data(out);
        for (int i = 0; i < n; i++) o[i] += x[i] * y[i];
    }

    @Override public void addRatio(double a, Vec x, Vec v, double epsilon, Vec y) {
        double[] xs = data(x), vs = data(v), ys = data(y);
        for (int i = 0; i < n; i++) ys[i] += a * xs[i] / (Math.sqrt(vs[i]) + epsilon);
    }

    public void fillGaussian(Vec v, long seed) {
        double[] x = data(v);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i += 2) {
            // Box–Muller: two normals per two uniforms.
            double u1 = 1.0 - r.nextDouble(), u2 = r.nextDouble();
            double rad = Math.sqrt(-2 * Math.log(u1));
            x[i] = rad * Math.cos(2 * Math.PI * u2);
            if (i + 1 < n) x[i + 1] = rad * Math.sin(2 * Math.PI * u2);
        }
    }

    public void fillRademacher(Vec v, long seed) {
        double[] x = data(v);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) x[i] = r.nextBoolean() ? 1.0 : -1.0;
    }

    private void check(int len) {
        if (len != n) throw new IllegalArgumentException("vector has " + len + " elements, space has " + n);
    }

    @Override public String toString() { return "HostVectorSpace[" + n + "]"; }
}
