package flatbench.train;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * The update rule of plain SGD or heavy-ball momentum, v ← μv + ∇L, θ ← θ − ηv, with the
 * velocity it owns; {@link #state()} and {@link #restore} carry it through a checkpoint.
 */
final class Sgd implements Stepper {
    static final String KIND = "sgd";

    private final VectorSpace space;
    private final double learningRate;
    private final double momentum;
    private final Vec velocity;

    Sgd(VectorSpace space, double learningRate, double momentum) {
        this.space = space;
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.velocity = momentum > 0 ? space.zeros() : null;
    }

    @Override public void update(Vec theta, Vec grad, long step, GradientOracle more) {
        if (velocity != null) {
            space.scale(velocity, momentum);
            space.axpy(1.0, grad, velocity);
            space.axpy(-learningRate, velocity, theta);
        } else {
            space.axpy(-learningRate, grad, theta);
        }
    }

    @Override public OptimizerState state() { return Stepper.velocityState(KIND, space, velocity); }

    @Override public void restore(OptimizerState s) { Stepper.restoreVelocity(s, KIND, space, velocity); }

    @Override public void close() {
        if (velocity != null) velocity.close();
    }
}
