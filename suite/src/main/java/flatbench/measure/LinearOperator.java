package flatbench.measure;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;

/** A symmetric linear map on the engine's parameter space, given by its products: out ← A v. */
@FunctionalInterface
public interface LinearOperator {
    void apply(Vec v, Vec out);

    /** The chosen curvature operator of the mean loss on a fixed batch. */
    static LinearOperator of(Engine engine, Batch batch, CurvatureOperator op) {
        op.requireSupportedBy(engine);
        return (v, out) -> op.apply(engine, batch, v, out);
    }
}
