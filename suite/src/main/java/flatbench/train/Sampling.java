package flatbench.train;

/**
 * How mini-batches are drawn from the training set. It changes the noise of one step: with
 * replacement the step noise covariance is C/B; without replacement (epoch-wise shuffling) it is
 * C/B·(n−B)/(n−1). Every result records which was used.
 */
public enum Sampling {
    WITH_REPLACEMENT("with-replacement"),
    WITHOUT_REPLACEMENT("without-replacement");

    private final String label;

    Sampling(String label) { this.label = label; }

    public String label() { return label; }

    /** Factor multiplying C/B for the covariance of one step's gradient noise. */
    public double finitePopulationFactor(int n, int batch) {
        return this == WITH_REPLACEMENT || n <= 1 ? 1.0 : (double) (n - batch) / (n - 1);
    }

    public static Sampling parse(String s) {
        for (Sampling v : values()) if (v.label.equalsIgnoreCase(s) || v.name().equalsIgnoreCase(s)) return v;
        throw new IllegalArgumentException("unknown sampling '" + s + "' (use with-replacement or without-replacement)");
    }
}
