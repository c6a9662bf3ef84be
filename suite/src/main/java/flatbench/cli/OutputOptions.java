package flatbench.cli;

import flatbench.run.Outputs;
import picocli.CommandLine.Option;

/** The optional extra files of a run, shared by run and rerun. */
final class OutputOptions {
    @Option(names = "--prometheus", order = 1010, description = "also write the run's meters in Prometheus text format (metrics.prom)") boolean prometheus;
    @Option(names = "--save-weights", order = 1011, description = "also write the final parameters (weights.npy)") boolean saveWeights;
    @Option(names = "--save-batch", order = 1012, description = "also write the measured samples (measured_inputs.npy, measured_labels.npy; "
            + "alignment: curvature_indices.npy into the training set, and curvature_inputs.npy, curvature_labels.npy unless it is the whole training set)")
    boolean saveBatch;
    @Option(names = "--save-eigenvectors", order = 1013, description = "alignment: also write the curvature's top eigenvectors "
            + "(hessian_eigenvectors.npy, P × k, columns in the order of hessian.topEigenvalues) and the noise covariance's (noise_eigenvectors.npy, P × k)")
    boolean saveEigenvectors;

    Outputs outputs() { return new Outputs(prometheus, saveWeights, saveBatch, saveEigenvectors); }
}
