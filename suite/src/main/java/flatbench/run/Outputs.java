package flatbench.run;

/**
 * Optional extra files of a run, beside result.json.
 *
 * @param prometheus  the run's Micrometer meters in Prometheus text format (metrics.prom)
 * @param weights     the final parameters (weights.npy, flat layout of the model spec)
 * @param batch       the samples the measurements used (measured_inputs.npy, measured_labels.npy; the
 *                    alignment scenario adds curvature_indices.npy and, unless they are the whole
 *                    training set, curvature_inputs.npy and curvature_labels.npy)
 * @param eigenvectors the curvature's top eigenvectors (hessian_eigenvectors.npy, P × k) and the noise
 *                    covariance's (noise_eigenvectors.npy, P × k), alignment scenario
 */
public record Outputs(boolean prometheus, boolean weights, boolean batch, boolean eigenvectors) {
    public static final Outputs DEFAULT = new Outputs(false, false, false, false);

    /** As a checkpoint keeps them, so that a resumed run writes the same files. */
    public java.util.Map<String, Object> toMap() {
        return java.util.Map.of("prometheus", prometheus, "weights", weights, "batch", batch, "eigenvectors", eigenvectors);
    }

    public static Outputs fromMap(java.util.Map<String, Object> m) {
        return new Outputs(Boolean.TRUE.equals(m.get("prometheus")), Boolean.TRUE.equals(m.get("weights")),
                Boolean.TRUE.equals(m.get("batch")), Boolean.TRUE.equals(m.get("eigenvectors")));
    }
}
