package flatbench.run;

/**
 * Optional extra files of a run, beside result.json.
 *
 * @param prometheus  the run's Micrometer meters in Prometheus text format (metrics.prom)
 * @param weights     the final parameters (weights.npy, flat layout of the model spec)
 * @param batch       the samples the measurements used (measured_inputs.npy, measured_labels.npy)
 */
public record Outputs(boolean prometheus, boolean weights, boolean batch) {
    public static final Outputs DEFAULT = new Outputs(false, false, false);
}
