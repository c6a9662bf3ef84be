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
    REPRODUCTION("95% bootstrap interval; the row's note names what was resampled");

    private final String description;

    Uncertainty(String description) { this.description = description; }

    public String description() { return description; }

    /** Whether the metric is written as a {value, …} object. */
    public boolean isObject() { return this != NONE; }
}
