package flatbench.compare;

/** Outcome of comparing one benchmark between two result sets. */
public enum Verdict {
    /** Better by at least the size factor, and significant. */
    IMPROVED,
    /** Worse by at least the size factor, and significant. */
    REGRESSED,
    /** The medians differ by less than the size factor. */
    UNCHANGED,
    /** The medians differ by at least the size factor, but the samples cannot tell it from noise. */
    INCONCLUSIVE,
    /** The two results measure different things: another benchmark version, machine or precision, or one side is missing. */
    INCOMPARABLE
}
