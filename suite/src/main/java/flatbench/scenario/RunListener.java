package flatbench.scenario;

import flatbench.checkpoint.CheckpointListener;
import flatbench.measure.ProgressListener;
import flatbench.train.TrainingListener;

/** Everything a run reports while it works: training steps, measurement progress and checkpoints. */
public interface RunListener extends TrainingListener, ProgressListener, CheckpointListener {
    RunListener NONE = new RunListener() {
        public void step(int step, int totalSteps, double loss, double secondsSoFar) {}
        public void update(String phase, long done, long total) {}
    };
}
