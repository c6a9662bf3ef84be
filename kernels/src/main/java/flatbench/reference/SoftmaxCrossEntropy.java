package flatbench.reference;

/**
 * Softmax cross-entropy on logits [batch][classes] with integer labels. The gradient and its
 * R-operator take a scale: 1/B for the mean loss L = (1/B) Σ ℓ_i, 1 for per-sample gradients
 * ∇ℓ_i. Every method overwrites its outputs.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /** Exponentials and a log-sum-exp per sample in float32. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-6, 1e-5);

    /**
     * probs ← softmax(logits) (max-shifted), losses[i] ← −log p_{i,y_i} (losses may be null);
     * returns the mean loss.
     */
    public static double forward(double[] logits, int[] labels, double[] probs, double[] losses, int batch, int classes) {
        double total = 0;
        for (int n = 0; n < batch; n++) {
            int b = n * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, logits[b + c]);
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                double e = Math.exp(logits[b + c] - max);
                probs[b + c] = e;
                sum += e;
            }
            for (int c = 0; c < classes; c++) probs[b + c] /= sum;
            int y = labels[n];
            if (y < 0 || y >= classes) throw new IllegalArgumentException("label " + y + " of sample " + n + " is outside 0.." + (classes - 1));
            double loss = Math.log(sum) + max - logits[b + y];
            if (losses != null) losses[n] = loss;
            total += loss;
        }
        return total / batch;
    }

    /** dLogits ← (p − onehot(y))·scale. */
    public static void backward(double[] probs, int[] labels, double[] dLogits, int batch, int classes, double scale) {
        for (int n = 0; n < batch; n++) {
            int b = n * classes;
            for (int c = 0; c < classes; c++) dLogits[b + c] = (probs[b + c] - (c == labels[n] ? 1.0 : 0.0)) * scale;
        }
    }

    /** R{δ} ← (p ⊙ R{z} − p (pᵀR{z}))·scale per sample: the softmax Jacobian applied to R{z}. */
    public static void rBackward(double[] probs, double[] rLogits, double[] rdLogits, int batch, int classes, double scale) {
        for (int n = 0; n < batch; n++) {
            int b = n * classes;
            double pr = 0;
            for (int c = 0; c < classes; c++) pr += probs[b + c] * rLogits[b + c];
            for (int c = 0; c < classes; c++) rdLogits[b + c] = probs[b + c] * (rLogits[b + c] - pr) * scale;
        }
    }
}
