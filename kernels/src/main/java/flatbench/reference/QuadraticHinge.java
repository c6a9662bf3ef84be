package flatbench.reference;

/**
 * The quadratic hinge ℓ = ½ max(0, Δ)², Δ = 1 − y z, on scalar outputs with labels ±1 (Geiger et
 * al.'s jamming loss). Its second derivative is the step [Δ > 0]: the R-operator uses it as the
 * output Hessian and so treats the kink Δ = 0 as a set of measure zero.
 */
public final class QuadraticHinge {
    private QuadraticHinge() {}

    /** A few float32 operations per output. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-6, 1e-5);

    /** losses[i] ← ½ max(0, Δ_i)²; dz ← −scale·y·max(0, Δ); active[i] ← [Δ_i > 0]. */
    public static void forward(double[] z, int[] labels, double[] losses, double[] dz, double[] active, int batch, double scale) {
        for (int n = 0; n < batch; n++) {
            int y = labels[n];
            double gap = Math.max(0, 1 - y * z[n]);
            losses[n] = 0.5 * gap * gap;
            dz[n] = -y * gap * scale;
            active[n] = gap > 0 ? 1 : 0;
        }
    }

    /** R{δ} ← scale·h ⊙ R{z}, h the diagonal output Hessian ([Δ > 0] here, 1 for the squared loss). */
    public static void rBackward(double[] h, double[] rz, double[] rdz, int n, double scale) {
        for (int i = 0; i < n; i++) rdz[i] = h[i] * rz[i] * scale;
    }
}
