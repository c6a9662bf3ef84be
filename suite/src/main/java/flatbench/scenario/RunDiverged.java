package flatbench.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import flatbench.record.Metric;
import flatbench.record.MetricTree;
import flatbench.train.Divergence;

/**
 * Training diverged and the run stops ({@link OnDivergence#STOP}). Carries what the run measured
 * until then, for a result that is kept and marked failed; the message is the one sentence
 * naming the step.
 */
public final class RunDiverged extends RuntimeException {
    private final transient ScenarioResult partial;

    RunDiverged(Divergence d, ScenarioResult partial) {
        super(d.sentence());
        this.partial = partial;
    }

    /** What was measured before the divergence: training metrics and losses, and whatever a scenario added. */
    public ScenarioResult partial() { return partial; }

    /** The same failure with more of what was measured before it (e.g. earlier checkpoints), at the top of the metrics. */
    public RunDiverged with(String metric, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(partial.metrics());
        m.put(metric, value);
        RunDiverged r = new RunDiverged(getMessage(), new ScenarioResult(m, partial.arrays(), partial.summary()));
        r.setStackTrace(getStackTrace());
        return r;
    }

    private RunDiverged(String message, ScenarioResult partial) {
        super(message);
        this.partial = partial;
    }

    /**
     * The sentence of a divergence recorded in a scenario's result (training continued to be
     * measured, {@link OnDivergence#MEASURE}); empty when training did not diverge.
     */
    public static Optional<String> recordedIn(ScenarioResult r) {
        return MetricTree.get(r.metrics(), Metric.TRAINING_DIVERGED_REASON.path()).map(String::valueOf);
    }

    static ScenarioResult partialOf(Map<String, Object> training, double[] losses, Divergence d) {
        String summary = losses.length == 0 ? "training diverged at its first step"
                : String.format(java.util.Locale.ROOT, "trained %d steps before diverging: loss %.4f → %.4f", losses.length, losses[0], losses[losses.length - 1]);
        return new ScenarioResult(Map.of("training", training), Map.of("training_loss", losses), List.of(summary));
    }
}
