package flatbench.model;

import java.util.Locale;

/**
 * The per-sample loss ℓ(f, y) on a model's outputs f, averaged over the batch, L = (1/B) Σ ℓ_i.
 * Every engine's δ at the output (∂ℓ/∂f), its R-operator and its Gauss–Newton output Hessian
 * H_out = ∂²ℓ/∂f² follow from the choice:
 * <ul>
 * <li>{@link #CROSS_ENTROPY}: softmax cross-entropy over K ≥ 2 outputs, labels 0..K−1;
 *     ℓ = −log p_y, δ = p − onehot(y), H_out = diag(p) − ppᵀ.</li>
 * <li>{@link #SQUARED}: ℓ = ½‖f − t‖² with t = onehot(y) over K ≥ 2 outputs (labels 0..K−1), or
 *     t = y over a scalar output (labels ±1); δ = f − t, H_out = I.</li>
 * <li>{@link #QUADRATIC_HINGE}: scalar output, labels ±1, Δ = 1 − y f, ℓ = ½ max(0, Δ)²;
 *     δ = −y max(0, Δ), H_out = [Δ > 0]. The second derivative is a step at Δ = 0: exact Hessian
 *     products treat the kink as a set of measure zero (a sample exactly at Δ = 0 counts as
 *     satisfied), so finite differences across it disagree.</li>
 * </ul>
 */
public enum Loss {
    CROSS_ENTROPY("cross-entropy"), SQUARED("squared"), QUADRATIC_HINGE("quadratic-hinge");

    private final String label;

    Loss(String label) { this.label = label; }

    public String label() { return label; }

    /** Parses a {@link #label()}; throws IllegalArgumentException naming the known ones otherwise. */
    public static Loss parse(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        for (Loss l : values()) if (l.label.equals(k)) return l;
        throw new IllegalArgumentException("unknown loss '" + s + "' (use cross-entropy, squared or quadratic-hinge)");
    }

    /** Whether labels are ±1 on one output rather than class indices on several. */
    public static boolean scalar(int outputs) { return outputs == 1; }

    /** Null when the loss is defined on this many outputs; otherwise why not, in one sentence. */
    public String outputsProblem(int outputs) {
        return switch (this) {
            case CROSS_ENTROPY -> outputs >= 2 ? null : "cross-entropy needs at least two outputs, the model has " + outputs;
            case SQUARED -> outputs >= 1 ? null : "the squared loss needs at least one output";
            case QUADRATIC_HINGE -> outputs == 1 ? null : "the quadratic hinge needs a scalar output, the model has " + outputs;
        };
    }

    /** Whether y is a label this loss accepts on a model with this many outputs: ±1 on a scalar output, else 0..outputs−1. */
    public static boolean validLabel(int y, int outputs) {
        return scalar(outputs) ? (y == 1 || y == -1) : (y >= 0 && y < outputs);
    }

    /** The labels the model takes, for messages: "±1" or "0..K−1". */
    public static String labelRange(int outputs) { return scalar(outputs) ? "±1" : "0.." + (outputs - 1); }

    /**
     * Whether a prediction ({@code Engine.probabilities}: softmax probabilities, or the outputs f
     * for the other losses) classifies y right: the sign of f on a scalar output, else the argmax.
     */
    public static boolean correct(double[] prediction, int y) {
        if (scalar(prediction.length)) return (prediction[0] > 0 ? 1 : -1) == y;
        int best = 0;
        for (int c = 1; c < prediction.length; c++) if (prediction[c] > prediction[best]) best = c;
        return best == y;
    }
}
