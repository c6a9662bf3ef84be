package flatbench.record;

/** Which way a metric or benchmark gets better; compare uses it to tell an improvement from a regression. */
public enum Direction {
    /** Larger is better (throughput, accuracy). */
    HIGHER,
    /** Smaller is better (time, loss). */
    LOWER,
    /** Neither direction is better (a measured property such as a slope). */
    NEITHER
}
