package flatbench.scenario;

import java.util.Optional;

import flatbench.checkpoint.Checkpoints;
import flatbench.data.Dataset;
import flatbench.engine.Engine;
import flatbench.timing.Timings;

/**
 * What a scenario gets to work with.
 *
 * @param config   the full configuration
 * @param engine   the engine, with the model at its initial parameters
 * @param train    the training set
 * @param test     held-out samples when the data set has them
 * @param timings  each phase's wall time goes here
 * @param listener progress
 * @param saveBatch whether to add the measured samples to the arrays (inputs and labels; the curvature samples too)
 * @param saveEigenvectors whether to add the curvature's and the noise covariance's top eigenvectors to the arrays
 * @param checkpoints where the run saves its progress, and the progress a resumed run continues from
 */
public record RunContext(RunConfig config, Engine engine, Dataset train, Optional<Dataset> test, Timings timings, RunListener listener,
                         boolean saveBatch, boolean saveEigenvectors, Checkpoints checkpoints) {}
