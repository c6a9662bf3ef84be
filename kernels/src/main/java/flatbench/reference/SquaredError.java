package flatbench.reference;

/**
 * The squared loss ℓ = ½‖z − t‖² on outputs [batch][classes]: t = onehot(y) over several outputs,
 * t = y (±1) over a scalar output. The output Hessian is the identity. Every method overwrites
 * its outputs; the gradient takes a scale as {@link SoftmaxCrossEntropy} does.
 */
public final class SquaredError {
    private SquaredError() {}

    /** A few float32 operations per output. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-6, 1e-5);

    /** The target of output c of a sample labelled y. */
    static double target(int y, int c, int classes) { return classes == 1 ? y : (c == y ? 1.0 : 0.0); }

    /** losses[i] ← ½‖z_i − t_i‖²; dz ← scale·(z − t). */
    public static void forward(double[] z, int[] labels, double[] losses, double[] dz, int batch, int classes, double scale) {
        for (int n = 0; n < batch; n++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                int k = n * classes + c;
                double r = z[k] - target(labels[n], c, classes);
                sum += r * r;
                dz[k] = r * scale;
            }
            losses[n] = 0.5 * sum;
        }
    }
}
