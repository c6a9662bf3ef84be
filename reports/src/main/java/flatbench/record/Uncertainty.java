package flatbench.record;

/**
 * How a metric's uncertainty is given. Every metric with one is written as an object
 * {@code {"value": v, "ci95": [lo, hi], "splitHalves": [a, b]}} (arrays: value, lo, hi, a and b
 * are arrays); {@code ci95} or {@code splitHalves} is left out where it does not apply.
 */
public enum Uncertainty {
    /** A count, a setting, a time or a diagnostic: no interval. */
    NONE("—"),
    /** Percentile bootstrap over the noise samples (rows of the projections and of the centred Gram). */
    BOOTSTRAP("95% bootstrap over the noise samples"),
    /**
     * For a metric that divides by or multiplies with tr H: the bootstrap resamples the noise
     * samples and, jointly, the Hutchinson probes tr H is the mean of (independent errors).
     */
    BOOTSTRAP_AND_PROBES("95% bootstrap over the noise samples and the Hutchinson probes of tr H"),
    /** The bootstrap interval, and the values on two halves of the curvature data when those are a sample. */
    BOOTSTRAP_AND_SPLIT_HALF("95% bootstrap over the noise samples; split halves when the curvature data are a sample"),
    /** Depends on the noise samples only through nothing: the values on two halves of the curvature data when those are a sample. */
    SPLIT_HALF("split halves when the curvature data are a sample (exact on the whole training set)"),
    /** ±1.96 standard errors over Hutchinson's probes (0 when exact). */
    PROBES("95% normal interval over the Hutchinson probes"),
    /** ±1.96 robust standard errors of the fit. */
    FIT("95% normal interval of the fit (robust standard error)"),
    /** Percentile bootstrap over the principal directions of a weight trajectory (the points of a fit). */
    DIRECTIONS("95% bootstrap over the principal directions in the fit"),
    /** Percentile bootstrap over the independent runs of an ensemble, each setting's runs resampled separately. */
    RUNS("95% bootstrap over the independent runs of each setting"),
    /** A reproduction row ({@link Reproduction}): its ci95 is a bootstrap whose resampling unit the row's note names. */
    REPRODUCTION("95% bootstrap interval; the row's note names what was resampled"),
    /** Percentile bootstrap over the random start vectors of stochastic Lanczos quadrature (not the quadrature's own resolution). */
    SLQ_PROBES("95% bootstrap over the SLQ probe vectors"),
    /** Percentile bootstrap over the seeds (initial weights) and, crossed with them, the test samples. */
    SEEDS_AND_TEST_SAMPLES("95% bootstrap over the seeds and the test samples");

    private final String description;

    Uncertainty(String description) { this.description = description; }

    public String description() { return description; }

    /** Whether the metric is written as a {value, …} object. */
    public boolean isObject() { return this != NONE; }
}
