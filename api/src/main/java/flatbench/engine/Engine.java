package flatbench.engine;

import java.util.List;

import flatbench.model.ModelSpec;

/**
 * The contract both engines implement: a model spec with its current parameters, and the
 * primitives every measurement is built on. The loss is the spec's {@link flatbench.model.Loss}
 * (softmax cross-entropy unless the spec says otherwise) averaged over the batch,
 * L = (1/B) Σ ℓ_i. Parameters use the flat layout of {@link ModelSpec}.
 *
 * <p>Engines are not thread-safe. They may own native or device memory: close them.
 */
public interface Engine extends AutoCloseable {
    /** Short engine name as found by {@link Engines}, e.g. "dl4j", "java", "cuda". */
    String name();

    ModelSpec spec();

    Precision precision();

    default long parameterCount() { return spec().parameterCount(); }

    /** Where this engine's parameter-sized vectors live. */
    VectorSpace vectors();

    /** A copy of the current parameters. */
    Vec parameters();

    void setParameters(Vec parameters);

    /** Mean loss over the batch. */
    double loss(Batch batch);

    /** Mean loss; writes ∇L (gradient of the mean loss) into gradOut. */
    double lossAndGradient(Batch batch, Vec gradOut);

    /** Streams g_i = ∇ℓ_i (no 1/B factor) for every sample, in batch order. */
    void perSampleGradients(Batch batch, RowSink sink);

    /**
     * The n × n Gram matrix K_ij = ⟨g_i, g_j⟩ of per-sample gradients, centred as
     * (I − 11ᵀ/n) K (I − 11ᵀ/n) when asked; computed without materialising all of G where the
     * engine can.
     */
    double[][] gram(Batch batch, boolean centred);

    /** The n × k matrix g_iᵀ v_j of per-sample gradients projected onto directions. */
    double[][] project(Batch batch, List<Vec> directions);

    /** out ← H v, H the Hessian of the mean loss on the batch. */
    void hessianVector(Batch batch, Vec v, Vec out);

    /** out ← G v, G the generalised Gauss–Newton matrix of the mean loss (positive semi-definite). */
    void gaussNewtonVector(Batch batch, Vec v, Vec out);

    /** Softmax class probabilities, n × classes, under cross-entropy; the outputs f under the other losses ({@link flatbench.model.Loss#correct}). */
    double[][] probabilities(Batch batch);

    Capabilities capabilities();

    @Override void close();
}
