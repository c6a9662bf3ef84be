package flatbench.reference;

/**
 * Element-wise max(0, x). Its R-forward and R-backward are both {@link #backward} (φ′ is the
 * mask x > 0 and φ″ = 0), applied to R{x} and R{dy}. Every method overwrites its output.
 */
public final class Relu {
    private Relu() {}

    /** Exact in any precision: a comparison and a copy. */
    public static final Tolerance TOLERANCE = new Tolerance(0, 0);

    public static void forward(double[] x, double[] y, int count) {
        for (int i = 0; i < count; i++) y[i] = x[i] > 0 ? x[i] : 0.0;
    }

    /** dx ← dy where x > 0, else 0 (x is the forward input). */
    public static void backward(double[] x, double[] dy, double[] dx, int count) {
        for (int i = 0; i < count; i++) dx[i] = x[i] > 0 ? dy[i] : 0.0;
    }
}
