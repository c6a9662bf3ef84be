package flatbench.train;

import flatbench.engine.Vec;

/** Mini-batch gradients on demand, for update rules that take more than one per step (Entropy-SGD). */
@FunctionalInterface
public interface GradientOracle {
    /** Writes the gradient at the point on the next mini-batch into grad and returns that batch's loss. */
    double at(Vec point, Vec grad);
}
