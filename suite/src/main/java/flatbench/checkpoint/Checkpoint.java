package flatbench.checkpoint;

import java.util.Map;

import flatbench.record.MetricTree;
import flatbench.train.TrainingState;

/**
 * A run's progress: the training state and what the scenario measured so far, with what it
 * must match to be continued ({@link RunIdentity}).
 *
 * @param measurements the scenario's measurements so far, in the form result.json holds them
 */
public record Checkpoint(RunIdentity identity, TrainingState training, Map<String, Object> measurements) {
    public Checkpoint {
        // The form a result holds: what comes back from the file is then equal to what went in.
        measurements = MetricTree.normalize(measurements);
    }
}
