package flatbench.benchmark;

/**
 * The work items {@code flatbench bench} times, in order, by the name every harness records
 * ("{model}/{label}"), so the CPU and GPU results of one model line up name by name.
 */
public enum Work {
    /** Mean loss and its gradient. */
    FORWARD_BACKWARD("forward-backward"),
    /** Every per-sample gradient (streamed row by row, or materialised on the device). */
    PER_SAMPLE_GRADIENTS("per-sample-gradients"),
    /** The centred B × B Gram matrix of the per-sample gradients. */
    NOISE_GRAM("noise-gram"),
    /** Projections of the per-sample gradients onto {@link BenchConfig#projections()} directions. */
    PROJECTION("projection"),
    /** One Hessian-vector product. */
    HVP("hvp"),
    /** A top-k Lanczos solve of fixed length on the Hessian; timed {@link BenchConfig#lanczosIterations()} times. */
    LANCZOS_TOP_K("lanczos-top-k");

    private final String label;

    Work(String label) { this.label = label; }

    public String label() { return label; }

    /** The recorded benchmark name of this work on a model. */
    public String nameOn(String model) { return model + "/" + label; }
}
