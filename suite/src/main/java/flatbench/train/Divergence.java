package flatbench.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import flatbench.record.Metric;

/**
 * Why training stopped early: at {@code step}, the loss was not finite or exceeded
 * {@code factor} × the first step's loss. Training stops before that step's update, so the
 * parameters are those that produced the exploding loss.
 *
 * @param step      1-based step whose loss diverged
 * @param loss      that loss
 * @param firstLoss the first step's loss, the reference
 * @param factor    the allowed growth over the first loss ({@link TrainingConfig#divergenceFactor()})
 */
public record Divergence(int step, double loss, double firstLoss, double factor) {
    /** The loss above which training counts as diverged. */
    public double threshold() { return factor * firstLoss; }

    /** One sentence for the user. */
    public String sentence() {
        String what = Double.isFinite(loss)
                ? String.format(Locale.ROOT, "loss %.4g exceeds %.4g, %s times the first step's loss %.4g", loss, threshold(), fmt(factor), firstLoss)
                : "loss " + loss;
        return "training diverged at step " + step + " (" + what + "); lower the learning rate, or raise --divergence-factor if such a loss is expected";
    }

    /** As recorded under {@code metrics.training.divergence}. */
    public Map<String, Object> toMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        Metric.TRAINING_DIVERGED_STEP.put(m, step);
        Metric.TRAINING_DIVERGED_LOSS.put(m, loss);
        Metric.TRAINING_DIVERGED_FIRST_LOSS.put(m, firstLoss);
        Metric.TRAINING_DIVERGED_FACTOR.put(m, factor);
        Metric.TRAINING_DIVERGED_THRESHOLD.put(m, threshold());
        Metric.TRAINING_DIVERGED_REASON.put(m, sentence());
        return m;
    }

    /** Where {@link #toMetrics()} goes inside the training group: "divergence", from the catalogue's paths. */
    public static String keyInTraining() {
        String p = Metric.TRAINING_DIVERGED_STEP.path();
        return p.substring(p.indexOf('.') + 1, p.lastIndexOf('.'));
    }

    private static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }
}
