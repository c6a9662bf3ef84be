package flatbench.scenario;

/** What a run does when training diverges ({@link flatbench.train.Divergence}); either way the run is recorded as failed. */
public enum OnDivergence {
    /** Stop: keep what was measured before, measure nothing on the diverged model. */
    STOP("stop"),
    /** Measure the diverged model anyway, as it stood at the diverged step (to study it). */
    MEASURE("measure");

    private final String label;

    OnDivergence(String label) { this.label = label; }

    public String label() { return label; }

    public static OnDivergence parse(String s) {
        for (OnDivergence v : values()) if (v.label.equalsIgnoreCase(s)) return v;
        throw new IllegalArgumentException("unknown choice '" + s + "' (use stop or measure)");
    }
}
