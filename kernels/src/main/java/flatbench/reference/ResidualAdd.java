package flatbench.reference;

/**
 * The join of a residual block, y = a + b. Its backward hands dy to both branches unchanged,
 * and the two branches' input gradients join with this same addition; its R-passes add too.
 */
public final class ResidualAdd {
    private ResidualAdd() {}

    /** One rounding per element. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-7, 1e-6);

    /** y ← a + b (y may alias a or b). */
    public static void forward(double[] a, double[] b, double[] y, int count) {
        for (int i = 0; i < count; i++) y[i] = a[i] + b[i];
    }
}
