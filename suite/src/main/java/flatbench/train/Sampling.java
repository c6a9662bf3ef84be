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

    /** Factor multiplying C/B for the covariance of one step's gradient noise, batches of B drawn from n samples. */
    public double finitePopulationFactor(long n, int batch) {
        if (this == WITH_REPLACEMENT) return 1.0;
        if (n <= 1) return 0.0;
        if (batch > n) throw new IllegalArgumentException("step batch size " + batch + " exceeds the " + n + " samples it is drawn from");
        return (double) (n - batch) / (n - 1);
    }

    public static Sampling parse(String s) {
        for (Sampling v : values()) if (v.label.equalsIgnoreCase(s) || v.name().equalsIgnoreCase(s)) return v;
        throw new IllegalArgumentException("unknown sampling '" + s + "' (use with-replacement or without-replacement)");
    }
}
