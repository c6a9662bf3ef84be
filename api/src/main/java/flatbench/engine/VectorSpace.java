package flatbench.engine;

/**
 * Arithmetic on parameter-sized vectors. Lanczos, Hutchinson, SLQ and SGD are written once
 * against this interface. Operations accumulate in at least the engine's precision; dot
 * products and norms return doubles.
 */
public interface VectorSpace {
    long dimension();

    Vec zeros();

    Vec fromHost(double[] values);

    double[] toHost(Vec v);

    default Vec copy(Vec v) {
        Vec c = zeros();
        assign(c, v);
        return c;
    }

    /** dst ← src. */
    void assign(Vec dst, Vec src);

    double dot(Vec a, Vec b);

    /** y ← y + a·x. */
    void axpy(double a, Vec x, Vec y);

    /** v ← a·v. */
    void scale(Vec v, double a);

    default double norm(Vec v) { return Math.sqrt(dot(v, v)); }

    /** out ← out + a ⊙ b (element-wise). */
    void multiplyAccumulate(Vec a, Vec b, Vec out);

    /**
     * y ← y + a · x ⊘ (√v + ε), element-wise: Adam's step. This default goes through host arrays
     * (three copies each way); the CUDA space overrides it with a kernel.
     */
    default void addRatio(double a, Vec x, Vec v, double epsilon, Vec y) {
        double[] xs = toHost(x), vs = toHost(v), ys = toHost(y);
        for (int i = 0; i < ys.length; i++) ys[i] += a * xs[i] / (Math.sqrt(vs[i]) + epsilon);
        try (Vec r = fromHost(ys)) {
            assign(y, r);
        }
    }

    /**
     * One Gram–Schmidt pass: w ← w − Σ_b (bᵀw) b over an orthonormal basis. Lanczos calls it
     * twice per step ("twice is enough"). This default subtracts one vector at a time (modified
     * Gram–Schmidt); a space may compute all coefficients first (classical Gram–Schmidt), which
     * reads the basis in two sweeps and is as accurate when applied twice.
     */
    default void orthogonalise(java.util.List<Vec> basis, Vec w) {
        for (Vec b : basis) axpy(-dot(b, w), b, w);
    }

    /** Fills v with independent N(0,1) draws determined by the seed. */
    void fillGaussian(Vec v, long seed);

    /** Fills v with independent ±1 draws determined by the seed. */
    void fillRademacher(Vec v, long seed);
}
