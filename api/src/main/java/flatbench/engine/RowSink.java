package flatbench.engine;

/**
 * Receives per-sample gradient rows one at a time, so n × P never has to be held at once.
 * The array is reused between calls: copy what must outlive the call.
 */
@FunctionalInterface
public interface RowSink {
    /** @param row index of the sample in the batch; @param gradient ∇ℓ_row, length P, flat layout */
    void accept(int row, double[] gradient);
}
